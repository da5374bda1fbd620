package io.tributary;

import io.tributary.settings.TributaryProperties;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the heap a load grew back to the system once the service is idle ({@code tributary.memory.idle-gc-interval}).
 * G1 sizes the heap for the load it has seen and keeps it committed: after a produce burst a service run with the
 * default heap (a quarter of the machine's memory) stays at over a gigabyte resident with 60 MiB in use. G1's periodic
 * collection (JEP 346) fixes that, but it is off unless the JVM is started with it, and this service is started with a
 * plain {@code java -jar}; the flag is manageable, so it is set here, at start. A JVM given the flag on its command line
 * keeps its value, and one that does not run G1 has no such flag.
 */
@Component
class IdleHeapRelease {

    static final String FLAG = "G1PeriodicGCInterval";
    private static final Logger log = LoggerFactory.getLogger(IdleHeapRelease.class);

    private final Duration interval;
    private final HotSpotDiagnosticMXBean vm;

    @Autowired
    IdleHeapRelease(TributaryProperties properties) {
        this(properties.memory().idleGcInterval(), hotSpot());
    }

    /** The JVM's diagnostic bean; null on a JVM that is not HotSpot (it has no G1 flags to set). */
    private static HotSpotDiagnosticMXBean hotSpot() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (IllegalArgumentException notHotSpot) {
            return null;
        }
    }

    IdleHeapRelease(Duration interval, HotSpotDiagnosticMXBean vm) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("tributary.memory.idle-gc-interval must not be negative, not " + interval);
        }
        this.interval = interval;
        this.vm = vm;
    }

    @EventListener(ApplicationStartedEvent.class)
    void apply() {
        if (interval.isZero() || vm == null) {
            return;
        }
        VMOption current;
        try {
            current = vm.getVMOption(FLAG);
        } catch (IllegalArgumentException notG1) {
            log.debug("The JVM has no {} (not G1): the heap is left as it grows", FLAG);
            return;
        }
        if (current.getOrigin() != VMOption.Origin.DEFAULT) {
            log.info("{} was given to the JVM ({} ms): kept", FLAG, current.getValue());
            return;
        }
        vm.setVMOption(FLAG, Long.toString(interval.toMillis()));
        log.debug("{} set to {} ms: an idle service gives unused heap back", FLAG, interval.toMillis());
    }
}
