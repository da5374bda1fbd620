package io.tributary.support;

import java.io.IOException;

/**
 * The main class of a broker process that {@link KafkaCluster} starts: Kafka's own {@code kafka.Kafka}, plus a guard
 * that ends the broker when the test JVM that started it is gone (its end of the stdin pipe closes), so that no broker
 * outlives a test run that was itself killed.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread guard = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; only the end of the stream matters
                }
            } catch (IOException ignored) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-guard");
        guard.setDaemon(true);
        guard.start();
        kafka.Kafka.main(args);
    }
}
