package io.tilekv.writer.internal;

import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.tiling.Row;
import io.tilekv.writer.Rejected;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.source.SourceLine;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses JSON lines into rows of the GroupBy's schema. Malformed lines go to a side output with
 * their reason, file and line number; events before the cut-over are dropped. Both are counted
 * (metrics, accumulators and the run's {@link LiveCounts}); neither stops the job.
 */
public final class ParseEvents extends ProcessFunction<SourceLine, Row> {
  private static final long serialVersionUID = 1L;

  private final GroupBySpec groupBy;
  private final OutputTag<Rejected> malformedTag;
  private final long cutover;
  private final int maxKeyBytes;
  private final String runKey;
  private transient EventParser parser;
  private transient LiveCounts live;
  private transient RejectsSample sample;
  private transient long lineNumber;
  private transient Counter readMetric;
  private transient Counter malformedMetric;
  private transient Counter beforeCutoverMetric;
  private transient LongCounter read;
  private transient LongCounter malformed;
  private transient LongCounter beforeCutover;

  /** {@code cutover}: events with an earlier timestamp are ignored; {@link Long#MIN_VALUE} for none. */
  public ParseEvents(GroupBy groupBy, OutputTag<Rejected> malformedTag, long cutover) {
    this(groupBy, malformedTag, cutover, Integer.MAX_VALUE);
  }

  /**
   * @param maxKeyBytes the store's longest key partition: events whose tile keys would be longer
   *     are malformed; {@link Integer#MAX_VALUE} for no check
   */
  public ParseEvents(GroupBy groupBy, OutputTag<Rejected> malformedTag, long cutover, int maxKeyBytes) {
    this(groupBy, malformedTag, cutover, maxKeyBytes, null);
  }

  /** @param runKey the key of the run's {@link LiveCounts}; null for none */
  public ParseEvents(GroupBy groupBy, OutputTag<Rejected> malformedTag, long cutover, int maxKeyBytes,
      String runKey) {
    this.groupBy = GroupBySpec.of(groupBy);
    this.malformedTag = malformedTag;
    this.cutover = cutover;
    this.maxKeyBytes = maxKeyBytes;
    this.runKey = runKey;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new EventParser(groupBy.get(), maxKeyBytes);
    live = LiveCounts.of(runKey);
    sample = new RejectsSample();
    getRuntimeContext().addAccumulator(WriterSummary.REJECTED_SAMPLE, sample);
    readMetric = getRuntimeContext().getMetricGroup().counter(WriterSummary.EVENTS_READ);
    malformedMetric = getRuntimeContext().getMetricGroup().counter(WriterSummary.MALFORMED);
    beforeCutoverMetric = getRuntimeContext().getMetricGroup().counter(WriterSummary.BEFORE_CUTOVER);
    read = getRuntimeContext().getLongCounter(WriterSummary.EVENTS_READ);
    malformed = getRuntimeContext().getLongCounter(WriterSummary.MALFORMED);
    beforeCutover = getRuntimeContext().getLongCounter(WriterSummary.BEFORE_CUTOVER);
  }

  @Override
  public void processElement(SourceLine in, Context ctx, Collector<Row> out) {
    readMetric.inc();
    read.add(1);
    live.read.increment();
    // A source that does not number its lines gets them numbered per parallel reader; the raw
    // line in the side output identifies the event in any case.
    long number = in.number() > 0 ? in.number() : ++lineNumber;
    String line = in.text();
    ParsedEvent e = parser.parse(line, number);
    if (e.isMalformed()) {
      malformedMetric.inc();
      malformed.add(1);
      live.malformed.increment();
      Rejected r = new Rejected(Rejected.Kind.MALFORMED, e.reason(), line, Long.MIN_VALUE, number, in.origin());
      sample.add(r.describe());
      ctx.output(malformedTag, r);
      return;
    }
    Row row = e.row();
    if (row.timestamp() < cutover) {
      beforeCutoverMetric.inc();
      beforeCutover.add(1);
      return;
    }
    out.collect(row);
  }
}
