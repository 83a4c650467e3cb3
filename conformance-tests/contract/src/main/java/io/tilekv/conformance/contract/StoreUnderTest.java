package io.tilekv.conformance.contract;

import static java.util.Objects.requireNonNull;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The store a contract test runs against, with the helpers every part of the suite shares: the
 * current test's fresh dataset, bounded waits on futures, and error capture.
 *
 * <p>Every wait is bounded by {@link StoreFixture#operationTimeout()} plus slack, so a store whose
 * future never completes fails the test with an assertion error instead of hanging the suite.
 * Thread-safe: the concurrency tests call it from many threads.
 */
public final class StoreUnderTest {
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36 - 1) + 1, 36);
  private static final AtomicInteger DATASETS = new AtomicInteger();

  private final StoreFixture fixture;
  private volatile KVStore store;
  private final Duration awaitLimit;
  private final List<KVStore> clients = new ArrayList<>();
  private volatile String dataset;

  private StoreUnderTest(StoreFixture fixture, KVStore store) {
    this.fixture = fixture;
    this.store = store;
    Duration timeout = fixture.operationTimeout();
    Duration half = timeout.dividedBy(2);
    this.awaitLimit = timeout.plus(half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half);
  }

  /** Opens the first client of {@code fixture}; the caller closes it with {@link #close()}. */
  public static StoreUnderTest open(StoreFixture fixture) {
    requireNonNull(fixture, "fixture is null");
    return new StoreUnderTest(fixture, requireNonNull(fixture.open(), "fixture.open() returned null"));
  }

  /** The client the tests use unless they open their own. */
  public KVStore store() {
    return store;
  }

  public StoreFixture fixture() {
    return fixture;
  }

  public StoreCapabilities capabilities() {
    return store.capabilities();
  }

  public boolean supports(Capability capability) {
    return store.capabilities().supports(capability);
  }

  /** How long the kit waits for any one future. */
  public Duration awaitLimit() {
    return awaitLimit;
  }

  /** Starts a test: creates its fresh dataset. */
  public void beginTest() {
    dataset = newDataset();
  }

  /** Ends a test: closes the clients it opened with {@link #openClient()}. */
  public void endTest() {
    List<KVStore> opened;
    synchronized (clients) {
      opened = new ArrayList<>(clients);
      clients.clear();
    }
    for (KVStore c : opened) {
      c.close();
    }
  }

  /**
   * Closes every client, the first one included, lets the fixture reopen the store
   * ({@link StoreFixture#reopen()}) and opens a new first client, as a restarted application would.
   */
  public void reopen() {
    endTest();
    store.close();
    fixture.reopen();
    store = requireNonNull(fixture.open(), "fixture.open() returned null after reopen()");
  }

  /** Closes the first client. */
  public void close() {
    endTest();
    store.close();
  }

  /** The current test's dataset, created and empty when the test starts. */
  public String dataset() {
    if (dataset == null) {
      throw new IllegalStateException("no test is running");
    }
    return dataset;
  }

  /** An id unique to this run of the kit, of lower-case letters and digits. */
  public static String runId() {
    return RUN;
  }

  /** Creates another fresh dataset, unique to this run, and returns its name. */
  public String newDataset() {
    String name = ("kit_" + RUN + "_" + DATASETS.incrementAndGet()).toLowerCase(Locale.ROOT);
    await("createDataset(" + name + ")", store.createDataset(name));
    return name;
  }

  /** Opens one more client of the same store; it is closed when the test ends. */
  public KVStore openClient() {
    KVStore client = requireNonNull(fixture.open(), "fixture.open() returned null");
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  /**
   * Waits for {@code future} within {@link #awaitLimit()}. A failure is rethrown as the store's
   * {@link KVStoreException} when it is one; a future still pending fails the test.
   */
  public <T> T await(String what, CompletableFuture<T> future) {
    requireNonNull(future, what + " returned a null future");
    try {
      return future.get(awaitLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError(what + " did not complete within " + awaitLimit
          + ": a store must fail with TIMEOUT by its configured timeout, never hang", e);
    } catch (ExecutionException e) {
      KVStoreException kv = KVStoreException.unwrap(e);
      if (kv != null) {
        throw kv;
      }
      throw new AssertionError(what + " failed with an error that is not a KVStoreException: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  public void put(List<Entry> entries) {
    put(store, dataset(), entries);
  }

  public void put(Entry... entries) {
    put(List.of(entries));
  }

  public void put(KVStore client, String dataset, List<Entry> entries) {
    await("multiPut of " + entries.size() + " entries", client.multiPut(dataset, entries));
  }

  public List<Optional<byte[]>> get(List<Key> keys) {
    return get(store, dataset(), keys);
  }

  public Optional<byte[]> get(Key key) {
    return get(List.of(key)).get(0);
  }

  public List<Optional<byte[]>> get(KVStore client, String dataset, List<Key> keys) {
    List<Optional<byte[]>> values = await("multiGet of " + keys.size() + " keys", client.multiGet(dataset, keys));
    if (values == null) {
      throw new AssertionError("multiGet returned null instead of a list");
    }
    if (values.size() != keys.size()) {
      throw new AssertionError("multiGet of " + keys.size() + " keys returned " + values.size()
          + " results; the contract is one result per requested key, in request order");
    }
    return values;
  }

  public List<Entry> scan(byte[] partition, long fromInclusive, long toExclusive) {
    return scan(dataset(), partition, fromInclusive, toExclusive);
  }

  public List<Entry> scan(String dataset, byte[] partition, long fromInclusive, long toExclusive) {
    List<Entry> entries = await("scan [" + fromInclusive + ", " + toExclusive + ")",
        store.scan(dataset, partition, fromInclusive, toExclusive));
    if (entries == null) {
      throw new AssertionError("scan returned null instead of a list");
    }
    return entries;
  }

  /**
   * Runs {@code operation} and returns the {@link KVStoreException} it fails with, thrown at once
   * or through its future. Fails the test if it succeeds, fails otherwise, or does not finish in
   * time.
   */
  public KVStoreException failureOf(String what, Supplier<CompletableFuture<?>> operation) {
    CompletableFuture<?> future;
    try {
      future = operation.get();
    } catch (KVStoreException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError(what + " threw " + e + " instead of a KVStoreException", e);
    }
    Object result;
    try {
      result = await(what, future);
    } catch (KVStoreException e) {
      return e;
    }
    throw new AssertionError(what + " succeeded (returned " + describe(result) + ") but was expected to fail");
  }

  /**
   * Runs {@code operation} on {@code client} and checks that it fails with {@code kind} and with
   * the client's name as the error's store name.
   */
  public KVStoreException expectError(KVStore client, KVStoreException.Kind kind, String what,
      Supplier<CompletableFuture<?>> operation) {
    KVStoreException e = failureOf(what, operation);
    if (e.kind() != kind) {
      throw new AssertionError(what + " failed with " + e.kind() + " but the contract requires " + kind, e);
    }
    if (!client.name().equals(e.storeName())) {
      throw new AssertionError(what + ": the error names store '" + e.storeName()
          + "' but must carry the store's name '" + client.name() + "'", e);
    }
    return e;
  }

  private static String describe(Object result) {
    return result instanceof List<?> l ? "a list of " + l.size() : String.valueOf(result);
  }
}
