package io.raftboot.node;

import io.raftboot.RaftNodes;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A member in a process of its own whose state machine writes down every entry it applies, as
 * {@code index term value} lines in {@code applied.log} (a kill -9 keeps what reached the OS), so a
 * test can compare the entries a member applied, by term, with the leader's. Its snapshots carry
 * {@code padMb} megabytes of padding so that streaming one to a follower takes a while.
 *
 * <pre>RecordingMember id port dataDir appliedFile padMb peer,peer,...</pre>
 */
public final class RecordingMember {
    private RecordingMember() {
    }

    public static void main(String[] args) throws Exception {
        String id = args[0];
        int port = Integer.parseInt(args[1]);
        Path dataDir = Path.of(args[2]);
        Path appliedFile = Path.of(args[3]);
        int padMb = Integer.parseInt(args[4]);
        List<String> peers = Arrays.asList(args[5].split(","));
        RaftOptions options = RaftOptions.builder().nodeId(id).host("127.0.0.1").port(port).dataDir(dataDir)
                .peers(peers).durability(Durability.HIGH).consistency(Consistency.LOW)
                .electionTimeout(Duration.ofMillis(400)).heartbeatInterval(Duration.ofMillis(50))
                .snapshotThreshold(300).snapshotTrailingEntries(20).snapshotLogSizeRatio(0)
                .snapshotInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(10)).shutdownTimeout(Duration.ofSeconds(1))
                .build();
        RaftNode node = RaftNodes.open(options, new Recorder(appliedFile, padMb));
        System.out.println("STARTED " + id);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        new CountDownLatch(1).await();
    }

    /** {@code REC value} appends the value; {@code DIGEST} answers a digest of everything applied. */
    static final class Recorder implements StateMachine {
        private final FileChannel applied;
        private final int padMb;
        private long count;
        private long digest;
        private long lastIndex;

        Recorder(Path appliedFile, int padMb) throws IOException {
            this.applied = FileChannel.open(appliedFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            this.padMb = padMb;
        }

        @Override
        public List<CommandSpec> commands() {
            return List.of(
                    CommandSpec.write("REC", 2, (cmd, ctx) -> {
                        String value = cmd.string(1);
                        count++;
                        digest = digest * 31 + (ctx.index() * 7919 + ctx.term()) * 131 + value.hashCode();
                        lastIndex = ctx.index();
                        record(ctx.index() + " " + ctx.term() + " " + value + "\n");
                        return Status.OK;
                    }),
                    CommandSpec.builder("DIGEST", 1, CommandKind.READ).noKeys()
                            .handler((cmd, ctx, applier) -> applier.read(() -> count + ":" + digest, d -> d))
                            .build());
        }

        private void record(String line) {
            try {
                applied.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public SnapshotWriter snapshot() {
            long c = count;
            long d = digest;
            long last = lastIndex;
            return out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.writeLong(c);
                data.writeLong(d);
                data.writeLong(last);
                byte[] pad = new byte[1 << 20];
                for (int i = 0; i < padMb; i++) {
                    pad[i % pad.length] = (byte) i; // not all zeros, so nothing on the way shortens it
                    data.write(pad);
                }
                data.flush();
            };
        }

        @Override
        public void restore(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            count = data.readLong();
            digest = data.readLong();
            lastIndex = data.readLong();
            in.transferTo(OutputStream.nullOutputStream());
            record("restored " + lastIndex + "\n");
        }
    }
}
