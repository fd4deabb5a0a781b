package io.raftboot.spring.boot.logging;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import ch.qos.logback.classic.PatternLayout;

/**
 * Makes {@code %raftRole} and {@code %redisLevel} known to every Logback pattern, so that
 * {@code logging.pattern.console} and {@code logging.pattern.file} can use them without a Logback
 * configuration file. Runs as an environment post-processor because that is before Spring Boot
 * builds its logging patterns. Does nothing when Logback is not the logging backend.
 */
public class RedisStyleConversionWords implements EnvironmentPostProcessor {

    static final String ROLE_WORD = "raftRole";
    static final String LEVEL_WORD = "redisLevel";
    private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.PatternLayout",
            RedisStyleConversionWords.class.getClassLoader());

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (LOGBACK) {
            Registration.register();
        }
    }

    /** Separate, so that Logback's classes are only loaded when Logback is present. */
    private static final class Registration {
        static void register() {
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(ROLE_WORD, RaftRoleConverter::new);
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(LEVEL_WORD, RedisLevelConverter::new);
        }
    }
}
