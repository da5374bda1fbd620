package io.tributary.bench;

/** Small admin steps for bench/run.sh: wait until the service answers, create a topic. */
final class Admin {

    static void waitReady(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        double timeout = options.decimal("timeout", 90);
        options.rejectUnknown();
        long deadline = System.nanoTime() + Clock.seconds(timeout);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Tributary api = new Tributary(url)) {
                if (api.clusterId() != null) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready after " + timeout + " s", last);
    }

    static void createTopic(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        options.rejectUnknown();
        try (Tributary api = new Tributary(url)) {
            api.createTopic(topic, partitions);
        }
    }

    private Admin() {
    }
}
