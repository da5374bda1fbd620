package io.tributary.log;

import io.tributary.support.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A log directory per test, a clock the test moves, and the manager closed after each test whatever happened. */
abstract class LogDirectoryTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    LogManager manager;

    /** Opens (or reopens, after the test closed it) the manager on the test's directory. */
    LogManager openManager() {
        return openManager(TestLogs.settings(clock));
    }

    LogManager openManager(LogSettings settings) {
        manager = LogManager.open(dir, settings);
        return manager;
    }

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }
}
