package io.tilekv.cli;

import io.tilekv.conformance.ConformanceRunner;
import io.tilekv.conformance.e2e.EndToEndGroup;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.jar.JarFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tilekv conformance}: the conformance kit against any store, by URI. */
@Command(name = "conformance",
    description = {
        "Runs the conformance kit against the store at URI and ends with a line"
            + " '<n> passed, <n> failed, <n> skipped'.",
        "Exit code 0 when nothing failed, 1 when a test failed, 2 when the store cannot be opened."},
    mixinStandardHelpOptions = true, versionProvider = TileKv.Version.class)
final class ConformanceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin(name = PluginOptions.NAME)
  PluginOptions plugins;

  @Option(names = "--store", required = true, paramLabel = "URI",
      description = "The store under test, e.g. memory:, rocksdb:/tmp/kit, redis://127.0.0.1:6379.")
  String store;

  @Option(names = "--jar", paramLabel = "ADAPTER.jar",
      description = "A jar with a store provider (or more test groups) to load on the class path;"
          + " repeatable. Adapters packaged as plugins need no option: see --plugins.")
  List<Path> jars = new ArrayList<>();

  @Option(names = "--share-instance",
      description = "Give every test client a client of one store instance (for embedded stores that"
          + " cannot be opened twice; memory: and rocksdb: always share).")
  boolean shareInstance;

  @Option(names = "--unreachable", paramLabel = "URI",
      description = "The same kind of store where nothing answers, with a short timeout (e.g."
          + " redis://127.0.0.1:1?timeout=1s), to check it fails typed and in time; skipped without it.")
  String unreachable;

  @Option(names = "--contract-only",
      description = "Run only the store contract, not the end-to-end group (writer -> store -> fetcher"
          + " against a brute-force oracle, about 30 s on a local Flink).")
  boolean contractOnly;

  @Option(names = {"-v", "--verbose"}, description = "Print the stack trace of every failure.")
  boolean verbose;

  @Override
  public Integer call() {
    for (Path jar : jars) {
      String problem = notAJar(jar);
      if (problem != null) {
        spec.commandLine().getErr().println("conformance: --jar " + jar + ": " + problem);
        spec.commandLine().getErr().flush();
        return 2;
      }
    }
    // Opened here once so that the error is redacted as every command's is: the runner's own check
    // masks the URI but prints the provider's message as it comes.
    try (URLClassLoader loader = classLoader(); KVStore kv = KVStores.open(store, loader)) {
      Objects.requireNonNull(kv, "store is null");
    } catch (KVStoreException | IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("cannot open store '" + UserErrors.uris(store) + "': "
          + UserErrors.uris(String.valueOf(e.getMessage())));
      spec.commandLine().getErr().flush();
      return 2;
    }
    ConformanceRunner.Builder runner = ConformanceRunner.builder()
        .store(store)
        .shareInstance(shareInstance)
        .verbose(verbose)
        .out(spec.commandLine().getOut())
        .err(spec.commandLine().getErr());
    jars.forEach(runner::jar);
    if (!contractOnly) {
      EndToEndGroup endToEnd = new EndToEndGroup();
      runner.group(endToEnd.name(), endToEnd.testClasses());
    }
    if (unreachable != null) {
      runner.unreachable(unreachable);
    }
    return runner.build().run().exitCode();
  }

  /** Why {@code file} cannot be loaded as a jar, or null if it can. */
  static String notAJar(Path file) {
    if (!Files.isRegularFile(file)) {
      return Files.exists(file) ? "not a file" : "no such jar";
    }
    try (JarFile jar = new JarFile(file.toFile())) {
      return jar.size() == 0 ? "an empty jar" : null;
    } catch (IOException e) {
      return "not a jar (zip) file";
    }
  }

  private URLClassLoader classLoader() {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a jar path: " + jar, e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ConformanceCommand.class.getClassLoader());
  }
}
