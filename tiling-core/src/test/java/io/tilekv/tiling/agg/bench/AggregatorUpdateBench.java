package io.tilekv.tiling.agg.bench;

import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.agg.Aggregator;
import io.tilekv.tiling.agg.Aggregators;
import io.tilekv.tiling.agg.Operation;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The writer's hot path: cost of {@link Aggregator#update} per event, per operation. Compare the
 * operations by their ratio to COUNT measured in the same run (absolute figures depend on the
 * machine).
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -q -pl tiling-core test-compile exec:exec -Pbench -Dbench.args="-f 1 -wi 3 -i 5"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AggregatorUpdateBench {
  private static final int EVENTS = 4096;

  /** Operation name; sketches use their default args. */
  @Param({"COUNT", "SUM", "LAST", "APPROX_UNIQUE_COUNT", "APPROX_PERCENTILE", "APPROX_FREQUENT_K"})
  public String op;

  private Aggregator<Object> aggregator;
  private Object ir;
  private final Object[] values = new Object[EVENTS];
  private final long[] timestamps = new long[EVENTS];

  @Setup(Level.Trial)
  public void events() {
    Operation operation = Operation.valueOf(op);
    // Numeric input for all, so every operation sees the same boxed values (as Rows hold them).
    ColumnType type = operation == Operation.APPROX_PERCENTILE ? ColumnType.DOUBLE : ColumnType.LONG;
    aggregator = Aggregators.create(operation, type, Map.of());
    SplittableRandom random = new SplittableRandom(42);
    long ts = 1_700_000_000_000L;
    for (int i = 0; i < EVENTS; i++) {
      long v = random.nextLong(100_000); // many distinct values: sketches leave exact mode
      values[i] = type == ColumnType.DOUBLE ? (Object) (double) v : (Object) v;
      ts += random.nextInt(1000);
      timestamps[i] = ts;
    }
  }

  /** A fresh IR per iteration: a tile's IR lives for one tile, not forever. */
  @Setup(Level.Iteration)
  public void freshIr() {
    ir = aggregator.init();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Object updatePerEvent() {
    Aggregator<Object> a = aggregator;
    Object state = ir;
    for (int i = 0; i < EVENTS; i++) {
      state = step(a, state, values[i], timestamps[i]);
    }
    ir = state;
    return state;
  }

  /**
   * One update behind a call the JIT may not inline. In the writer, update is called from a loop
   * over a GroupBy's aggregators, a megamorphic call site that is not inlined either; inlined
   * here, COUNT's loop would be folded into one addition and stop being a baseline.
   */
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static Object step(Aggregator<Object> a, Object ir, Object value, long ts) {
    return a.update(ir, value, ts);
  }

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .parent(new org.openjdk.jmh.runner.options.CommandLineOptions(args))
        .include(AggregatorUpdateBench.class.getSimpleName())
        .build();
    new Runner(options).run();
  }
}
