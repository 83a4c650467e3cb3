package io.tilekv.spi.support;

import io.tilekv.spi.KVStoreException.Kind;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The walk over a client exception's causes that adapters use to map it to a
 * {@link io.tilekv.spi.KVStoreException}, so that every adapter picks the same kind from the
 * same mix of causes. Which exception means which kind stays the adapter's.
 */
public final class ErrorCauses {
  private static final int MAX_DESCRIPTION = 600;

  private ErrorCauses() {}

  /** {@link #mostTelling(Throwable, Function, Function)} over causes and suppressed exceptions only. */
  public static Optional<Kind> mostTelling(Throwable root, Function<Throwable, Kind> kindOf) {
    return mostTelling(root, kindOf, t -> List.of());
  }

  /**
   * The most telling kind {@code kindOf} finds in {@code root}, its causes, its suppressed
   * exceptions and what {@code more} adds of each (such as per-node errors a client keeps apart from
   * the cause chain), each looked at once. AUTHENTICATION wins at once, since retrying cannot help;
   * otherwise a specific kind beats THROTTLED, which beats TIMEOUT, which beats UNAVAILABLE, which
   * beats INTERNAL: a wrapper's generic "no node answered" says less than what it wraps. Among
   * equals the first found wins. Empty when {@code kindOf} (null for "no idea") knows none of them.
   */
  public static Optional<Kind> mostTelling(Throwable root, Function<Throwable, Kind> kindOf,
      Function<Throwable, ? extends Collection<? extends Throwable>> more) {
    Kind found = null;
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    todo.add(root);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      Kind k = kindOf.apply(t);
      if (k == Kind.AUTHENTICATION) {
        return Optional.of(k);
      }
      if (k != null && (found == null || rank(k) > rank(found))) {
        found = k;
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      Collections.addAll(todo, t.getSuppressed());
      todo.addAll(more.apply(t));
    }
    return Optional.ofNullable(found);
  }

  private static int rank(Kind k) {
    return switch (k) {
      case INTERNAL -> 0;
      case UNAVAILABLE -> 1;
      case TIMEOUT -> 2;
      case THROTTLED -> 3;
      default -> 4;
    };
  }

  /**
   * The message of {@code t}, then the class and message of each of its causes, in one line of at
   * most 600 characters: some clients nest whole stack dumps in their messages.
   */
  public static String describe(Throwable t) {
    StringBuilder why = new StringBuilder(String.valueOf(t.getMessage()));
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(t);
    for (Throwable c = t.getCause(); c != null && seen.add(c) && why.length() < MAX_DESCRIPTION; c = c.getCause()) {
      why.append(": ").append(c.getClass().getSimpleName()).append(' ').append(c.getMessage());
    }
    return why.length() > MAX_DESCRIPTION ? why.substring(0, MAX_DESCRIPTION) + "..." : why.toString();
  }
}
