package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.Redirect;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** Users and roles over real sockets: AUTH with a name, HELLO 2 AUTH, -NOPERM, the slowdown, the proxy path. */
class UsersAndRolesTest {
    private static final Consumer<RaftOptions.Builder> USERS = b -> b.password("root-pw")
            .user("reader", "r-pw", "read").user("writer", "w-pw", "write").user("ops", "o-pw", "admin");

    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** KvStateMachine plus WIPE, a write flagged admin (as the sample flags FLUSHALL). */
    static StateMachine withAdminCommand() {
        return new KvStateMachine().withCommands(commands -> {
            List<CommandSpec> all = new ArrayList<>(commands);
            all.add(CommandSpec.builder("WIPE", 1, CommandKind.WRITE).flags(CommandSpec.ADMIN).noKeys()
                    .handler((c, ctx, applier) -> applier.write(() -> Status.OK, r -> r)).build());
            return all;
        });
    }

    private TestCluster.Member startOne() {
        cluster = TestCluster.create(1, USERS);
        TestCluster.Member m = cluster.member(0);
        cluster.startMember(m, cluster.options(m), withAdminCommand());
        cluster.awaitLeader();
        return m;
    }

    private static Object wipe(Jedis jedis) {
        return jedis.sendCommand(() -> SafeEncoder.encode("WIPE"));
    }

    private static String noPerm(String user, String command) {
        return "NOPERM User " + user + " has no permissions to run the '" + command + "' command";
    }

    @Test
    void eachRoleRunsWhatItMayAndIsRefusedAboveIt() {
        TestCluster.Member m = startOne();
        try (Jedis reader = m.jedis(); Jedis writer = m.jedis(); Jedis ops = m.jedis()) {
            assertThat(reader.auth("reader", "r-pw")).isEqualTo("OK");
            assertThat(writer.auth("writer", "w-pw")).isEqualTo("OK");
            assertThat(ops.auth("ops", "o-pw")).isEqualTo("OK");

            assertThat(writer.set("k", "v")).isEqualTo("OK");
            assertThat(reader.get("k")).isEqualTo("v");
            assertThat(reader.ping()).isEqualTo("PONG");
            assertThat(reader.info("replication")).contains("role:master");
            assertThat(reader.sendCommand(() -> SafeEncoder.encode("RAFTLEADER"))).isNotNull();
            assertThat(reader.sendCommand(() -> SafeEncoder.encode("RAFTSTATS")))
                    .asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty();
            assertThat(reader.aclWhoAmI()).isEqualTo("reader");
            assertThatThrownBy(() -> reader.set("k", "x")).isInstanceOf(JedisDataException.class)
                    .hasMessage(noPerm("reader", "set"));
            assertThatThrownBy(() -> reader.incr("n")).hasMessage(noPerm("reader", "incr"));

            assertThatThrownBy(() -> wipe(writer)).hasMessage(noPerm("writer", "wipe"));
            assertThatThrownBy(() -> writer.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOT")))
                    .hasMessage(noPerm("writer", "raftsnapshot"));
            assertThatThrownBy(() -> writer.sendCommand(() -> SafeEncoder.encode("RAFTTRANSFER")))
                    .hasMessage(noPerm("writer", "rafttransfer"));
            assertThatThrownBy(() -> writer.sendCommand(() -> SafeEncoder.encode("RAFTFORWARD"), "SET", "k", "x"))
                    .as("a forwarded command is run only for members").hasMessage(noPerm("writer", "raftforward"));

            assertThat(SafeEncoder.encode((byte[]) wipe(ops))).isEqualTo("OK");
            assertThat(SafeEncoder.encode((byte[]) ops.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOT"))))
                    .isEqualTo("OK");
            assertThat(ops.set("k", "by-ops")).isEqualTo("OK");
            assertThat(reader.get("k")).isEqualTo("by-ops");
        }
    }

    @Test
    void raftPasswordAloneIsTheDefaultAdminAsBefore() {
        TestCluster.Member m = startOne();
        try (Jedis jedis = m.jedis()) {
            assertThatThrownBy(() -> jedis.get("k")).hasMessage("NOAUTH Authentication required.");
            assertThat(jedis.auth("root-pw")).isEqualTo("OK");
            assertThat(jedis.aclWhoAmI()).isEqualTo("default");
            assertThat(SafeEncoder.encode((byte[]) wipe(jedis))).isEqualTo("OK");
        }
    }

    @Test
    void helloTwoAuthSignsInAsTheUser() {
        TestCluster.Member m = startOne();
        try (Jedis jedis = m.jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HELLO, "3", "AUTH", "writer", "w-pw"))
                    .hasMessage("NOPROTO sorry, this protocol version is not supported");
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HELLO, "2", "AUTH", "writer", "nope"))
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HELLO, "2", "AUTH", "writer", "w-pw", "BAD"))
                    .hasMessageStartingWith("ERR Syntax error in HELLO option");
            assertThatThrownBy(() -> jedis.get("k")).as("a bad option signs nobody in").hasMessageStartingWith("NOAUTH");

            List<?> hello = (List<?>) jedis.sendCommand(Protocol.Command.HELLO, "2", "AUTH", "writer", "w-pw",
                    "SETNAME", "app");
            assertThat(SafeEncoder.encode((byte[]) hello.get(4))).isEqualTo("proto");
            assertThat(hello.get(5)).isEqualTo(2L);
            assertThat(jedis.aclWhoAmI()).isEqualTo("writer");
            assertThat(jedis.clientGetname()).isEqualTo("app");
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> wipe(jedis)).hasMessage(noPerm("writer", "wipe"));
        }
    }

    @Test
    void lettuceSignsInWithAUserName() {
        TestCluster.Member m = startOne();
        RedisClient client = RedisClient.create();
        try {
            RedisURI asWriter = RedisURI.builder().withHost("127.0.0.1").withPort(Integer.parseInt(
                    m.address().substring(m.address().indexOf(':') + 1))).withAuthentication("writer", "w-pw").build();
            try (StatefulRedisConnection<String, String> writer = client.connect(asWriter)) {
                assertThat(writer.sync().set("lettuce", "yes")).isEqualTo("OK");
            }
            RedisURI asReader = RedisURI.builder(asWriter).withAuthentication("reader", "r-pw").build();
            try (StatefulRedisConnection<String, String> reader = client.connect(asReader)) {
                assertThat(reader.sync().get("lettuce")).isEqualTo("yes");
                assertThatThrownBy(() -> reader.sync().set("lettuce", "no"))
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessage(noPerm("reader", "set"));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void pipelinedGuessesAreAnsweredOneSlowerThanTheOtherWhileOtherClientsAreServed() throws Exception {
        TestCluster.Member m = startOne();
        int port = Integer.parseInt(m.address().substring(m.address().indexOf(':') + 1));
        try (Socket guesser = new Socket("127.0.0.1", port); Jedis other = m.jedis()) {
            OutputStream out = guesser.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(guesser.getInputStream(), StandardCharsets.UTF_8));
            long sent = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                out.write(("*3\r\n$4\r\nAUTH\r\n$6\r\nreader\r\n$6\r\nguess" + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            assertThat(other.auth("reader", "r-pw")).isEqualTo("OK");
            assertThat(other.ping()).isEqualTo("PONG");
            long otherServed = System.nanoTime() - sent;
            long[] answered = new long[3];
            for (int i = 0; i < 3; i++) {
                assertThat(in.readLine()).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.");
                answered[i] = (System.nanoTime() - sent) / 1_000_000;
            }
            // 100ms, then 200ms more, then 400ms more: each guess is checked after the previous answer
            assertThat(answered[0]).isGreaterThanOrEqualTo(100);
            assertThat(answered[1]).isGreaterThanOrEqualTo(300);
            assertThat(answered[2]).isGreaterThanOrEqualTo(700);
            assertThat(otherServed / 1_000_000).as("the event loop never waited").isLessThan(answered[2]);
        }
    }

    @Test
    void aFollowerChecksTheClientsRoleBeforeProxyingToTheLeader() {
        cluster = TestCluster.start(3, USERS.andThen(b -> b.redirect(Redirect.PROXY)));
        TestCluster.Member follower = cluster.followers().get(0);
        try (Jedis writer = follower.jedis(); Jedis reader = follower.jedis()) {
            assertThat(writer.auth("writer", "w-pw")).isEqualTo("OK");
            assertThat(reader.auth("reader", "r-pw")).isEqualTo("OK");
            assertThat(writer.set("k", "through-the-follower")).isEqualTo("OK");
            assertThat(reader.get("k")).isEqualTo("through-the-follower");
            assertThatThrownBy(() -> reader.set("k", "x")).hasMessage(noPerm("reader", "set"));
            assertThatThrownBy(() -> writer.sendCommand(() -> SafeEncoder.encode("RAFTTRANSFER")))
                    .hasMessage(noPerm("writer", "rafttransfer"));
        }
    }

    /** A queued command above the user's role dooms the block; the block itself needs no role of its own. */
    @Test
    void transactionsCheckEveryQueuedCommandAgainstTheRoleAndCannotBeSentRaw() {
        TestCluster.Member m = startOne();
        try (Jedis writer = m.jedis(); Jedis reader = m.jedis()) {
            writer.auth("writer", "w-pw");
            reader.auth("reader", "r-pw");
            assertThat(TransactionTest.block(writer, "SET", "k", "1")).isEqualTo(List.of("OK"));

            assertThat(TransactionTest.send(reader, "MULTI")).isEqualTo("OK");
            assertThat(TransactionTest.send(reader, "GET", "k")).isEqualTo("QUEUED");
            assertThatThrownBy(() -> TransactionTest.send(reader, "SET", "k", "2"))
                    .hasMessage("NOPERM User reader has no permissions to run the 'set' command");
            assertThatThrownBy(() -> TransactionTest.send(reader, "EXEC"))
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");

            assertThat(TransactionTest.send(writer, "MULTI")).isEqualTo("OK");
            assertThatThrownBy(() -> TransactionTest.send(writer, "WIPE")).hasMessageStartingWith("NOPERM");
            assertThatThrownBy(() -> TransactionTest.send(writer, "EXEC")).hasMessageStartingWith("EXECABORT");
            // the internal form, sent directly, would skip those checks: it needs admin
            assertThatThrownBy(() -> TransactionTest.send(writer, "RAFTEXEC", "0", "0", "1", "WIPE"))
                    .hasMessage("NOPERM User writer has no permissions to run the 'raftexec' command");
            assertThat(writer.get("k")).isEqualTo("1");
        }
    }
}
