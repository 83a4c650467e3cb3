package io.tilekv.service.internal;

import static java.util.Objects.requireNonNull;

import io.tilekv.fetcher.GroupByRegistry;
import io.tilekv.tiling.GroupBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GroupBy files of one directory ({@code *.yaml}, {@code *.yml}, {@code *.json}, as
 * {@link GroupByRegistry#load}), reloaded when they change. A file that does not parse, or that
 * defines a name another file already defines, is reported in {@link #problems()} and the last
 * good definition of that file keeps serving; a deleted file stops being served. Thread-safe:
 * {@link #registry()} is one volatile read.
 */
public final class GroupBySource {
  private static final Logger LOG = LoggerFactory.getLogger(GroupBySource.class);

  /** The state of one file: its stamp when last read, and its last good definition. */
  private record FileState(FileTime modified, long size, GroupBy good, String problem) {}

  private final Path dir;
  private final Map<Path, FileState> files = new TreeMap<>();
  private volatile GroupByRegistry registry = GroupByRegistry.of(List.of());
  private volatile Map<String, String> problems = Map.of();
  private long reloads;

  public GroupBySource(Path dir) {
    this.dir = requireNonNull(dir, "dir is null");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("GroupBy directory " + dir + " does not exist or is not a directory");
    }
  }

  /** The GroupBys served now. */
  public GroupByRegistry registry() {
    return registry;
  }

  /** File -> why its current content is not served, for files that have a problem now. */
  public Map<String, String> problems() {
    return problems;
  }

  /** How many times a change was applied (the first load included). */
  public synchronized long reloads() {
    return reloads;
  }

  /**
   * Reads the files that changed since the last call and publishes the new registry.
   *
   * @return true if anything changed
   * @throws UncheckedIOException if the directory cannot be listed (the previous registry stays)
   */
  public synchronized boolean refresh() {
    List<Path> present = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(Files::isRegularFile).filter(GroupBySource::isGroupByFile).sorted().forEach(present::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list GroupBy directory " + dir, e);
    }
    boolean changed = files.keySet().retainAll(present);
    for (Path file : present) {
      FileState before = files.get(file);
      FileTime modified;
      long size;
      try {
        modified = Files.getLastModifiedTime(file);
        size = Files.size(file);
      } catch (IOException e) { // deleted between listing and reading: the next refresh sees it
        continue;
      }
      if (before != null && before.modified().equals(modified) && before.size() == size) {
        continue;
      }
      changed = true;
      GroupBy previous = before == null ? null : before.good();
      try {
        files.put(file, new FileState(modified, size, GroupBy.parse(file), null));
      } catch (IOException | RuntimeException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("GroupBy file {} is not valid; {}: {}", file,
            previous == null ? "not served" : "still serving its previous definition", why);
        files.put(file, new FileState(modified, size, previous, why));
      }
    }
    if (changed) {
      publish();
      reloads++;
    }
    return changed;
  }

  private void publish() {
    Map<String, GroupBy> byName = new LinkedHashMap<>();
    Map<String, Path> source = new LinkedHashMap<>();
    Map<String, String> now = new LinkedHashMap<>();
    for (Map.Entry<Path, FileState> e : files.entrySet()) {
      FileState s = e.getValue();
      if (s.problem() != null) {
        now.put(e.getKey().toString(), s.problem());
      }
      if (s.good() == null) {
        continue;
      }
      Path other = source.putIfAbsent(s.good().name(), e.getKey());
      if (other != null) {
        String why = "GroupBy name '" + s.good().name() + "' is already defined in " + other;
        LOG.warn("GroupBy file {} is not served: {}", e.getKey(), why);
        now.put(e.getKey().toString(), why);
        continue;
      }
      byName.put(s.good().name(), s.good());
    }
    registry = GroupByRegistry.of(byName.values());
    problems = Collections.unmodifiableMap(now);
    LOG.info("serving GroupBys {} from {}{}", byName.keySet(), dir, now.isEmpty() ? "" : "; problems: " + now.keySet());
  }

  private static boolean isGroupByFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }
}
