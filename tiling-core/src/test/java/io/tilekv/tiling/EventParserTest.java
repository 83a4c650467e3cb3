package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.agg.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
  static final GroupBy G = GroupBy.builder("events")
      .column("user", ColumnType.STRING).column("ts", ColumnType.LONG).column("n", ColumnType.INT)
      .column("price", ColumnType.DOUBLE).column("ratio", ColumnType.FLOAT)
      .column("vip", ColumnType.BOOLEAN).column("blob", ColumnType.BYTES)
      .keys("user").timestamp("ts")
      .aggregation(Aggregation.of("user", Operation.COUNT, "1h"))
      .build();
  final EventParser parser = new EventParser(G);

  @Test
  void wellFormedLineGivesATypedRow() {
    ParsedEvent e = parser.parse("{\"user\":\"ann\",\"ts\":1700000000000,\"n\":3,\"price\":2,"
        + "\"ratio\":0.5,\"vip\":true,\"blob\":\"AQID\",\"extra\":{\"ignored\":[1,2]}}", 7);
    assertThat(e.isMalformed()).isFalse();
    assertThat(e.lineNumber()).isEqualTo(7);
    Row r = e.row();
    assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(r.get(0)).isEqualTo("ann");
    assertThat(r.get(2)).isEqualTo(3);
    assertThat(r.get(3)).isEqualTo(2.0); // a JSON integer into a double column is fine
    assertThat(r.get(4)).isEqualTo(0.5f);
    assertThat(r.get(5)).isEqualTo(true);
    assertThat((byte[]) r.get(6)).containsExactly(1, 2, 3);
    assertThat(r).isEqualTo(G.row("ann", 1_700_000_000_000L, 3, 2.0, 0.5f, true, new byte[] {1, 2, 3}));
  }

  @Test
  void absentAndNullValuesAreNull() {
    Row r = parser.parse("{\"user\":\"ann\",\"ts\":5,\"n\":null}", 1).row();
    assertThat(r.get(2)).isNull();
    assertThat(r.get(3)).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "not json at all| not JSON: ",
      "[1,2]| not a JSON object",
      "{\"user\":\"ann\"| not JSON: ",
      "{\"user\":\"ann\",\"ts\":5} {}| not JSON: trailing content after the object",
      "{\"ts\":5}| missing key 'user'",
      "{\"user\":null,\"ts\":5}| missing key 'user'",
      "{\"user\":\"ann\"}| missing timestamp 'ts'",
      "{\"user\":\"ann\",\"ts\":\"5\"}| field 'ts': expected an integer within long range, got the string \"5\"",
      "{\"user\":\"ann\",\"ts\":1.5}| field 'ts': expected an integer within long range, got the number 1.5",
      "{\"user\":\"ann\",\"ts\":99999999999999999999}| field 'ts': expected an integer within long range",
      "{\"user\":\"ann\",\"ts\":1,\"n\":3000000000}| field 'n': expected an integer within int range",
      "{\"user\":7,\"ts\":1}| field 'user': expected a string, got the number 7",
      "{\"user\":\"ann\",\"ts\":1,\"price\":\"2.5\"}| field 'price': expected a number, got the string \"2.5\"",
      "{\"user\":\"ann\",\"ts\":1,\"ratio\":1e300}| field 'ratio': expected a number within float range",
      "{\"user\":\"ann\",\"ts\":1,\"vip\":1}| field 'vip': expected true or false, got the number 1",
      "{\"user\":\"ann\",\"ts\":1,\"blob\":\"not base64!\"}| field 'blob': expected a base64 string",
      "{\"user\":\"ann\",\"ts\":1,\"user\":\"bob\"}| not JSON: Duplicate field 'user'",
      "{\"user\":{\"a\":1},\"ts\":1}| field 'user': expected a string, got an object",
      "'   '| blank line",
      "{\"user\":\"ann\\ud800\",\"ts\":1}| key 'user' contains an unpaired UTF-16 surrogate",
  })
  void malformedLinesAreReportedWithLineAndReasonNeverThrown(String line, String reason) {
    ParsedEvent e = parser.parse(line, 42);
    assertThat(e.isMalformed()).isTrue();
    assertThat(e.lineNumber()).isEqualTo(42);
    assertThat(e.reason()).startsWith(reason.strip());
    assertThat(e.raw()).isEqualTo(line);
    assertThat(e.toString()).startsWith("line 42: " + reason.strip());
  }
}
