package io.raftboot.command;

import io.raftboot.api.ClientUser;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.UserRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client users a node knows: {@code default} from {@code raft.password} (role admin) and
 * {@code raft.users.*}. Only SHA-256 digests of the passwords are kept and compared, so the time a
 * check takes depends neither on how much of a password matched nor on its length.
 */
public final class Users {
    private static final Logger log = LoggerFactory.getLogger(Users.class);

    /** The user {@code raft.password} belongs to, and the user of every client when there is none. */
    public static final String DEFAULT = "default";

    /** One user as kept here: the digest of the password, never the password. */
    record Account(String name, byte[] digest, UserRole role) {
    }

    private final Map<String, Account> accounts = new HashMap<>();
    /** Compared against when the name is unknown, so that an unknown name takes as long as a known one. */
    private final byte[] unknownUserDigest = new byte[32];

    Users(RaftOptions options) {
        new SecureRandom().nextBytes(unknownUserDigest);
        options.password().ifPresent(p -> add(DEFAULT, p, UserRole.ADMIN));
        for (ClientUser user : options.users()) {
            add(user.name(), user.password(), user.role());
        }
    }

    private void add(String name, String password, UserRole role) {
        accounts.put(name, new Account(name, digest(password), role));
    }

    /** Whether clients must {@code AUTH} before other commands. */
    boolean passwordRequired() {
        return !accounts.isEmpty();
    }

    /** Whether a user of that name exists (to decide whether a log line may name it). */
    boolean knows(String name) {
        return accounts.containsKey(name);
    }

    /** The account when name and password match, else null. */
    Account check(String name, String password) {
        Account account = accounts.get(name);
        boolean match = MessageDigest.isEqual(digest(password), account == null ? unknownUserDigest : account.digest());
        return match && account != null ? account : null;
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A member that clients on other machines can reach while any of them may run every command
     * without a password: said once at start-up, since that is a choice to make on purpose.
     */
    public static void warnIfOpen(RaftOptions options, String nodeId) {
        if (options.password().isEmpty() && !options.loopbackHost()) {
            log.warn("{}: raft.host {} is reachable from other machines and clients need no password: anyone who "
                    + "can connect may run every command; set raft.password (and raft.users.* for less privileged "
                    + "users)", nodeId, options.host());
        }
    }
}
