package io.tilekv.writer.sink.internal;

import io.tilekv.spi.Key;
import io.tilekv.writer.sink.Tile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

/**
 * The sink's buffer of tile writes, keyed by tile: it keeps only the newest write of each tile and
 * never hands out a tile that is already in flight.
 *
 * <p>Why: tiles are whole-value overwrites, so only the last version matters (a hot key's tile
 * written on every event collapses to one write per flush), and an older version must never reach
 * the store after a newer one. Two rules ensure that:
 * <ul>
 *   <li>A tile whose key is in an in-flight request is <em>parked</em> when it reaches the head and
 *       returns to the queue when that request ends ({@link #release}); so one key is never in two
 *       concurrent requests and the store sees its versions in order.
 *   <li>A retried write (added with {@code prioritize}) is dropped when a newer version of its tile
 *       is queued or parked: the newer one supersedes it and is itself retried until written.
 * </ul>
 * Parked tiles are invisible to {@link #size()}, {@link #peek()} and {@link #poll()}, so the
 * writer's flush loops cannot spin on them; {@link #getBufferedState()} includes them.
 *
 * <p>Not thread-safe: used only on the task's mailbox thread.
 */
public final class TileBuffer implements RequestBuffer<Tile> {
  private final ArrayDeque<Key> order = new ArrayDeque<>();
  private final Map<Key, RequestEntryWrapper<Tile>> queued = new HashMap<>();
  private final Map<Key, RequestEntryWrapper<Tile>> parked = new LinkedHashMap<>();
  private final Set<Key> inFlight = new HashSet<>();
  private long queuedBytes;
  private long superseded;

  @Override
  public void add(RequestEntryWrapper<Tile> entry, boolean prioritize) {
    Key key = entry.getRequestEntry().key();
    if (prioritize) {
      if (queued.containsKey(key) || parked.containsKey(key)) {
        superseded++;
        return;
      }
      order.addFirst(key);
      put(key, entry);
      return;
    }
    RequestEntryWrapper<Tile> parkedEntry = parked.get(key);
    if (parkedEntry != null) {
      parked.put(key, entry);
      superseded++;
      return;
    }
    RequestEntryWrapper<Tile> previous = queued.get(key);
    if (previous != null) {
      queuedBytes -= previous.getSize();
      superseded++;
    } else {
      order.addLast(key);
    }
    put(key, entry);
  }

  @Override
  public RequestEntryWrapper<Tile> poll() {
    parkInFlightHead();
    Key key = order.pollFirst();
    if (key == null) {
      return null;
    }
    RequestEntryWrapper<Tile> entry = queued.remove(key);
    queuedBytes -= entry.getSize();
    return entry;
  }

  @Override
  public RequestEntryWrapper<Tile> peek() {
    parkInFlightHead();
    Key key = order.peekFirst();
    return key == null ? null : queued.get(key);
  }

  @Override
  public boolean isEmpty() {
    parkInFlightHead();
    return order.isEmpty();
  }

  @Override
  public int size() {
    parkInFlightHead();
    return order.size();
  }

  @Override
  public long totalSizeInBytes() {
    return queuedBytes;
  }

  /** Queued and parked tiles, queued first in order: what a checkpoint must keep. */
  @Override
  public Collection<RequestEntryWrapper<Tile>> getBufferedState() {
    List<RequestEntryWrapper<Tile>> all = new ArrayList<>(order.size() + parked.size());
    for (Key k : order) {
      all.add(queued.get(k));
    }
    all.addAll(parked.values());
    return all;
  }

  /** Records that {@code batch} was sent; its keys stay in flight until {@link #release}. */
  public void markInFlight(List<Tile> batch) {
    for (Tile t : batch) {
      inFlight.add(t.key());
    }
  }

  /**
   * Ends the request that carried {@code batch}: its keys leave the in-flight set and their parked
   * newer versions go back to the head of the queue.
   *
   * @return true if any parked tile was returned to the queue
   */
  public boolean release(List<Tile> batch) {
    boolean returned = false;
    for (Tile t : batch) {
      Key key = t.key();
      inFlight.remove(key);
      RequestEntryWrapper<Tile> entry = parked.remove(key);
      if (entry != null) {
        order.addFirst(key);
        put(key, entry);
        returned = true;
      }
    }
    return returned;
  }

  /** Writes dropped because a newer version of the same tile replaced them. */
  public long superseded() {
    return superseded;
  }

  /** Number of parked tiles (waiting for their key's request to end). */
  public int parkedCount() {
    return parked.size();
  }

  private void put(Key key, RequestEntryWrapper<Tile> entry) {
    queued.put(key, entry);
    queuedBytes += entry.getSize();
  }

  private void parkInFlightHead() {
    while (!order.isEmpty() && inFlight.contains(order.peekFirst())) {
      Key key = order.pollFirst();
      RequestEntryWrapper<Tile> entry = queued.remove(key);
      queuedBytes -= entry.getSize();
      parked.put(key, entry);
    }
  }
}
