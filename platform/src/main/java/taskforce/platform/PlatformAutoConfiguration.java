package taskforce.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import taskforce.contracts.Topics;
import taskforce.platform.audit.AuditController;
import taskforce.platform.audit.AuditRelay;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.health.MongoPingHealthIndicator;
import taskforce.platform.health.ReadModelCatchUp;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.kafka.DeadLetterController;
import taskforce.platform.kafka.DeadLetterRedrive;
import taskforce.platform.kafka.KafkaConfiguration;
import taskforce.platform.lease.Leases;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.retention.Retention;
import taskforce.platform.security.ResourceServerConfiguration;
import taskforce.platform.web.ProblemDetailsAdvice;
import taskforce.platform.web.WebHardeningConfiguration;

@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"
        },
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@Import({KafkaConfiguration.class, WebHardeningConfiguration.class, ResourceServerConfiguration.class})
public class PlatformAutoConfiguration {

    @Bean
    OutboxRelay outboxRelay(
            MongoTemplate mongo,
            KafkaTemplate<String, String> kafka,
            @Value("${taskforce.outbox.sweep-interval:2s}") Duration sweepInterval,
            @Value("${taskforce.outbox.workers:4}") int workers,
            @Value("${taskforce.outbox.abandon-after:60s}") Duration abandonAfter,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<Clock> clock) {
        return new OutboxRelay(
                mongo,
                kafka,
                sweepInterval,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC),
                workers,
                abandonAfter);
    }

    /**
     * The audit lane sends on a producer of its own, batching for a few milliseconds, so a flood of audit
     * records never queues ahead of business events in one producer's buffer.
     */
    @Bean
    AuditRelay auditRelay(
            MongoTemplate mongo,
            ProducerFactory<String, String> producers,
            @Value("${taskforce.outbox.sweep-interval:2s}") Duration sweepInterval,
            ObjectProvider<Clock> clock) {
        ProducerFactory<String, String> audit = producers.copyWithConfigurationOverride(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.CLIENT_ID_CONFIG, "audit-lane"));
        Runnable close = audit instanceof DisposableBean disposable
                ? () -> {
                    try {
                        disposable.destroy();
                    } catch (Exception e) {
                        // closing on shutdown; nothing is left to lose
                    }
                }
                : () -> {};
        return new AuditRelay(
                mongo, new KafkaTemplate<>(audit), close, sweepInterval, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Leases leases(MongoTemplate mongo, ObjectProvider<Clock> clock) {
        return new Leases(mongo, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Retention retention(
            MongoTemplate mongo,
            Leases leases,
            OutboxRelay relay,
            @Value("${taskforce.retention.prune-interval:1h}") Duration interval,
            ObjectProvider<Clock> clock) {
        return new Retention(mongo, leases, clock.getIfAvailable(Clock::systemUTC), interval, relay.relayId());
    }

    @Bean
    ProcessedEvents processedEvents(
            MongoTemplate mongo,
            Retention retention,
            @Value("${taskforce.retention.processed-events:30d}") Duration keep,
            ObjectProvider<Clock> clock) {
        return new ProcessedEvents(mongo, clock.getIfAvailable(Clock::systemUTC), retention, keep);
    }

    /** Named as Boot's own indicator, which it replaces. */
    @Bean(name = "mongoHealthIndicator")
    MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }

    /** Named for the readiness group: {@code management.endpoint.health.group.readiness.include}. */
    @Bean(name = "readModels")
    ReadModelCatchUp readModels(
            KafkaAdmin kafkaAdmin,
            ObjectProvider<KafkaListenerEndpointRegistry> listeners,
            @Value("${taskforce.readiness.kafka-timeout:5s}") Duration timeout) {
        return new ReadModelCatchUp(
                kafkaAdmin::getConfigurationProperties,
                () -> {
                    KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
                    return registry == null ? List.of() : registry.getListenerContainers();
                },
                Topics.ALL,
                timeout);
    }

    @Bean
    AuditTrail auditTrail(
            MongoTemplate mongo,
            AuditRelay relay,
            @Value("${spring.application.name:service}") String serviceName,
            ObjectProvider<Clock> clock) {
        return new AuditTrail(mongo, relay, serviceName, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    AuditController auditController(MongoTemplate mongo) {
        return new AuditController(mongo);
    }

    @Bean
    DeadLetterRedrive deadLetterRedrive(KafkaProperties properties, Leases leases, OutboxRelay relay) {
        return new DeadLetterRedrive(properties, leases, relay.relayId());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    DeadLetterController deadLetterController(DeadLetterRedrive redrive, AuditTrail audit) {
        return new DeadLetterController(redrive, audit);
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }
}
