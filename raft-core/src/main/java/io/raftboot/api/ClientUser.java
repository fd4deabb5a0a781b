package io.raftboot.api;

import java.util.Objects;

/**
 * A client account beside the {@code default} user ({@code raft.users.<name>.password} and
 * {@code .role}). Built and checked by {@link RaftOptions.Builder#user}.
 *
 * @param name     what clients give to {@code AUTH name password} and {@code HELLO 2 AUTH name password}
 * @param password never empty; {@link #toString()} does not show it
 * @param role     what the user may run
 */
public record ClientUser(String name, String password, UserRole role) {

    public ClientUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return name + "(" + role.configName() + ")";
    }
}
