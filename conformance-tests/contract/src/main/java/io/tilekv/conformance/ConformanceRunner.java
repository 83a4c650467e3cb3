package io.tilekv.conformance;

import static java.util.Objects.requireNonNull;

import io.tilekv.conformance.internal.Report;
import io.tilekv.conformance.internal.SuiteExecution;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs the conformance kit against any store named by URI, without writing test code: the
 * {@code contract} group ({@link UriStoreContractTest}) and every other {@link ConformanceGroup}
 * registered or found on the class path. Prints one line per test, a line per group, and ends with
 * exactly {@code <n> passed, <n> failed, <n> skipped}.
 *
 * <p>Adapter jars given with {@link Builder#jar} are loaded by a class loader that is the thread
 * context class loader for the run, so {@link KVStores} finds the providers in them.
 *
 * <p>Exit codes of {@link Result#exitCode()}: 0 when nothing failed, 1 when a test failed or none
 * ran, 2 when the store cannot be opened at all (unknown scheme, bad options, server down) or a jar
 * is missing; the error is printed, for an unknown scheme with the available providers.
 *
 * <p>This is a library without a command line of its own: that is {@code bin/tilekv conformance}.
 * From JUnit, extend {@link KVStoreContractTest} with a fixture, or extend
 * {@link UriStoreContractTest} and set the system property {@value UriStoreFixture#STORE_PROPERTY}
 * to the store's URI.
 */
public final class ConformanceRunner {
  /** The group every run includes. */
  public static final String CONTRACT = "contract";

  private final String uri;
  private final List<Path> jars;
  private final Map<String, List<Class<?>>> groups;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean shareInstance;
  private final String unreachable;

  private ConformanceRunner(Builder b) {
    this.uri = requireNonNull(b.uri, "store uri is not set");
    this.jars = List.copyOf(b.jars);
    this.groups = new LinkedHashMap<>(b.groups);
    this.out = b.out;
    this.err = b.err;
    this.verbose = b.verbose;
    this.shareInstance = b.shareInstance;
    this.unreachable = b.unreachable;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs every group and prints the report; the store is opened only by the tests. */
  public Result run() {
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        err.println("no such jar: " + jar);
        err.flush();
        return new Result(0, 0, 0, 2);
      }
    }
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    String previousUri = System.getProperty(UriStoreFixture.STORE_PROPERTY);
    String previousShare = System.getProperty(UriStoreFixture.SHARE_PROPERTY);
    String previousUnreachable = System.getProperty(UriStoreFixture.UNREACHABLE_PROPERTY);
    try (URLClassLoader loader = new URLClassLoader(urls(jars), ConformanceRunner.class.getClassLoader())) {
      thread.setContextClassLoader(loader);
      System.setProperty(UriStoreFixture.STORE_PROPERTY, uri);
      System.setProperty(UriStoreFixture.SHARE_PROPERTY, Boolean.toString(shareInstance));
      restore(UriStoreFixture.UNREACHABLE_PROPERTY, unreachable);
      if (!canOpen()) {
        return new Result(0, 0, 0, 2);
      }
      Map<String, List<Class<?>>> all = new LinkedHashMap<>(groups);
      discoverGroups(loader, all);
      Report report = new Report(out, verbose);
      out.println("Conformance of " + shown(uri));
      for (Map.Entry<String, List<Class<?>>> group : all.entrySet()) {
        report.startGroup(group.getKey());
        SuiteExecution.run(group.getValue(), report::print);
        report.endGroup();
      }
      return report.finish();
    } catch (IOException e) {
      err.println("cannot close the adapter class loader: " + e);
      return new Result(0, 0, 0, 2);
    } finally {
      thread.setContextClassLoader(previousLoader);
      restore(UriStoreFixture.STORE_PROPERTY, previousUri);
      restore(UriStoreFixture.SHARE_PROPERTY, previousShare);
      restore(UriStoreFixture.UNREACHABLE_PROPERTY, previousUnreachable);
      out.flush();
      err.flush();
    }
  }

  /**
   * The URI without its option values and without a password before {@code @}: which options are
   * secrets only the provider knows, and the report must never print one.
   */
  static String shown(String uri) {
    String masked = uri.replaceAll("(//[^/?@:]*):[^/?@]*@", "$1:****@");
    return masked.replaceAll("([?&][^=&]+)=[^&]*", "$1=****");
  }

  /** Opens and closes the store once, so that a bad URI gives one clear error instead of N failures. */
  private boolean canOpen() {
    try (KVStore store = KVStores.open(uri)) {
      return store != null;
    } catch (KVStoreException e) {
      err.println("cannot open store '" + shown(uri) + "': " + e.getMessage());
      return false;
    } catch (RuntimeException e) {
      err.println("cannot open store '" + shown(uri) + "': " + e);
      return false;
    }
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }

  private static void discoverGroups(ClassLoader loader, Map<String, List<Class<?>>> into) {
    List<ConformanceGroup> found = new ArrayList<>();
    ServiceLoader.load(ConformanceGroup.class, loader).forEach(found::add);
    found.sort(Comparator.comparing(ConformanceGroup::name));
    for (ConformanceGroup g : found) {
      into.putIfAbsent(g.name(), g.testClasses());
    }
  }

  private static URL[] urls(List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a jar path: " + jar, e);
      }
    }
    return urls.toArray(URL[]::new);
  }

  /**
   * The totals of a run.
   *
   * @param exitCode 0 when nothing failed and something ran, 1 otherwise, 2 when the store could not
   *     be opened
   */
  public record Result(int passed, int failed, int skipped, int exitCode) {
    /** The summary line: {@code <n> passed, <n> failed, <n> skipped}. */
    public String summary() {
      return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
  }

  /** Configures a run. The {@code contract} group is present unless replaced with {@link #group}. */
  public static final class Builder {
    private String uri;
    private final List<Path> jars = new ArrayList<>();
    private final Map<String, List<Class<?>>> groups = new LinkedHashMap<>();
    private PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    private boolean verbose;
    private boolean shareInstance;
    private String unreachable;

    private Builder() {
      groups.put(CONTRACT, List.of(UriStoreContractTest.class));
    }

    /** The store under test, e.g. {@code rocksdb:/tmp/kit}. */
    public Builder store(String uri) {
      this.uri = requireNonNull(uri, "uri is null");
      return this;
    }

    /** A jar to load providers (or groups) from. */
    public Builder jar(Path jar) {
      jars.add(requireNonNull(jar, "jar is null"));
      return this;
    }

    /** Adds (or replaces) a group; groups run in the order added, then discovered ones by name. */
    public Builder group(String name, List<Class<?>> testClasses) {
      groups.put(requireNonNull(name, "name is null"), List.copyOf(testClasses));
      return this;
    }

    public Builder out(PrintWriter out) {
      this.out = requireNonNull(out, "out is null");
      return this;
    }

    public Builder err(PrintWriter err) {
      this.err = requireNonNull(err, "err is null");
      return this;
    }

    /** Prints the stack trace of every failure. */
    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /**
     * Gives every test client a client of one store instance, for embedded stores that cannot be
     * opened twice (memory and rocksdb always share; see {@link UriStoreFixture}).
     */
    public Builder shareInstance(boolean share) {
      this.shareInstance = share;
      return this;
    }

    /**
     * A URI of the same store type where nothing answers, with a short timeout, for the check that
     * an unreachable server fails with UNAVAILABLE or TIMEOUT in time; skipped without it.
     */
    public Builder unreachable(String uri) {
      this.unreachable = requireNonNull(uri, "uri is null");
      return this;
    }

    public ConformanceRunner build() {
      return new ConformanceRunner(this);
    }
  }
}
