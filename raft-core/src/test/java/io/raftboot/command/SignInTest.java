package io.raftboot.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.UserRole;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** AUTH's checks, and how failed attempts on one connection are slowed down and logged. */
class SignInTest {
    private static final FailedSignInDelay DELAY = new FailedSignInDelay(Duration.ofMillis(100), Duration.ofMillis(1600));

    /** Keeps what would run later, so a test decides when the delay is over. */
    private static final class ManualTimer implements ClientSession.Timer {
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> due = new ArrayList<>();

        @Override
        public void schedule(Runnable task, long delayMillis) {
            delays.add(delayMillis);
            due.add(task);
        }

        void elapse() {
            List<Runnable> now = new ArrayList<>(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    private final ManualTimer timer = new ManualTimer();
    private final ClientSession session = new ClientSession("10.0.0.9:5555", false, timer);
    private final SignIn signIn = new SignIn(new Users(RaftOptions.builder().password("root-pw")
            .user("reader", "r-pw", "read").user("writer", "w-pw", "write").build()), DELAY);
    private final Logger logger = (Logger) LoggerFactory.getLogger(SignIn.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void theRightPasswordSignsInAsThatUserWithItsRole() {
        assertThat(signIn.attempt(session, "reader", "r-pw")).isCompletedWithValue(RespValue.OK);
        assertThat(session.user()).isEqualTo("reader");
        assertThat(session.role()).isEqualTo(UserRole.READ);
        assertThat(timer.delays).isEmpty();
    }

    @Test
    void raftPasswordIsTheDefaultUserWithRoleAdmin() {
        assertThat(signIn.attempt(session, "default", "root-pw")).isCompletedWithValue(RespValue.OK);
        assertThat(session.user()).isEqualTo("default");
        assertThat(session.role()).isEqualTo(UserRole.ADMIN);
    }

    @Test
    void anotherUsersPasswordOrAnUnknownUserIsTheSameWrongPass() {
        CompletableFuture<RespValue> wrongUser = signIn.attempt(session, "writer", "r-pw");
        timer.elapse();
        CompletableFuture<RespValue> unknown = signIn.attempt(session, "nobody", "r-pw");
        timer.elapse();
        assertThat(wrongUser).isCompletedWithValue(Replies.WRONGPASS);
        assertThat(unknown).isCompletedWithValue(Replies.WRONGPASS);
        assertThat(session.authenticated()).isFalse();
    }

    @Test
    void eachFailureIsAnsweredLaterThanTheOneBeforeUpToTheCap() {
        for (int i = 0; i < 7; i++) {
            CompletableFuture<RespValue> reply = signIn.attempt(session, "reader", "guess-" + i);
            assertThat(reply).as("answered only once the delay is over").isNotDone();
            timer.elapse();
            assertThat(reply).isCompletedWithValue(Replies.WRONGPASS);
        }
        assertThat(timer.delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 1600L, 1600L);
    }

    @Test
    void aPipelinedAttemptIsCheckedOnlyAfterThePreviousAnswer() {
        CompletableFuture<RespValue> guess = signIn.attempt(session, "reader", "guess");
        CompletableFuture<RespValue> right = signIn.attempt(session, "reader", "r-pw");
        assertThat(right).isNotDone();
        assertThat(session.authenticated()).as("not checked while the guess waits").isFalse();
        timer.elapse();
        assertThat(guess).isCompletedWithValue(Replies.WRONGPASS);
        assertThat(right).isCompletedWithValue(RespValue.OK);
        assertThat(session.user()).isEqualTo("reader");
    }

    @Test
    void aSuccessDoesNotResetTheSlowdown() {
        signIn.attempt(session, "reader", "guess");
        timer.elapse();
        signIn.attempt(session, "reader", "r-pw");
        signIn.attempt(session, "writer", "guess");
        timer.elapse();
        assertThat(timer.delays).containsExactly(100L, 200L);
    }

    @Test
    void aFailedAttemptKeepsTheUserSignedInBefore() {
        signIn.attempt(session, "reader", "r-pw");
        CompletableFuture<RespValue> reply = signIn.attempt(session, "writer", "guess");
        timer.elapse();
        assertThat(reply).isCompletedWithValue(Replies.WRONGPASS);
        assertThat(session.user()).isEqualTo("reader");
        assertThat(session.role()).isEqualTo(UserRole.READ);
    }

    @Test
    void failuresAreLoggedWithoutThePasswordOrAnUnknownName() {
        signIn.attempt(session, "writer", "guess-one");
        timer.elapse();
        signIn.attempt(session, "w-pw", "writer");
        timer.elapse();
        assertThat(logged.list).hasSize(1);
        String line = logged.list.get(0).getFormattedMessage();
        assertThat(line).contains("user 'writer'", "10.0.0.9:5555", "1 failed").doesNotContain("guess-one");
        for (int i = 3; i <= 10; i++) {
            signIn.attempt(session, "w-pw", "writer");
            timer.elapse();
        }
        assertThat(logged.list).hasSize(2);
        assertThat(logged.list.get(1).getFormattedMessage()).contains("an unknown user", "10 failed")
                .doesNotContain("w-pw");
    }

    @Test
    void withoutAnyPasswordAuthAnswersAsRedisDoes() {
        SignIn open = new SignIn(new Users(RaftOptions.builder().build()), DELAY);
        ClientSession anyone = new ClientSession("test", true, timer);
        assertThat(open.attempt(anyone, "default", "x").join().toString()).contains("without any password configured");
        assertThat(open.attempt(anyone, "bob", "x")).isCompletedWithValue(Replies.WRONGPASS);
        assertThat(anyone.user()).isEqualTo("default");
        assertThat(timer.delays).isEmpty();
    }

    @Test
    void theDelayDoublesPerFailureUpToItsCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE).stream().map(DELAY::after).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 1600L, 1600L, 1600L);
    }
}
