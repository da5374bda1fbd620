package io.tributary.support;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The driver of the model-based stateful tests (docs/reliability.md, "Model-based stateful tests"), plain JUnit 5:
 * for each of {@code runs} seeds it draws a setup and a sequence of actions from a {@code java.util.Random(seed)} and
 * runs them (the test's {@code run} applies every action to the implementation and its model, checking after each
 * step). A failing sequence is shrunk by delta debugging (drop chunks of actions, halving the chunk size down to one,
 * keeping any shorter sequence that still fails the same check; at most {@value #MAX_SHRINK_RUNS} re-executions), then
 * reported with its seed, its original length and the shrunk sequence as a Java call to paste into a regression test.
 *
 * <p>{@code -Dtributary.model.tries=N} runs N seeds instead of {@value #DEFAULT_RUNS};
 * {@code -Dtributary.model.seed=S} runs seed S alone (the replay of a reported failure).
 */
public final class ModelRuns {

    public static final String TRIES = "tributary.model.tries";
    public static final String SEED = "tributary.model.seed";
    public static final int DEFAULT_RUNS = 300;
    static final int MAX_SHRINK_RUNS = 200;

    /** Failed runs per test class, for the figures a test prints at the end. */
    private static final Map<Class<?>, AtomicLong> FAILURES = new ConcurrentHashMap<>();

    private ModelRuns() {
    }

    /** How many runs of this test class failed so far (each failure ends its test, so 0 or 1 per test method). */
    public static long failures(Class<?> test) {
        return FAILURES.computeIfAbsent(test, t -> new AtomicLong()).get();
    }

    /** Runs the test's sequences: {@code setup} then {@code actions} drawn from each seed's Random, {@code run} checks. */
    public static <S, A> void check(Class<?> test, Function<Random, S> setup, Function<Random, List<A>> actions,
                                    BiConsumer<S, List<A>> run) {
        for (long seed : seeds()) {
            Random random = new Random(seed);
            S s = setup.apply(random);
            List<A> sequence = actions.apply(random);
            Throwable failure = attempt(run, s, sequence);
            if (failure != null) {
                FAILURES.computeIfAbsent(test, t -> new AtomicLong()).incrementAndGet();
                throw shrink(test, seed, s, sequence, failure, run);
            }
        }
    }

    private static long[] seeds() {
        String seed = System.getProperty(SEED);
        if (seed != null && !seed.isBlank()) {
            return new long[] {Long.parseLong(seed.trim())};
        }
        String tries = System.getProperty(TRIES);
        int runs = tries == null || tries.isBlank() ? DEFAULT_RUNS : Integer.parseInt(tries.trim());
        return new Random().longs(runs).toArray();
    }

    private static <S, A> Throwable attempt(BiConsumer<S, List<A>> run, S setup, List<A> actions) {
        try {
            run.accept(setup, actions);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static <S, A> AssertionError shrink(Class<?> test, long seed, S setup, List<A> original, Throwable failure,
                                                BiConsumer<S, List<A>> run) {
        String check = signature(test, failure);
        List<A> shortest = original;
        Throwable last = failure;
        int executions = 0;
        int chunk = Math.max(1, original.size() / 2);
        while (executions < MAX_SHRINK_RUNS) {
            boolean shorter = false;
            for (int from = 0; from < shortest.size() && shortest.size() > 1 && executions < MAX_SHRINK_RUNS; ) {
                List<A> candidate = new ArrayList<>(shortest.subList(0, from));
                candidate.addAll(shortest.subList(Math.min(shortest.size(), from + chunk), shortest.size()));
                executions++;
                Throwable t = attempt(run, setup, candidate);
                if (t != null && signature(test, t).equals(check)) {
                    shortest = candidate; // same place again: the chunk after it has moved to from
                    last = t;
                    shorter = true;
                } else {
                    from += chunk;
                }
            }
            if (chunk == 1 && !shorter) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        String message = String.format("%s: the run of seed %d failed (%d actions); shrunk to %d in %d re-executions "
                        + "(replay: -D%s=%d), as a regression test:%n    %s%nthe check: %s (the shrunk run's failure "
                        + "is the cause)", test.getSimpleName(), seed, original.size(), shortest.size(), executions, SEED,
                seed, source(setup, shortest), check);
        return new AssertionError(message, last);
    }

    /** A failure's "check": its type and the first place in the test class (its assertion) it came from. */
    private static String signature(Class<?> test, Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(test.getName()) || e.getClassName().startsWith(test.getName() + "$")) {
                return t.getClass().getName() + " at " + e;
            }
        }
        return t.getClass().getName();
    }

    /** {@code run(setup components..., List.of(actions...));}, the form of the tests' regression examples. */
    public static String source(Object setup, List<?> actions) {
        String prefix = setup == null ? "" : components(setup) + ", ";
        String list = actions.stream().map(ModelRuns::literal).collect(Collectors.joining(",\n        ", "List.of(\n        ", ")"));
        return "run(" + prefix + list + ");";
    }

    private static String components(Object setup) {
        if (!setup.getClass().isRecord()) {
            return literal(setup);
        }
        List<String> parts = new ArrayList<>();
        for (RecordComponent c : setup.getClass().getRecordComponents()) {
            try {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true); // the tests' action records are package-private
                parts.add(literal(accessor.invoke(setup)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return setup.toString(); // the report must not hide the failure it reports
            }
        }
        return String.join(", ", parts);
    }

    /** A Java expression for a value made of records, lists, enums, strings and primitives. */
    static String literal(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        } else if (value instanceof Long l) {
            return l + "L";
        } else if (value instanceof Enum<?> e) {
            return e.getDeclaringClass().getSimpleName() + "." + e.name();
        } else if (value instanceof List<?> list) {
            return list.stream().map(ModelRuns::literal).collect(Collectors.joining(", ", "List.of(", ")"));
        } else if (value.getClass().isRecord()) {
            return "new " + value.getClass().getSimpleName() + "(" + components(value) + ")";
        }
        return String.valueOf(value);
    }

    // ---- drawing actions

    /** An int in [min, max], uniformly. */
    public static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Between {@code min} and {@code max} elements (the size uniformly), each drawn by {@code element}. */
    public static <T> List<T> listOf(Random random, int min, int max, Function<Random, ? extends T> element) {
        int size = between(random, min, max);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    /** One of the values, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** A choice between generators by weight (jqwik's {@code frequencyOf}): {@code frequency().or(3, r -> ...)}. */
    public static <T> Frequency<T> frequency() {
        return new Frequency<>();
    }

    public static final class Frequency<T> implements Function<Random, T> {
        private final List<Integer> weights = new ArrayList<>();
        private final List<Function<Random, ? extends T>> generators = new ArrayList<>();
        private int total;

        public Frequency<T> or(int weight, Function<Random, ? extends T> generator) {
            weights.add(weight);
            generators.add(generator);
            total += weight;
            return this;
        }

        @Override
        public T apply(Random random) {
            int pick = random.nextInt(total);
            for (int i = 0; i < weights.size(); i++) {
                pick -= weights.get(i);
                if (pick < 0) {
                    return generators.get(i).apply(random);
                }
            }
            throw new IllegalStateException("no generator");
        }
    }
}
