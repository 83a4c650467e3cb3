package io.tilekv.fetcher;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.GroupBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The GroupBys a {@link Fetcher} serves, by name. Immutable and thread-safe.
 *
 * <p>Names are unique: two GroupBys with the same name are an error naming both sources.
 */
public final class GroupByRegistry {
  private final Map<String, GroupBy> byName;

  private GroupByRegistry(Map<String, GroupBy> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * A registry of the given GroupBys.
   *
   * @throws IllegalArgumentException if two share a name
   */
  public static GroupByRegistry of(GroupBy... groupBys) {
    return of(List.of(groupBys));
  }

  /** See {@link #of(GroupBy...)}. */
  public static GroupByRegistry of(Collection<GroupBy> groupBys) {
    Map<String, GroupBy> byName = new LinkedHashMap<>();
    for (GroupBy g : groupBys) {
      requireNonNull(g, "groupBy is null");
      if (byName.putIfAbsent(g.name(), g) != null) {
        throw new IllegalArgumentException("GroupBy name '" + g.name() + "' is defined twice");
      }
    }
    return new GroupByRegistry(byName);
  }

  /**
   * Loads every GroupBy file ({@code *.yaml}, {@code *.yml}, {@code *.json}) directly inside
   * {@code dir}, in file name order. Other files and subdirectories are ignored.
   *
   * @throws io.tilekv.tiling.GroupByException if a file is not a valid GroupBy (the message names
   *     the file)
   * @throws IllegalArgumentException if two files define the same name (the message names both)
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be read
   */
  public static GroupByRegistry load(Path dir) {
    requireNonNull(dir, "dir is null");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(Files::isRegularFile).filter(GroupByRegistry::isGroupByFile).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list GroupBy directory " + dir, e);
    }
    Map<String, GroupBy> byName = new LinkedHashMap<>();
    Map<String, Path> source = new LinkedHashMap<>();
    for (Path file : files) {
      GroupBy g;
      try {
        g = GroupBy.parse(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read GroupBy file " + file, e);
      }
      Path previous = source.putIfAbsent(g.name(), file);
      if (previous != null) {
        throw new IllegalArgumentException("GroupBy name '" + g.name() + "' is defined twice: in "
            + previous + " and in " + file);
      }
      byName.put(g.name(), g);
    }
    return new GroupByRegistry(byName);
  }

  /**
   * The GroupBy named {@code name}.
   *
   * @throws NoSuchElementException if there is none; the message lists the known names
   */
  public GroupBy get(String name) {
    GroupBy g = byName.get(requireNonNull(name, "name is null"));
    if (g == null) {
      throw new NoSuchElementException("no GroupBy named '" + name + "'; known: " + byName.keySet());
    }
    return g;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The names, in registration (or file name) order. */
  public Set<String> names() {
    return byName.keySet();
  }

  public Collection<GroupBy> groupBys() {
    return byName.values();
  }

  @Override
  public String toString() {
    return "GroupByRegistry" + byName.keySet();
  }

  private static boolean isGroupByFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }
}
