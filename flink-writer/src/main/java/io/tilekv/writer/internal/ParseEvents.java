package io.tilekv.writer.internal;

import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.tiling.Row;
import io.tilekv.writer.Rejected;
import io.tilekv.writer.WriterSummary;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses JSON lines into rows of the GroupBy's schema. Malformed lines go to a side output with
 * their reason; events before the cut-over are dropped. Both are counted (metrics and
 * accumulators); neither stops the job.
 */
public final class ParseEvents extends ProcessFunction<String, Row> {
  private static final long serialVersionUID = 1L;

  private final GroupBySpec groupBy;
  private final OutputTag<Rejected> malformedTag;
  private final long cutover;
  private final int maxKeyBytes;
  private transient EventParser parser;
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
    this.groupBy = GroupBySpec.of(groupBy);
    this.malformedTag = malformedTag;
    this.cutover = cutover;
    this.maxKeyBytes = maxKeyBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new EventParser(groupBy.get(), maxKeyBytes);
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
  public void processElement(String line, Context ctx, Collector<Row> out) {
    readMetric.inc();
    read.add(1);
    // Line numbers are per parallel reader (one file each for JSON Lines files read with
    // parallelism 1); the raw line in the side output identifies the event in any case.
    ParsedEvent e = parser.parse(line, ++lineNumber);
    if (e.isMalformed()) {
      malformedMetric.inc();
      malformed.add(1);
      Rejected r = new Rejected(Rejected.Kind.MALFORMED, e.reason(), line, Long.MIN_VALUE, lineNumber);
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
