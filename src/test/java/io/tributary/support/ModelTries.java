package io.tributary.support;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many sequences a model-based property runs: the {@code tries} of its {@code @Property} (a few hundred, what
 * {@code verify} affords), or {@code -Dtributary.model.tries=N} for the nightly run (docs/reliability.md). A system
 * property of our own rather than {@code jqwik.tries.default}: that one applies only to properties that name no tries,
 * and would also change every other jqwik property of the build.
 */
public final class ModelTries implements AroundPropertyHook {

    public static final String PROPERTY = "tributary.model.tries";

    /** Registered on a test class, it applies to the class's properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(PROPERTY);
        // an @Example is one fixed case: running it N times would only take time
        if (tries != null && !tries.isBlank() && !context.targetMethod().isAnnotationPresent(Example.class)) {
            context.attributes().setTries(Integer.parseInt(tries.trim()));
        }
        return property.execute();
    }
}
