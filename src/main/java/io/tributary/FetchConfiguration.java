package io.tributary;

import io.tributary.consume.WaitingFetches;
import io.tributary.settings.TributaryProperties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What both backends share: the bound on waiting fetches, and its gauge. */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    @Bean
    WaitingFetches waitingFetches(TributaryProperties properties, MeterRegistry registry) {
        WaitingFetches waiting = new WaitingFetches(properties.fetch().maxWaitingFetches());
        Gauge.builder("tributary.fetch.waiting", waiting, WaitingFetches::waiting)
                .description("Fetches waiting for records now (consumer polls and partition reads with a timeout); "
                        + "beyond tributary.fetch.max-waiting-fetches new ones are refused with 42901")
                .register(registry);
        return waiting;
    }
}
