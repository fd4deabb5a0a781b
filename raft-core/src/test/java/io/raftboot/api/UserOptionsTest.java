package io.raftboot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code raft.users.*} in {@link RaftOptions}: what is kept, and what fails naming its property. */
class UserOptionsTest {

    @Test
    void usersAreKeptInOrderWithTheirRoles() {
        RaftOptions options = RaftOptions.builder().password("root-pw")
                .user("reader", "r-pw", "read").user("writer", "w-pw", "WRITE").user("ops", "o-pw", UserRole.ADMIN)
                .build();
        assertThat(options.users()).containsExactly(new ClientUser("reader", "r-pw", UserRole.READ),
                new ClientUser("writer", "w-pw", UserRole.WRITE), new ClientUser("ops", "o-pw", UserRole.ADMIN));
        assertThat(options.toBuilder().build().users()).isEqualTo(options.users());
    }

    @Test
    void noUsersByDefaultSoOldPasswordOnlySetupsAreUnchanged() {
        RaftOptions options = RaftOptions.builder().password("root-pw").build();
        assertThat(options.users()).isEmpty();
        assertThat(options.password()).contains("root-pw");
    }

    @Test
    void anUnknownRoleNamesItsProperty() {
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("bob", "pw", "superuser").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("raft.users.bob.role must be read, write or admin, got 'superuser'");
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("bob", "pw", (String) null).build())
                .hasMessage("raft.users.bob.role must be set: read, write or admin");
    }

    @Test
    void anEmptyPasswordNamesItsProperty() {
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("bob", "", "read").build())
                .hasMessage("raft.users.bob.password must not be empty");
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("bob", null, "read").build())
                .hasMessage("raft.users.bob.password must not be empty");
    }

    @Test
    void theDefaultUserIsRaftPasswordAndCannotBeRedefined() {
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("default", "other", "read").build())
                .hasMessageStartingWith("raft.users.default: the default user is raft.password (role admin)");
    }

    @Test
    void usersNeedTheDefaultPasswordSoThatNobodyIsAdminWithoutOne() {
        assertThatThrownBy(() -> RaftOptions.builder().user("bob", "pw", "read").build())
                .hasMessageStartingWith("raft.users needs raft.password");
    }

    @Test
    void userNamesArePrintableWithoutSpaces() {
        assertThatThrownBy(() -> RaftOptions.builder().password("p").user("bo b", "pw", "read").build())
                .hasMessageContaining("raft.users: user name 'bo b'");
    }

    @Test
    void userPasswordsAreNotPrinted() {
        String text = RaftOptions.builder().password("p").user("bob", "hunter2", "write").build().toString();
        assertThat(text).contains("bob(write)").doesNotContain("hunter2");
    }

    @Test
    void eachRoleIncludesTheOneBelow() {
        assertThat(UserRole.ADMIN.allows(UserRole.WRITE)).isTrue();
        assertThat(UserRole.WRITE.allows(UserRole.READ)).isTrue();
        assertThat(UserRole.WRITE.allows(UserRole.ADMIN)).isFalse();
        assertThat(UserRole.READ.allows(UserRole.WRITE)).isFalse();
    }
}
