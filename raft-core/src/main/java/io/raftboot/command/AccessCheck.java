package io.raftboot.command;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.UserRole;
import io.raftboot.resp.RespValue;

/**
 * Which role a command needs, and whether a connection's user has it. State-machine commands need
 * what {@link CommandSpec#requiredRole()} says; built-ins need role admin when flagged
 * {@code admin} (membership, transfer, snapshots and backups) and otherwise only read, since the
 * others (PING, INFO, RAFTSTATS, CLIENT SETNAME, ...) change nothing replicated.
 */
final class AccessCheck {

    private AccessCheck() {
    }

    static UserRole required(CommandTable.Entry entry) {
        if (entry.user() != null) {
            return entry.user().requiredRole();
        }
        return entry.flags().contains(CommandSpec.ADMIN) ? UserRole.ADMIN : UserRole.READ;
    }

    /** A connection not signed in reaches here only with commands allowed before {@code AUTH}. */
    static boolean allows(ClientSession session, CommandTable.Entry entry) {
        UserRole role = session.role();
        if (role == null) {
            return entry.builtin() != null && entry.builtin().beforeAuth();
        }
        return role == UserRole.ADMIN || role.allows(required(entry));
    }

    /** Redis's answer to a command above the user's permissions. */
    static RespValue refusal(ClientSession session, CommandTable.Entry entry) {
        return RespValue.error("NOPERM User " + session.user() + " has no permissions to run the '" + entry.name()
                + "' command");
    }
}
