package io.tributary.config;

import io.tributary.log.FlushPolicy;
import io.tributary.log.LogManager;
import io.tributary.log.LogMetrics;
import io.tributary.log.LogSettings;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the log engine on {@code <data-dir>/log}; Spring closes it last on shutdown, writing the clean marker. */
@Configuration(proxyBeanMethods = false)
public class LogConfiguration {

    @Bean(destroyMethod = "close")
    public LogManager logManager(TributaryProperties properties, ObjectProvider<LogMetrics> logMetrics) {
        var log = properties.log();
        FlushPolicy flush = switch (log.flush()) {
            case DURABLE -> new FlushPolicy.Durable();
            case INTERVAL -> new FlushPolicy.Interval(log.flushInterval());
        };
        return LogManager.open(properties.dataDir().resolve("log"),
                new LogSettings(flush, log.indexIntervalBytes(), Clock.systemUTC(), logMetrics.getIfAvailable(() -> LogMetrics.NONE)));
    }
}
