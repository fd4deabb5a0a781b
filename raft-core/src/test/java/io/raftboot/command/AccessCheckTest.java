package io.raftboot.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.Status;
import io.raftboot.api.UserRole;
import io.raftboot.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role every command needs, checked against the node's real built-ins and flagged user commands. */
class AccessCheckTest {
    private static final List<String> ADMIN_BUILTINS = List.of("raftaddpeer", "raftremovepeer", "raftsnapshot",
            "raftsnapshots", "raftsnapshotread", "rafttransfer", RaftCommands.FORWARD, RaftCommands.MEMBERS);

    private final CommandTable table = table();

    private static CommandTable table() {
        List<Builtin> builtins = new ArrayList<>();
        // the handlers are never run here, so no node is needed to list them
        builtins.addAll(new ConnectionCommands(null, () -> null, null).all());
        builtins.addAll(new ServerInfoCommands(null, () -> 0).all());
        builtins.addAll(new RaftCommands(null, () -> null).all());
        List<CommandSpec> user = List.of(
                CommandSpec.read("GET", 2, c -> null),
                CommandSpec.write("SET", 3, (c, ctx) -> Status.OK),
                CommandSpec.builder("FLUSHALL", -1, CommandKind.WRITE).flags(CommandSpec.ADMIN).noKeys()
                        .handler((c, ctx, applier) -> applier.write(() -> Status.OK, r -> r)).build(),
                CommandSpec.builder("DEBUGDUMP", 1, CommandKind.READ).flags(CommandSpec.ADMIN).noKeys()
                        .handler((c, ctx, applier) -> applier.read(() -> "", r -> r)).build());
        return new CommandTable(user, builtins);
    }

    private static ClientSession signedIn(String user, UserRole role) {
        ClientSession session = new ClientSession("test", false);
        session.signedIn(user, role);
        return session;
    }

    private boolean allowed(UserRole role, String command) {
        return AccessCheck.allows(signedIn("u", role), table.lookup(command));
    }

    @Test
    void readUsersRunReadsAndEveryBuiltinThatChangesNothing() {
        assertThat(allowed(UserRole.READ, "get")).isTrue();
        assertThat(allowed(UserRole.READ, "set")).isFalse();
        assertThat(allowed(UserRole.READ, "flushall")).isFalse();
        assertThat(allowed(UserRole.READ, "debugdump")).isFalse();
        for (String name : List.of("ping", "echo", "info", "role", "client", "command", "config", "hello", "auth",
                "quit", "select", "acl", "cluster", "raftleader", "raftstate", "raftpeers", "raftstats")) {
            assertThat(allowed(UserRole.READ, name)).as(name).isTrue();
        }
    }

    @Test
    void writeUsersAlsoWriteButNeitherAdministerNorRunAdminFlaggedCommands() {
        assertThat(allowed(UserRole.WRITE, "get")).isTrue();
        assertThat(allowed(UserRole.WRITE, "set")).isTrue();
        assertThat(allowed(UserRole.WRITE, "flushall")).isFalse();
        assertThat(allowed(UserRole.WRITE, "debugdump")).isFalse();
        for (String name : ADMIN_BUILTINS) {
            assertThat(allowed(UserRole.WRITE, name)).as(name).isFalse();
        }
    }

    @Test
    void adminUsersRunEverything() {
        for (CommandTable.Entry entry : table.all()) {
            assertThat(AccessCheck.allows(signedIn("ops", UserRole.ADMIN), entry)).as(entry.name()).isTrue();
        }
        assertThat(allowed(UserRole.ADMIN, RaftCommands.FORWARD)).isTrue();
    }

    @Test
    void theAdminBuiltinsAreExactlyMembershipTransferSnapshotsAndInternalOnes() {
        List<String> admin = new ArrayList<>();
        for (String name : List.of("ping", "raftaddpeer", "raftremovepeer", "raftsnapshot", "raftsnapshots",
                "raftsnapshotread", "rafttransfer", RaftCommands.FORWARD, RaftCommands.MEMBERS, "raftstats", "info")) {
            if (AccessCheck.required(table.lookup(name)) == UserRole.ADMIN) {
                admin.add(name);
            }
        }
        assertThat(admin).containsExactlyInAnyOrderElementsOf(ADMIN_BUILTINS);
    }

    @Test
    void beforeSigningInOnlyTheCommandsAllowedBeforeAuthPass() {
        ClientSession anonymous = new ClientSession("test", false);
        assertThat(AccessCheck.allows(anonymous, table.lookup("auth"))).isTrue();
        assertThat(AccessCheck.allows(anonymous, table.lookup("hello"))).isTrue();
        assertThat(AccessCheck.allows(anonymous, table.lookup("get"))).isFalse();
        assertThat(AccessCheck.allows(anonymous, table.lookup("ping"))).isFalse();
    }

    @Test
    void aSessionWithoutAPasswordIsTheDefaultAdmin() {
        ClientSession open = new ClientSession("test", true);
        assertThat(open.user()).isEqualTo("default");
        assertThat(AccessCheck.allows(open, table.lookup("raftsnapshot"))).isTrue();
    }

    @Test
    void aRefusalHasRedisShape() {
        RespValue refusal = AccessCheck.refusal(signedIn("alice", UserRole.READ), table.lookup("SET"));
        assertThat(refusal).isEqualTo(RespValue.error("NOPERM User alice has no permissions to run the 'set' command"));
    }
}
