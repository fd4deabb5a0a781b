package io.raftboot.storage;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSnapshotStoreTest {
    @TempDir
    Path dir;

    private static final Configuration CONF = Configuration.ofVoters(
            List.of(new Member("a", "127.0.0.1:1", true), new Member("b", "127.0.0.1:2", true)));

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static SnapshotFile write(SnapshotStore store, long index, long term, byte[] data) throws IOException {
        try (SnapshotWriter w = store.create(new SnapshotMeta(index, term, CONF))) {
            OutputStream out = w.stream();
            out.write(data, 0, data.length / 2);
            for (int i = data.length / 2; i < data.length; i++) {
                out.write(data[i]);
            }
            return w.commit();
        }
    }

    private static byte[] readAll(SnapshotStore store, SnapshotFile f) throws IOException {
        try (InputStream in = store.openData(f)) {
            return in.readAllBytes();
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReadsBackWithMetadata() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        assertThat(store.latest()).isEmpty();
        byte[] data = data(300_000, 1);
        SnapshotFile f = write(store, 120, 3, data);
        assertThat(f.meta()).isEqualTo(new SnapshotMeta(120, 3, CONF));
        assertThat(f.size()).isEqualTo(Files.size(f.path()));
        assertThat(f.checksum()).hasSize(8);
        assertThat(readAll(store, f)).isEqualTo(data);
        SnapshotStore reopened = FileSnapshotStore.open(dir, 2);
        assertThat(reopened.latest()).contains(f);
        assertThat(files()).containsExactly(f.id() + ".snap");
        byte[] head = Files.readAllBytes(f.path());
        assertThat(new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RBSN");
    }

    @Test
    void keepsTheNewestRetainSnapshotsNewestFirst() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        write(store, 10, 1, data(100, 1));
        SnapshotFile b = write(store, 20, 1, data(100, 2));
        SnapshotFile c = write(store, 30, 2, data(0, 3));
        assertThat(store.list()).containsExactly(c, b);
        assertThat(store.latest()).contains(c);
        assertThat(files()).hasSize(2);
        assertThat(readAll(store, c)).isEmpty();
    }

    @Test
    void dataChecksumMismatchIsDetectedNamingTheFile() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        SnapshotFile f = write(store, 50, 2, data(10_000, 4));
        long at = f.size() - SnapshotFormat.TRAILER - 100; // inside the data
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.get(0)}), at);
        }
        SnapshotStore reopened = FileSnapshotStore.open(dir, 2);
        assertThatThrownBy(reopened::latest).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(f.path().toString()).hasMessageContaining("checksum")
                .hasMessageContaining("offsets");
        assertThatThrownBy(() -> readAll(reopened, f)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.path().toString()).hasMessageContaining("checksum");
    }

    @Test
    void damagedHeaderIsDetected() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        SnapshotFile f = write(store, 50, 2, data(1000, 4));
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9}), 30); // inside the configuration
        }
        assertThatThrownBy(() -> FileSnapshotStore.open(dir, 2).latest()).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(f.path().toString()).hasMessageContaining("header checksum");
    }

    @Test
    void crashMidWriteLeavesTheOlderSnapshotAndTheTempFileIsCleanedUp() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        SnapshotFile old = write(store, 10, 1, data(1000, 5));
        SnapshotWriter unfinished = store.create(new SnapshotMeta(20, 1, CONF));
        unfinished.stream().write(data(5000, 6));
        unfinished.stream().flush();
        // the process "dies" here: no commit, no abort
        assertThat(files()).hasSize(2);
        assertThat(store.latest()).contains(old);
        assertThat(store.list()).containsExactly(old);
        SnapshotStore restarted = FileSnapshotStore.open(dir, 2);
        assertThat(files()).containsExactly(old.id() + ".snap");
        assertThat(restarted.latest()).contains(old);
        unfinished.abort();
    }

    @Test
    void abortDeletesTheTempFile() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 2);
        try (SnapshotWriter w = store.create(new SnapshotMeta(20, 1, CONF))) {
            w.stream().write(data(5000, 6));
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void chunkedReadAndReceiveRoundTrip() throws IOException {
        SnapshotStore source = FileSnapshotStore.open(dir.resolve("source"), 2);
        byte[] data = data(1_000_003, 7);
        SnapshotFile f = write(source, 777, 5, data);
        SnapshotStore target = FileSnapshotStore.open(dir.resolve("target"), 2);
        try (SnapshotWriter w = target.receive(f.id())) {
            long offset = 0;
            byte[] chunk;
            while ((chunk = source.readChunk(f.id(), offset, 65_536)).length > 0) {
                w.stream().write(chunk);
                offset += chunk.length;
            }
            assertThat(offset).isEqualTo(f.size());
            SnapshotFile received = w.commit();
            assertThat(received.meta()).isEqualTo(f.meta());
            assertThat(received.checksum()).isEqualTo(f.checksum());
        }
        SnapshotFile latest = target.latest().orElseThrow();
        assertThat(readAll(target, latest)).isEqualTo(data);
        assertThat(source.readChunk(f.id(), f.size() + 10, 10)).isEmpty();
    }

    @Test
    void receivedFileWithBadBytesIsRefusedOnCommitAndNeverInstalled() throws IOException {
        SnapshotStore source = FileSnapshotStore.open(dir.resolve("source"), 2);
        SnapshotFile f = write(source, 777, 5, data(50_000, 8));
        byte[] all = source.readChunk(f.id(), 0, (int) f.size());
        all[1000] ^= 1;
        SnapshotStore target = FileSnapshotStore.open(dir.resolve("target"), 2);
        SnapshotWriter w = target.receive(f.id());
        w.stream().write(all);
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        assertThat(target.latest()).isEmpty();
        try (Stream<Path> s = Files.list(dir.resolve("target"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void receivedFileMustMatchItsId() throws IOException {
        SnapshotStore source = FileSnapshotStore.open(dir.resolve("source"), 2);
        SnapshotFile f = write(source, 777, 5, data(100, 8));
        SnapshotStore target = FileSnapshotStore.open(dir.resolve("target"), 2);
        SnapshotWriter w = target.receive(SnapshotFormat.id(778, 5));
        w.stream().write(source.readChunk(f.id(), 0, (int) f.size()));
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class).hasMessageContaining("does not match");
        assertThat(target.list()).isEmpty();
    }

    @Test
    void rejectsIdsThatAreNotSnapshotIds() {
        SnapshotStore store = FileSnapshotStore.open(dir, 1);
        assertThatThrownBy(() -> store.readChunk("../../etc/passwd", 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.receive("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileSnapshotStore.open(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamCloseDoesNotEndTheWriter() throws IOException {
        SnapshotStore store = FileSnapshotStore.open(dir, 1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (SnapshotWriter w = store.create(new SnapshotMeta(5, 1, CONF))) {
            try (OutputStream out = w.stream()) {
                out.write(new byte[] {1, 2, 3});
                expected.write(new byte[] {1, 2, 3});
            }
            w.commit();
        }
        assertThat(readAll(store, store.latest().orElseThrow())).isEqualTo(expected.toByteArray());
    }

    @Test
    void importsASnapshotFileFromOutside() throws IOException {
        SnapshotStore source = FileSnapshotStore.open(dir.resolve("source"), 2);
        byte[] data = data(20_000, 9);
        SnapshotFile f = write(source, 42, 2, data);
        Path backup = Files.copy(f.path(), dir.resolve("backup.bin"));
        SnapshotStore target = FileSnapshotStore.open(dir.resolve("target"), 2);
        SnapshotFile imported = target.importFile(backup);
        assertThat(imported.meta()).isEqualTo(f.meta());
        assertThat(readAll(target, target.latest().orElseThrow())).isEqualTo(data);
        Files.write(backup, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> target.importFile(backup)).isInstanceOf(IOException.class)
                .hasMessageContaining(backup.toString());
    }
}
