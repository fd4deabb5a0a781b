package io.raftboot.api;

import java.util.Locale;

/**
 * What a client user may run ({@code raft.users.<name>.role}). Each role includes the one before:
 * the part of Redis's ACL a replicated store needs, with fixed roles instead of rule lists.
 */
public enum UserRole {
    /** Read commands and the connection and status commands that change nothing. */
    READ,
    /** Also writes of the state machine. */
    WRITE,
    /**
     * Also membership, leadership transfer, snapshots and backups, and state-machine commands flagged
     * {@link CommandSpec#ADMIN} (such as {@code FLUSHALL}). The {@code default} user
     * ({@code raft.password}) has this role.
     */
    ADMIN;

    /** Whether a user with this role may run a command that needs {@code required}. */
    public boolean allows(UserRole required) {
        return compareTo(required) >= 0;
    }

    /** The role as configured: {@code read}, {@code write} or {@code admin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param property the property being read, named in the error
     * @throws IllegalArgumentException when {@code value} is not a role
     */
    public static UserRole parse(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must be set: read, write or admin");
        }
        for (UserRole role : values()) {
            if (role.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException(property + " must be read, write or admin, got '" + value + "'");
    }
}
