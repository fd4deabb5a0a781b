package io.raftboot.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import io.raftboot.spring.boot.integration.CounterApplication;

/** The Redis-style log format and the role it shows, driven by the role-change events. */
class RedisStyleLoggingTest {

    @TempDir
    Path temp;

    @AfterEach
    void reset() {
        RaftLogRole.set(NodeRole.SHUTDOWN);
    }

    /** Configures a fresh Logback context from the shipped fragment; returns its appender's encoder. */
    @SuppressWarnings("unchecked")
    private static Encoder<ch.qos.logback.classic.spi.ILoggingEvent> redisStyleEncoder(LoggerContext context)
            throws Exception {
        String xml = """
                <configuration>
                  <include resource="io/raftboot/spring/boot/logging/redis-style.xml"/>
                  <root level="DEBUG"><appender-ref ref="REDIS_STYLE_CONSOLE"/></root>
                </configuration>""";
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) context
                        .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("REDIS_STYLE_CONSOLE");
        assertThat(appender).as("appender from redis-style.xml").isNotNull();
        return appender.getEncoder();
    }

    private static String line(Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder, Logger logger, Level level,
                               String message) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void linesReadLikeRedisWithRoleAndLevelMarks() throws Exception {
        LoggerContext context = new LoggerContext();
        try {
            Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder = redisStyleEncoder(context);
            Logger logger = context.getLogger("test");
            String pid = System.getProperty("PID", "0");
            String stamp = "\\d{2} \\S{3,} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}";

            RaftLogRole.set(NodeRole.LEADER);
            assertThat(line(encoder, logger, Level.INFO, "Ready to accept connections"))
                    .matches(pid + ":M " + stamp + " \\* Ready to accept connections\\R");
            RaftLogRole.set(NodeRole.FOLLOWER);
            assertThat(line(encoder, logger, Level.WARN, "lost the leader"))
                    .matches(pid + ":S " + stamp + " # lost the leader\\R");
            RaftLogRole.set(NodeRole.CANDIDATE);
            assertThat(line(encoder, logger, Level.DEBUG, "vote")).matches(pid + ":C " + stamp + " \\. vote\\R");
            RaftLogRole.set(NodeRole.LEARNER);
            assertThat(line(encoder, logger, Level.ERROR, "x")).matches(pid + ":L " + stamp + " # x\\R");
            RaftLogRole.set(NodeRole.SHUTDOWN);
            assertThat(line(encoder, logger, Level.INFO, "bye")).matches(pid + ":- " + stamp + " \\* bye\\R");
        } finally {
            context.stop();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theWordsWorkInSpringBootsOwnPatternProperty(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CounterApplication.class)
                .web(WebApplicationType.NONE)
                .properties("raft.port=0", "raft.node-id=styled", "raft.data-dir=" + temp.resolve("styled"),
                        "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms",
                        "logging.pattern.console=[${PID}] <%raftRole|%redisLevel> %m%n")
                .run()) {
            RaftNode node = context.getBean(RaftNode.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER
                    && RaftLogRole.current() == 'M');
            org.slf4j.LoggerFactory.getLogger("sample").warn("after the election");
            assertThat(output.getOut()).contains("[" + ProcessHandle.current().pid() + "] <M|#> after the election");
            assertThat(output.getOut()).containsPattern("<[-SCM]\\|\\*> styled listening on");
        }
    }

    @Test
    void roleChangeEventsArriveInOrderAndDriveTheLoggedRole() {
        List<RaftRoleChangedEvent> events = new CopyOnWriteArrayList<>();
        ApplicationListener<RaftRoleChangedEvent> recorder = events::add;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CounterApplication.class)
                .web(WebApplicationType.NONE).listeners(recorder)
                .properties("raft.port=0", "raft.node-id=solo", "raft.data-dir=" + temp.resolve("solo"),
                        "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms")
                .run()) {
            RaftNode node = context.getBean(RaftNode.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER
                    && !events.isEmpty() && events.get(events.size() - 1).getRole() == NodeRole.LEADER);
            assertThat(RaftLogRole.current()).isEqualTo('M');
            // each event starts where the previous one ended, terms never go back
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).getPreviousRole()).as("event %d", i).isEqualTo(events.get(i - 1).getRole());
                assertThat(events.get(i).getTerm()).isGreaterThanOrEqualTo(events.get(i - 1).getTerm());
            }
            assertThat(events).extracting(RaftRoleChangedEvent::getRole).containsSubsequence(NodeRole.LEADER);
            assertThat(events.get(events.size() - 1).getTerm()).isEqualTo(node.status().term());
        }
        assertThat(RaftLogRole.current()).as("role after the context closed").isEqualTo('-');
    }
}
