package io.raftboot.command;

import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AUTH} and {@code HELLO ... AUTH}: checks a name and password, signs the connection in as
 * that user, and slows down guessing. A failed attempt's answer waits on the connection's timer (the
 * event loop's schedule, so no thread blocks) for longer with every failure, and the next attempt on
 * the connection is checked only once that answer went out, so pipelining many guesses gains
 * nothing. Failures are logged without the password.
 */
final class SignIn {
    private static final Logger log = LoggerFactory.getLogger(SignIn.class);
    private static final RespValue NO_PASSWORD_SET = RespValue.error("ERR AUTH <password> called without any password "
            + "configured for the default user. Are you sure your configuration is correct?");

    private final Users users;
    private final FailedSignInDelay delay;

    SignIn(Users users, FailedSignInDelay delay) {
        this.users = users;
        this.delay = delay;
    }

    /** Runs on the connection's event loop; completes with {@code +OK} or the error to answer. */
    CompletableFuture<RespValue> attempt(ClientSession session, String name, String password) {
        if (!users.passwordRequired()) {
            return CompletableFuture.completedFuture(name.equals(Users.DEFAULT) ? NO_PASSWORD_SET : Replies.WRONGPASS);
        }
        CompletableFuture<RespValue> reply = session.lastSignIn().thenCompose(ignored -> check(session, name, password));
        session.lastSignIn(reply.handle((value, failure) -> null));
        return reply;
    }

    private CompletableFuture<RespValue> check(ClientSession session, String name, String password) {
        Users.Account account = users.check(name, password);
        if (account != null) {
            // a failed attempt leaves the connection's user as it was (Redis 6); a success does not
            // reset the failure count, or a client knowing one password could guess others quickly
            session.signedIn(account.name(), account.role());
            return CompletableFuture.completedFuture(RespValue.OK);
        }
        int failures = session.failedSignIn();
        if (failures == 1 || failures % 10 == 0) {
            // an unknown name may be a password typed in the wrong place: it is not logged either
            log.warn("AUTH failed for {} from {} ({} failed on this connection; answers are slowed down)",
                    users.knows(name) ? "user '" + name + "'" : "an unknown user", session.remoteAddress(), failures);
        }
        CompletableFuture<RespValue> later = new CompletableFuture<>();
        session.timer().schedule(() -> later.complete(Replies.WRONGPASS), delay.after(failures).toMillis());
        return later;
    }
}
