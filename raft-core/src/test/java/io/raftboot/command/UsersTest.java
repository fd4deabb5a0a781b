package io.raftboot.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.UserRole;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UsersTest {

    @Test
    void aNameAndItsOwnPasswordFindTheAccount() {
        Users users = new Users(RaftOptions.builder().password("root-pw").user("reader", "r-pw", "read").build());
        assertThat(users.passwordRequired()).isTrue();
        assertThat(users.check("reader", "r-pw").role()).isEqualTo(UserRole.READ);
        assertThat(users.check("default", "root-pw").role()).isEqualTo(UserRole.ADMIN);
        assertThat(users.check("reader", "root-pw")).isNull();
        assertThat(users.check("default", "r-pw")).isNull();
        assertThat(users.check("reader", "r-pw-and-more")).isNull();
        assertThat(users.check("nobody", "r-pw")).isNull();
        assertThat(users.knows("reader")).isTrue();
        assertThat(users.knows("nobody")).isFalse();
    }

    @Test
    void withoutRaftPasswordNobodyNeedsToSignIn() {
        assertThat(new Users(RaftOptions.builder().build()).passwordRequired()).isFalse();
    }

    @Test
    void aMemberReachableFromOtherMachinesWithoutAPasswordIsReportedOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger(Users.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Users.warnIfOpen(RaftOptions.builder().build(), "n1");
            Users.warnIfOpen(RaftOptions.builder().host("0.0.0.0").insecurePeers(true).password("pw").build(), "n1");
            assertThat(logged.list).isEmpty();
            Users.warnIfOpen(RaftOptions.builder().host("0.0.0.0").insecurePeers(true).build(), "n1");
            assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                    .contains("raft.host 0.0.0.0 is reachable from other machines", "set raft.password"));
        } finally {
            logger.detachAppender(logged);
        }
    }
}
