package io.tilekv.writer.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A single-node Apache Kafka 4 broker in KRaft mode (broker and controller in one JVM) for tests,
 * once per test run: {@code @ExtendWith(KafkaBroker.class)}, then {@link #bootstrap()}.
 *
 * <p>Unless the system property {@value #BOOTSTRAP_PROPERTY} names a broker to use, it formats a
 * fresh log directory with {@code kafka.tools.StorageTool} and starts {@code kafka.Kafka} in a
 * child JVM from the classpath that {@code tilekv-server-kafka} materializes, on free 127.0.0.1
 * ports; it is ready once a probe topic can be created, gets a leader and is deleted. The broker
 * stops when the run ends (JUnit's root store) or the JVM exits.
 */
public final class KafkaBroker implements BeforeAllCallback {
  public static final String BOOTSTRAP_PROPERTY = "tilekv.kafka.bootstrap";
  private static final String MODULE = "servers/kafka (tilekv-server-kafka)";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);
  private static volatile Running running;
  /** Seconds the broker took to become ready; 0 for a given broker. */
  public static volatile double startSeconds;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
  }

  public static String bootstrap() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaBroker.class)");
    }
    return r.bootstrap;
  }

  /** Creates {@code topic} with {@code partitions} partitions and waits for their leaders. */
  public static void createTopic(String topic, int partitions) {
    try (Admin admin = admin(bootstrap())) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitLeaders(admin, topic, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
  }

  /**
   * Produces {@code values} in order (acks=all, idempotent), each keyed by {@code key} (null: no
   * key, spread over the partitions in turn), so that one key's events stay in order in one
   * partition.
   */
  public static void produce(String topic, List<String> values, Function<String, String> key) {
    send(values.stream().map(v -> new ProducerRecord<String, String>(topic, key.apply(v), v)).toList());
  }

  /** Produces {@code values} in order to partition {@code partition} of {@code topic}, unkeyed. */
  public static void produceTo(String topic, int partition, List<String> values) {
    send(values.stream().map(v -> new ProducerRecord<String, String>(topic, partition, null, v)).toList());
  }

  private static void send(List<ProducerRecord<String, String>> records) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("linger.ms", "5");
    p.put("request.timeout.ms", "10000");
    p.put("delivery.timeout.ms", "30000");
    AtomicReference<Exception> error = new AtomicReference<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (ProducerRecord<String, String> r : records) {
        producer.send(r, (md, e) -> {
          if (e != null) {
            error.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    if (error.get() != null) {
      throw new IllegalStateException("producing failed", error.get());
    }
  }

  /**
   * The offsets consumer group {@code group} committed on {@code topic}, summed over its partitions
   * (0 before its first commit): on a fresh topic, the records the group is done with.
   */
  public static long committed(String group, String topic) {
    try (Admin admin = admin(bootstrap())) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS)
          .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the offsets of group " + group, e);
    }
  }

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "15000");
    return Admin.create(p);
  }

  private static void awaitLeaders(Admin admin, String topic, long deadlineNanos) throws Exception {
    while (true) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      if (d.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0)
          && leadersAnswer(admin, topic, d.partitions().size())) {
        return;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalStateException("topic " + topic + " has partitions without a leader");
      }
      Thread.sleep(100);
    }
  }

  /**
   * True once every partition's leader answers a ListOffsets request: right after a topic is
   * created the metadata names a leader before the broker acts as one, and an idempotent producer
   * whose first batch is refused then stalls on OUT_OF_ORDER_SEQUENCE_NUMBER.
   */
  private static boolean leadersAnswer(Admin admin, String topic, int partitions) {
    java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> q =
        new java.util.HashMap<>();
    for (int i = 0; i < partitions; i++) {
      q.put(new org.apache.kafka.common.TopicPartition(topic, i),
          org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    try {
      admin.listOffsets(q).all().get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static synchronized Running start() {
    if (running != null) {
      return running;
    }
    String given = System.getProperty(BOOTSTRAP_PROPERTY);
    if (given != null && !given.isBlank()) {
      running = new Running(given.trim(), null, null);
      return running;
    }
    long t0 = System.nanoTime();
    List<String> classpath = ChildJvm.classpath("io/tilekv/servers/kafka/kafka.classpath", MODULE);
    Path dir;
    try {
      dir = Files.createTempDirectory("tilekv-kafka-");
      Files.createDirectories(dir.resolve("data"));
      Files.createDirectories(dir.resolve("logs"));
      Files.writeString(dir.resolve("log4j2.properties"),
          ChildJvm.resourceText("io/tilekv/servers/kafka/log4j2.properties", MODULE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = ChildJvm.freePorts(2);
    int port = ports[0];
    int controller = ports[1];
    Path config = dir.resolve("server.properties");
    try {
      Files.writeString(config, String.join("\n",
          "process.roles=broker,controller",
          "node.id=1",
          "controller.quorum.voters=1@127.0.0.1:" + controller,
          "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
          "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
          "controller.listener.names=CONTROLLER",
          "inter.broker.listener.name=PLAINTEXT",
          "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
          "log.dirs=" + dir.resolve("data"),
          "num.partitions=1",
          "default.replication.factor=1",
          "min.insync.replicas=1",
          "offsets.topic.replication.factor=1",
          "offsets.topic.num.partitions=1",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "transaction.state.log.num.partitions=1",
          "share.coordinator.state.topic.replication.factor=1",
          "share.coordinator.state.topic.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "num.network.threads=2",
          "num.io.threads=2",
          "background.threads=2",
          "num.recovery.threads.per.data.dir=1",
          "log.cleaner.threads=1",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> toolJvm = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-Dkafka.logs.dir=" + dir.resolve("logs"),
        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    ChildJvm.runTool("kafka storage format", classpath, toolJvm, "kafka.tools.StorageTool",
        List.of("format", "-t", clusterId(), "-c", config.toString()), dir, dir.resolve("logs/format.log"), 120);
    ChildJvm broker = ChildJvm.start("kafka broker", classpath,
        List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            "-Djava.net.preferIPv4Stack=true", "-Dkafka.logs.dir=" + dir.resolve("logs"),
            "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")),
        "kafka.Kafka", List.of(config.toString()), dir, dir.resolve("logs/stdout.log"));
    Running r = new Running("127.0.0.1:" + port, broker, dir);
    Runtime.getRuntime().addShutdownHook(new Thread(r::close, "kafka-broker-stop"));
    try {
      awaitReady(r.bootstrap, broker);
    } catch (RuntimeException e) {
      String tail = ChildJvm.tail(dir.resolve("logs/server.log"), 30);
      r.close();
      throw new IllegalStateException(e.getMessage() + "\n--- broker log ---\n" + tail, e);
    }
    startSeconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("Kafka broker (pid %d) ready on %s after %.1f s%n", broker.pid(), r.bootstrap, startSeconds);
    running = r;
    return r;
  }

  private static void awaitReady(String bootstrap, ChildJvm broker) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    String probe = "_ready_probe";
    Exception last = null;
    try (Admin admin = admin(bootstrap)) {
      while (System.nanoTime() < deadline) {
        broker.checkAlive();
        try {
          try {
            admin.createTopics(List.of(new NewTopic(probe, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
          awaitLeaders(admin, probe, deadline);
          admin.deleteTopics(List.of(probe)).all().get(10, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          last = e;
          ChildJvm.sleep(300);
        }
      }
    }
    throw new IllegalStateException("Kafka broker not ready after 180 s: " + last);
  }

  /** A KRaft cluster id: 16 random bytes, base64url without padding, not starting with '-'. */
  private static String clusterId() {
    SecureRandom random = new SecureRandom();
    while (true) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  /** The broker of the run; closing stops it and deletes its directory. */
  @SuppressWarnings("deprecation")
  private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final String bootstrap;
    final ChildJvm broker;
    final Path dir;

    Running(String bootstrap, ChildJvm broker, Path dir) {
      this.bootstrap = bootstrap;
      this.broker = broker;
      this.dir = dir;
    }

    @Override
    public void close() {
      if (broker != null) {
        broker.close();
        ChildJvm.deleteTree(dir);
      }
    }
  }
}
