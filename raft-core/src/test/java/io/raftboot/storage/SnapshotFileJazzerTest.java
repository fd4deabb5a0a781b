package io.raftboot.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.fuzz.AllocationMeter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Jazzer target for the snapshot file format: a snapshot in the data directory may be damaged on
 * disk, and a received one arrives from a peer. Runs its kept inputs in every build;
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class SnapshotFileJazzerTest {
    private static final String NAME = SnapshotFormat.id(5, 2) + ".snap";

    /**
     * The first byte chooses whether the rest is taken as the file as is, or has its checksums,
     * data length and end magic repaired first so that fuzzing reaches past them. The store then
     * lists it (never throwing), and {@code latest}, {@code verify} and {@code openData} either
     * accept it, serving exactly the data its checksum covers, or refuse with
     * {@link SnapshotDamageException} (an {@link IOException}; {@code latest} wraps it in
     * {@link CorruptLogException}) naming the file, with an offset inside it.
     */
    @FuzzTest(maxDuration = "2m")
    void readArbitrarySnapshotFile(byte[] input) throws IOException {
        byte[] file = input.length > 0 && (input[0] & 1) == 1 ? repaired(input) : input;
        Path dir = Files.createTempDirectory("snapfuzz");
        try {
            Path path = dir.resolve(nameFor(file));
            Files.write(path, file);
            FileSnapshotStore store = FileSnapshotStore.open(dir, 2);
            List<SnapshotFile> listed = store.list();
            assertThat(listed).hasSizeLessThanOrEqualTo(1);
            Optional<SnapshotFile> latest;
            try {
                latest = store.latest();
            } catch (CorruptLogException e) {
                assertThat(e).hasMessageContaining(path.toString());
                assertThat(e.getCause()).isInstanceOf(IOException.class);
                latest = Optional.empty();
            }
            for (SnapshotFile described : listed) {
                assertThat(described.path()).isEqualTo(path);
                assertThat(described.size()).isEqualTo(file.length);
                checkData(store, described, file);
            }
            if (latest.isPresent()) {
                assertThat(listed).containsExactly(latest.get());
            }
            AllocationMeter.assertProportional(file.length, 64, () -> FileSnapshotStore.open(dir, 2).list());
        } finally {
            deleteAll(dir);
        }
    }

    private static void checkData(FileSnapshotStore store, SnapshotFile described, byte[] file) {
        boolean verified;
        try {
            store.verify(described);
            verified = true;
        } catch (SnapshotDamageException e) {
            assertDamage(e, described.path(), file.length);
            verified = false;
        } catch (IOException e) {
            throw new AssertionError("verify failed with an undocumented error", e);
        }
        try (InputStream in = store.openData(described)) {
            byte[] data = in.readAllBytes();
            assertThat(verified).as("openData served data that verify refused").isTrue();
            CRC32C crc = new CRC32C();
            crc.update(data);
            assertThat(String.format("%08x", (int) crc.getValue())).isEqualTo(described.checksum());
            assertThat(data.length).isLessThan(file.length);
        } catch (SnapshotDamageException e) {
            assertThat(verified).as("openData refused data that verify accepted").isFalse();
            assertDamage(e, described.path(), file.length);
        } catch (IOException e) {
            fail("openData failed with an undocumented error", e);
        }
    }

    private static void assertDamage(SnapshotDamageException e, Path path, long size) {
        assertThat(e).hasMessageContaining(path.toString()).hasMessageContaining("offset");
        assertThat(e.offset()).isBetween(0L, size);
    }

    /** Named after the index and term its header claims, when they make a valid name. */
    private static String nameFor(byte[] file) {
        if (file.length >= 24) {
            ByteBuffer b = ByteBuffer.wrap(file);
            long index = b.getLong(8);
            long term = b.getLong(16);
            if (index >= 0 && term >= 0) {
                return SnapshotFormat.id(index, term) + ".snap";
            }
        }
        return NAME;
    }

    /** The input with magic, version, trailer, both checksums and the data length made consistent. */
    private static byte[] repaired(byte[] input) {
        int minimum = 28 + SnapshotFormat.TRAILER;
        byte[] file = java.util.Arrays.copyOfRange(input, 1, Math.max(input.length, minimum + 1));
        ByteBuffer b = ByteBuffer.wrap(file);
        b.putInt(0, SnapshotFormat.MAGIC).putInt(4, SnapshotFormat.VERSION);
        int confLength = Math.floorMod(b.getInt(24), file.length - minimum + 1);
        b.putInt(24, confLength);
        int dataOffset = 28 + confLength;
        int dataLength = file.length - dataOffset - SnapshotFormat.TRAILER;
        CRC32C dataCrc = new CRC32C();
        dataCrc.update(file, dataOffset, dataLength);
        byte[] header = java.util.Arrays.copyOf(file, dataOffset);
        byte[] trailer = SnapshotFormat.trailer(dataLength, (int) dataCrc.getValue(), header);
        System.arraycopy(trailer, 0, file, file.length - SnapshotFormat.TRAILER, SnapshotFormat.TRAILER);
        return file;
    }

    static void deleteAll(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
