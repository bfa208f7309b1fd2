package taskforce.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;

/**
 * How every service talks to Kafka: durable idempotent producers, CloudEvent consumers that start from the
 * beginning of a topic they have never read, retries with back-off and then the dead-letter topic; a record of an
 * event type the service does not know is skipped instead ({@link SkipUnknownTypesRecoverer}).
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer durableIdempotentProducer() {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                // the outbox relay awaits every send's acknowledgement before it clears the outbox: lingering (5 ms
                // by default since Kafka 4) only delays each round; concurrent rounds still share requests in flight
                ProducerConfig.LINGER_MS_CONFIG,
                0));
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer cloudEventConsumer() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class,
                ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, CloudEventDeserializer.class,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /**
     * Holds the dead-letter producer as a bean, so Spring closes it on shutdown. Not a ProducerFactory bean:
     * that would switch off Boot's own producer factory.
     */
    static final class DeadLetterProducer implements DisposableBean {
        final DefaultKafkaProducerFactory<Object, Object> factory;

        DeadLetterProducer(KafkaProperties properties) {
            Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterValueSerializer.class);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            this.factory = new DefaultKafkaProducerFactory<>(config);
        }

        @Override
        public void destroy() {
            factory.destroy();
        }
    }

    @Bean
    DeadLetterProducer deadLetterProducer(KafkaProperties properties) {
        return new DeadLetterProducer(properties);
    }

    @Bean
    CommonErrorHandler retryThenDeadLetter(
            DeadLetterProducer deadLetterProducer,
            ObjectProvider<MeterRegistry> meters,
            @Value("${taskforce.kafka.retry.initial-interval:200ms}") java.time.Duration initial,
            @Value("${taskforce.kafka.retry.max-elapsed:5s}") java.time.Duration maxElapsed) {
        KafkaTemplate<Object, Object> deadLetters = new KafkaTemplate<>(deadLetterProducer.factory);
        // partition -1: let the producer choose, so a dead-letter topic may have fewer partitions than its source
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                deadLetters, (record, exception) -> new TopicPartition(record.topic() + ".dlt", -1));
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(2_000);
        backOff.setMaxElapsedTime(maxElapsed.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(
                new SkipUnknownTypesRecoverer(recoverer, meters.getIfAvailable(SimpleMeterRegistry::new)), backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        return handler;
    }

    @Bean
    TopicLayout topicLayout(
            @Value("${taskforce.kafka.topics.partitions:12}") int partitions,
            @Value("${taskforce.kafka.topics.replication-factor:3}") short replicationFactor,
            @Value("${taskforce.kafka.topics.min-insync-replicas:2}") int minInsyncReplicas,
            @Value("${taskforce.kafka.topics.grow-partitions:false}") boolean growPartitions) {
        return new TopicLayout(partitions, replicationFactor, minInsyncReplicas, growPartitions);
    }

    /**
     * Provisions the topics once every bean exists and before any listener starts. A broker that cannot be reached
     * is logged, not fatal (clients retry, and another instance or the next start provisions); a layout the
     * cluster refuses stops the start with the reason.
     */
    @Bean
    SmartInitializingSingleton taskforceTopics(
            KafkaAdmin admin,
            TopicLayout layout,
            @Value("${taskforce.kafka.topics.admin-timeout:30s}") java.time.Duration timeout) {
        return () -> {
            try {
                new TopicProvisioning(admin.getConfigurationProperties(), layout, timeout).provision(Topics.ALL);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof java.util.concurrent.TimeoutException)) {
                    throw e;
                }
                LoggerFactory.getLogger(KafkaConfiguration.class).error(e.getMessage());
            }
        };
    }
}
