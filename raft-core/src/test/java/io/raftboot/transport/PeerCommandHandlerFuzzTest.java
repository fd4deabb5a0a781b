package io.raftboot.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespDecoder;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespLimits;
import io.raftboot.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random sequences of peer commands, valid and not, against the server handler: nothing
 * escapes as an exception, and nothing is delivered unless the connection sent a well-formed
 * HELLO, and then only messages from the node it named.
 */
class PeerCommandHandlerFuzzTest {
    private static final String[] NAMES = {"RAFT.CHALLENGE", "RAFT.HELLO", "RAFT.MSG", "RAFT.SNAPBEGIN",
            "RAFT.SNAPCHUNK", "RAFT.SNAPEND", "raft.msg", "RAFT.X"};

    @Test
    void randomCommandSequencesNeverThrowAndNeverDeliverUnauthenticated() {
        for (long seed = 1; seed <= 800; seed++) {
            Random random = new Random(seed);
            long currentSeed = seed;
            List<Message> delivered = new ArrayList<>();
            String[] claimed = {null};
            EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE, new RespDecoder(RespLimits.DEFAULTS),
                    new PeerCommandHandler(PeerIdentity.of("server", () -> "c1", ClusterSecret.NONE),
                            (from, messages) -> {
                                assertThat(claimed[0]).as("seed %d: delivery without handshake", currentSeed).isNotNull();
                                assertThat(from).isEqualTo(claimed[0]);
                                messages.forEach(m -> assertThat(m.from()).isEqualTo(claimed[0]));
                                delivered.addAll(messages);
                            }, (from, message, size) -> new NullSink()));
            try {
                for (int step = 0; step < 12 && channel.isOpen(); step++) {
                    byte[][] args = randomCommand(random);
                    if (args[0].length == 10 && new String(args[0], StandardCharsets.US_ASCII).equals("RAFT.HELLO")
                            && args.length == 6 && args[5].length == 0 && claimed[0] == null) {
                        // The first well-formed HELLO is the only one that can succeed.
                        claimed[0] = new String(args[4], StandardCharsets.UTF_8);
                    }
                    channel.writeInbound(Unpooled.wrappedBuffer(RespEncoder.toBytes(RespValue.command(args))));
                    channel.runPendingTasks();
                    channel.checkException();
                }
            } catch (RuntimeException e) {
                fail("seed " + seed + " threw " + e, e);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    private static byte[][] randomCommand(Random random) {
        String name = NAMES[random.nextInt(NAMES.length)];
        List<byte[]> args = new ArrayList<>();
        args.add(name.getBytes(StandardCharsets.US_ASCII));
        switch (name) {
            case "RAFT.HELLO" -> {
                args.add(text(random.nextInt(4) == 0 ? "x" : Integer.toString(random.nextInt(3))));
                args.add(text(Integer.toString(random.nextInt(3))));
                args.add(text(random.nextBoolean() ? "c1" : "-"));
                args.add(text(random.nextBoolean() ? "peer" : "other"));
                args.add(random.nextInt(4) == 0 ? new byte[]{1} : new byte[0]);
            }
            case "RAFT.MSG", "raft.msg" -> {
                List<Message> batch = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    batch.add(RandomMessages.any(random, random.nextInt(5) == 0 ? "other" : "peer", "server"));
                }
                byte[] bytes = MessageCodec.encodeBatch(batch);
                if (random.nextInt(3) == 0 && bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
                args.add(bytes);
            }
            case "RAFT.SNAPBEGIN" -> {
                args.add(MessageCodec.encode(RandomMessages.of(6, random, "peer", "server")));
                args.add(text(Integer.toString(random.nextInt(10) - 1)));
            }
            case "RAFT.SNAPCHUNK" -> {
                args.add(text(Integer.toString(random.nextInt(6))));
                args.add(new byte[random.nextInt(5)]);
            }
            case "RAFT.CHALLENGE" -> args.add(new byte[random.nextInt(40)]);
            default -> {
                for (int i = random.nextInt(3); i > 0; i--) {
                    args.add(new byte[random.nextInt(3)]);
                }
            }
        }
        if (random.nextInt(10) == 0) {
            args.add(new byte[0]);
        }
        return args.toArray(new byte[0][]);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final class NullSink implements SnapshotSink {
        @Override
        public CompletionStage<Void> write(long offset, byte[] bytes) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> complete() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
        }
    }
}
