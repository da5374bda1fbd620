package io.tributary.bench;

import java.util.Arrays;

/**
 * Tributary's load generator. {@code java -jar tributary-bench.jar <workload> --name=value ...}; bench/run.sh drives
 * it and docs/benchmarks.md explains the workloads.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Options options = new Options(args, 1);
        switch (args[0]) {
            case "produce" -> ProduceThroughput.run(options);
            case "produce-latency" -> ProduceLatency.run(options);
            case "consume" -> GroupConsume.run(options);
            case "e2e" -> EndToEnd.run(options);
            case "kafka-produce" -> KafkaThroughput.run(options);
            case "kafka-produce-latency" -> KafkaLatency.produce(options);
            case "kafka-e2e" -> KafkaLatency.endToEnd(options);
            case "disk" -> DiskProbe.run(options);
            case "trivial-server" -> TrivialServer.run(options);
            case "report" -> Report.run(options);
            case "wait-ready" -> Admin.waitReady(options);
            case "jfr-summary" -> JfrSummary.run(options);
            case "create-topic" -> Admin.createTopic(options);
            case "create-topics" -> Admin.createTopics(options);
            case "kafka-create-topics" -> KafkaClients.createTopics(options);
            default -> {
                System.err.println("unknown workload " + args[0] + " " + Arrays.toString(args));
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar tributary-bench.jar <workload> --label=<result key prefix> [--out=results.tsv] [--name=value...]
                  produce               closed-loop produce throughput   --url --topic --partitions --size --batch --producers --keys --warmup --duration --create --verify --topic-count
                  produce-latency       fixed-rate produce latency       --url --topic --partitions --size --batch --rate --connections --warmup --duration --create
                  consume               group consume throughput         --url --topic --partitions --consumers --records --max-bytes --poll-timeout-ms --timeout
                  e2e                   fixed-rate end-to-end latency    --url --topic --partitions --size --rate --connections --warmup --duration
                  kafka-produce         closed-loop produce on Kafka      --bootstrap --topic --partitions --size --producers --warmup --duration --producer-props --create
                  kafka-produce-latency the same on Kafka (kafka-clients) --bootstrap --topic --partitions --size --rate --warmup --duration --producer-props
                  kafka-e2e             the same on Kafka (kafka-clients) --bootstrap --topic --partitions --size --rate --warmup --duration --producer-props
                  disk                  data disk limits                 --dir --seq-mib --append-size --fsync-seconds
                  trivial-server        do-nothing HTTP server           --port --threads   (no --label)
                  report                the side-by-side table           --results --rate   (no --label)
                  wait-ready            wait for the service             --url --timeout    (no --label)
                  create-topic          create a topic                   --url --topic --partitions (no --label)
                  create-topics         create many topics in parallel   --url --prefix --topics --partitions --connections
                  kafka-create-topics   create topics on Kafka at once   --bootstrap --topics (a,b,...) --partitions (no --label)
                  jfr-summary           hot methods of a JFR recording   --jfr --top --focus (no --label)
                """);
    }

    private Bench() {
    }
}
