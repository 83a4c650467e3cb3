package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.writer.source.KafkaEventSource;
import io.tilekv.writer.source.KafkaSourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Kafka source options and their flags, without a broker. */
class KafkaOptionsTest {
  @TempDir
  Path dir;

  String groupBy() throws Exception {
    return Path.of(getClass().getResource("/purchases.yaml").toURI()).toString();
  }

  @Test
  void secretsAreMaskedWhereverOptionsArePrinted() {
    KafkaSourceOptions o = KafkaSourceOptions.of("k:9092", "g", "t").withProperties(Map.of(
        "sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";",
        "ssl.truststore.password", "hunter3", "ssl.key.password", "hunter4",
        "security.protocol", "SASL_SSL"));

    assertThat(o.toString()).doesNotContain("hunter").contains("SASL_SSL", "sasl.jaas.config=****");
    assertThat(new KafkaEventSource(o).toString()).doesNotContain("hunter");
    assertThat(o.properties()).containsEntry("ssl.truststore.password", "hunter3");
  }

  @Test
  void writeFlagsBuildABoundedKafkaSourceThatRunsAsABatchBackfill() throws Exception {
    Path props = Files.writeString(dir.resolve("k.properties"), "security.protocol=SASL_SSL\n"
        + "sasl.jaas.config=x password=\"pw\";\n");
    TileWriterJob job = WriterCommand.parse(new String[] {"--groupby", groupBy(), "--store", "memory:",
        "--kafka-bootstrap", "k1:9092,k2:9092", "--topic", "a,b", "--group", "g1", "--start",
        "2024-01-01T00:00:00Z", "--bounded", "--kafka-properties", props.toString()});

    assertThat(job.mode()).isEqualTo(TileWriterJob.Mode.BATCH);
  }

  @Test
  void startOffsetsParseAndATopicOrPatternIsRequired() {
    assertThat(KafkaSourceOptions.parseStart("latest")).isEqualTo(KafkaSourceOptions.Start.LATEST);
    assertThat(KafkaSourceOptions.parseStart("committed")).isEqualTo(KafkaSourceOptions.Start.COMMITTED);
    assertThat(KafkaSourceOptions.parseStart("1700000000000")).isEqualTo(KafkaSourceOptions.Start.TIMESTAMP);
    assertThatThrownBy(() -> new KafkaSourceOptions("k:1", List.of(), null, "g",
        KafkaSourceOptions.Start.EARLIEST, 0, false, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WriterCommand.parse(new String[] {"--groupby", groupBy(), "--store", "memory:",
        "--kafka-bootstrap", "k:1"})).hasMessageContaining("--topic");
    assertThatThrownBy(() -> WriterCommand.parse(new String[] {"--groupby", groupBy(), "--store", "memory:",
        "--kafka-bootstrap", "k:1", "--topic", "t", "--events", "x"})).hasMessageContaining("exactly one");
  }

  @Test
  void clusterFlagsAreTakenOffBeforeTheArgumentsReachTheCluster() {
    WriterCommand command = new WriterCommand();
    new CommandLine(command).parseArgs("--cluster", "jm:8081", "--groupby", "g.yaml", "--job-jar=x.jar",
        "--bounded", "--store", "memory:", "--quiet", "--lateness", "2m", "--plugins", "/p1", "--plugins=/p2");

    assertThat(command.forwardedArgs()).containsExactly("--groupby=g.yaml", "--bounded=true",
        "--store=memory:", "--quiet", "--lateness=2m", "--plugins=/p1" + java.io.File.pathSeparator + "/p2");
  }

  @Test
  void usageDocumentsTheKafkaAndClusterFlags() {
    assertThat(new CommandLine(new WriterCommand()).getUsageMessage()).contains("--kafka-bootstrap",
        "--topic", "--bounded", "--start", "--kafka-properties", "--cluster", "--job-jar");
  }
}
