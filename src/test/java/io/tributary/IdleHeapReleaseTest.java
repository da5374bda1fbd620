package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

class IdleHeapReleaseTest {

    @Test
    void theDefaultIsReplacedByTheInterval() {
        Vm vm = new Vm(new VMOption(IdleHeapRelease.FLAG, "0", true, VMOption.Origin.DEFAULT));

        new IdleHeapRelease(Duration.ofSeconds(10), vm).apply();

        assertThat(vm.options.get(IdleHeapRelease.FLAG).getValue()).isEqualTo("10000");
    }

    @Test
    void aValueGivenToTheJvmIsKept() {
        Vm vm = new Vm(new VMOption(IdleHeapRelease.FLAG, "60000", true, VMOption.Origin.VM_CREATION));

        new IdleHeapRelease(Duration.ofSeconds(10), vm).apply();

        assertThat(vm.options.get(IdleHeapRelease.FLAG).getValue()).isEqualTo("60000");
    }

    @Test
    void zeroLeavesTheJvmAloneAndANegativeIntervalIsRefused() {
        Vm vm = new Vm(new VMOption(IdleHeapRelease.FLAG, "0", true, VMOption.Origin.DEFAULT));

        new IdleHeapRelease(Duration.ZERO, vm).apply();

        assertThat(vm.sets).isZero();
        assertThatThrownBy(() -> new IdleHeapRelease(Duration.ofSeconds(-1), vm))
                .hasMessageContaining("tributary.memory.idle-gc-interval");
    }

    @Test
    void aJvmWithoutG1IsLeftAlone() {
        Vm vm = new Vm(); // no such flag: getVMOption throws, as HotSpot does for a collector's flag it does not run

        new IdleHeapRelease(Duration.ofSeconds(10), vm).apply();

        assertThat(vm.sets).isZero();
    }

    @Test
    void theRealJvmTakesTheFlag() {
        HotSpotDiagnosticMXBean real = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1"));
        assumeThat(g1).as("the test JVM runs G1").isTrue();
        // The real flag, seen as never set: an application context started earlier in this JVM may have set it.
        Vm asAtStart = new Vm(new VMOption(IdleHeapRelease.FLAG, "0", true, VMOption.Origin.DEFAULT)) {
            @Override
            public void setVMOption(String name, String value) {
                real.setVMOption(name, value);
            }
        };

        new IdleHeapRelease(Duration.ofMillis(12_345), asAtStart).apply();

        assertThat(real.getVMOption(IdleHeapRelease.FLAG).getValue()).isEqualTo("12345");
        new IdleHeapRelease(Duration.ofSeconds(10), asAtStart).apply(); // as the service sets it
    }

    /** The JVM's diagnostic bean as far as the component uses it. */
    private static class Vm implements HotSpotDiagnosticMXBean {
        final Map<String, VMOption> options = new HashMap<>();
        int sets;

        Vm(VMOption... options) {
            for (VMOption o : options) {
                this.options.put(o.getName(), o);
            }
        }

        @Override
        public VMOption getVMOption(String name) {
            VMOption option = options.get(name);
            if (option == null) {
                throw new IllegalArgumentException("VM option \"" + name + "\" does not exist");
            }
            return option;
        }

        @Override
        public void setVMOption(String name, String value) {
            sets++;
            options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
        }

        @Override
        public void dumpHeap(String outputFile, boolean live) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<VMOption> getDiagnosticOptions() {
            return List.copyOf(options.values());
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }
    }
}
