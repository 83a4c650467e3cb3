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
  private transient EventParser parser;
  private transient long lineNumber;
  private transient Counter readMetric;
  private transient Counter malformedMetric;
  private transient Counter beforeCutoverMetric;
  private transient LongCounter read;
  private transient LongCounter malformed;
  private transient LongCounter beforeCutover;

  /** {@code cutover}: events with an earlier timestamp are ignored; {@link Long#MIN_VALUE} for none. */
  public ParseEvents(GroupBy groupBy, OutputTag<Rejected> malformedTag, long cutover) {
    this.groupBy = GroupBySpec.of(groupBy);
    this.malformedTag = malformedTag;
    this.cutover = cutover;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new EventParser(groupBy.get());
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
    // Line numbers are per parallel reader; the raw line in the side output identifies the event.
    ParsedEvent e = parser.parse(line, ++lineNumber);
    if (e.isMalformed()) {
      malformedMetric.inc();
      malformed.add(1);
      ctx.output(malformedTag, new Rejected(Rejected.Kind.MALFORMED, e.reason(), line, Long.MIN_VALUE));
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
