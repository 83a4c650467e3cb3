package io.tilekv.tiling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.tiling.internal.PlanRenderer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The tiles that answer one query: per window its own minimal cover ({@link #windows()}) and the
 * union of all of them ({@link #tiles()}), which is what a fetcher reads (each tile once).
 *
 * @param at the query time in epoch millis
 * @param tiles the union, ordered by size then start, without duplicates
 * @param windows one plan per GroupBy window, in {@link GroupBy#windows()} order
 */
public record TilePlan(long at, List<TileRef> tiles, List<WindowPlan> windows) {
  // Written with the streaming generator rather than a tree or POJO so the field order is fixed.
  private static final ObjectMapper JSON = new ObjectMapper();

  public TilePlan {
    tiles = List.copyOf(tiles);
    windows = List.copyOf(windows);
  }

  /** The plan of {@code window}, which must be one of the planned windows. */
  public WindowPlan window(Window window) {
    for (WindowPlan wp : windows) {
      if (wp.window().equals(window)) {
        return wp;
      }
    }
    throw new IllegalArgumentException("window " + window + " is not in this plan");
  }

  /**
   * The plan as the command line prints it with {@code plan --json}:
   * {@code {"at":<millis>,"tiles":<union size>,"windows":[{"window":"6h","hop":"5m",
   * "start":<millis>,"tiles":[{"size":"5m","start":<millis>},...]},...]}}.
   */
  public String toJson() {
    StringWriter out = new StringWriter(64 + 40 * tiles.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("at", at);
      g.writeNumberField("tiles", tiles.size());
      g.writeArrayFieldStart("windows");
      for (WindowPlan wp : windows) {
        g.writeStartObject();
        g.writeStringField("window", wp.window().label());
        g.writeStringField("hop", Durations.format(wp.window().hop()));
        g.writeNumberField("start", wp.start());
        g.writeArrayFieldStart("tiles");
        for (TileRef t : wp.tiles()) {
          g.writeStartObject();
          g.writeStringField("size", Durations.format(t.size()));
          g.writeNumberField("start", t.start());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail; only a bug in the generator's use could get here.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A timeline a person can read: one line per window with its runs of equal-size tiles, e.g.
   * {@code 6h (hop 5m) from 08:30: 12 tiles  5m x6 [08:30, 09:00)  1h x6 [09:00, 15:00)}, and the
   * size of the union. Times are UTC; those on the query's day show only the time of day.
   */
  public String toTimeline() {
    return PlanRenderer.timeline(this);
  }
}
