package io.tilekv.cli;

import io.tilekv.spi.plugin.StorePlugins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --plugins DIR}, mixed into every command that opens a store. {@link TileKv} loads the
 * plugins of {@link #directories()} before such a command runs and installs them for its JVM, so
 * every store lookup of the command (the writer's local job, the fetcher, the conformance kit)
 * finds the adapters dropped there.
 */
final class PluginOptions {
  /** The name the mixin is registered under; {@link TileKv} looks it up by this name. */
  static final String NAME = "plugins";
  /** The system property bin/tilekv sets to the installation root; its {@code plugins/} is the default. */
  static final String HOME_PROPERTY = "tilekv.home";

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "A directory of store plugins (repeatable). Also searched: the directories in $"
          + StorePlugins.ENV + " and plugins/ of the TileKV installation.")
  List<Path> options = new ArrayList<>();

  /** The option's directories, then $TILEKV_PLUGINS's, then the installation's plugins/ if present. */
  List<Path> directories() {
    return directories(options);
  }

  /** {@code explicit}, then the directories of $TILEKV_PLUGINS, then the installation's plugins/ if present. */
  static List<Path> directories(List<Path> explicit) {
    String home = System.getProperty(HOME_PROPERTY);
    return StorePlugins.directories(explicit, System.getenv(StorePlugins.ENV),
        home == null || home.isBlank() ? null : Path.of(home, "plugins"));
  }
}
