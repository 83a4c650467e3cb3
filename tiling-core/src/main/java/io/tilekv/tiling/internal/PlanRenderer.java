package io.tilekv.tiling.internal;

import io.tilekv.tiling.Durations;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.WindowPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The human-readable timeline of {@link TilePlan#toTimeline()}. */
public final class PlanRenderer {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter TIME_S = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd ");

  private PlanRenderer() {}

  public static String timeline(TilePlan plan) {
    LocalDate day = date(plan.at());
    StringBuilder sb = new StringBuilder();
    sb.append("plan at ").append(Instant.ofEpochMilli(plan.at())).append(" (").append(plan.at())
        .append("), times in UTC\n");
    int width = plan.windows().stream().mapToInt(w -> label(w).length()).max().orElse(0);
    for (WindowPlan wp : plan.windows()) {
      String label = label(wp);
      sb.append("  ").append(label).append(" ".repeat(width - label.length()))
          .append(" from ").append(time(wp.start(), day)).append(": ")
          .append(wp.tiles().size()).append(wp.tiles().size() == 1 ? " tile " : " tiles");
      runs(wp.tiles(), day, sb);
      sb.append('\n');
    }
    Map<Long, Integer> bySize = new TreeMap<>();
    for (TileRef t : plan.tiles()) {
      bySize.merge(t.size(), 1, Integer::sum);
    }
    sb.append("  union: ").append(plan.tiles().size()).append(" distinct tiles");
    String sep = " (";
    for (Map.Entry<Long, Integer> e : bySize.entrySet()) {
      sb.append(sep).append(Durations.format(e.getKey())).append(" x").append(e.getValue());
      sep = ", ";
    }
    return sb.append(bySize.isEmpty() ? "" : ")").append('\n').toString();
  }

  private static String label(WindowPlan wp) {
    return wp.window().label() + " (hop " + Durations.format(wp.window().hop()) + ")";
  }

  /** Appends runs of consecutive tiles of equal size: {@code  5m x6 [08:30, 09:00)}. */
  private static void runs(List<TileRef> tiles, LocalDate day, StringBuilder sb) {
    int i = 0;
    while (i < tiles.size()) {
      int j = i;
      while (j + 1 < tiles.size() && tiles.get(j + 1).size() == tiles.get(i).size()
          && tiles.get(j + 1).start() == tiles.get(j).end()) {
        j++;
      }
      sb.append("  ").append(Durations.format(tiles.get(i).size())).append(" x").append(j - i + 1)
          .append(" [").append(time(tiles.get(i).start(), day)).append(", ")
          .append(time(tiles.get(j).end(), day)).append(')');
      i = j + 1;
    }
  }

  private static String time(long millis, LocalDate day) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    String hm = (t.getSecond() != 0 || t.getNano() != 0 ? TIME_S : TIME).format(t);
    return t.toLocalDate().equals(day) ? hm : DATE.format(t) + hm;
  }

  private static LocalDate date(long millis) {
    return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
