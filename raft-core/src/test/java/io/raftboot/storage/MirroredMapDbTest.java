package io.raftboot.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The states a kill can leave the two copies in (MapDB 3.1.0 never replays its write-ahead file and
 * may leave the file it was copying into half written), and how each is recovered.
 */
class MirroredMapDbTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.db");
    }

    private Path mirrorFile() {
        return dir.resolve("store.db.mirror");
    }

    private MirroredMapDb<HTreeMap<String, String>> open() {
        return MirroredMapDb.open(file(), db -> db.hashMap("m", Serializer.STRING, Serializer.STRING).createOrOpen(),
                (from, to) -> to.putAll(from));
    }

    private void writeThreeKeys() {
        try (var db = open()) {
            db.write(m -> m.put("a", "1"));
            db.write(m -> m.put("b", "2"));
            db.write(m -> m.put("c", "3"));
        }
    }

    private Map<String, String> contentAfterReopen() {
        try (var db = open()) {
            return Map.copyOf(db.read());
        }
    }

    @Test
    void everyWriteReachesBothCopies() {
        writeThreeKeys();
        assertThat(file()).exists();
        assertThat(mirrorFile()).exists();
        assertThat(contentAfterReopen()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
    }

    @Test
    void primaryTornInTheMiddleOfACommitIsRebuiltFromTheMirror() throws Exception {
        writeThreeKeys();
        Files.write(file(), new byte[4096]); // the copy into the main file was cut short...
        Files.write(dir.resolve("store.db.wal.0"), new byte[] {1, 2, 3}); // ...so its WAL is still there

        assertThat(contentAfterReopen()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(dir.resolve("store.db.wal.0")).doesNotExist();
        Files.delete(mirrorFile()); // the rebuilt primary holds everything by itself
        assertThat(contentAfterReopen()).containsEntry("c", "3");
    }

    @Test
    void mirrorTornInTheMiddleOfACommitIsRebuiltFromThePrimary() throws Exception {
        writeThreeKeys();
        Files.write(mirrorFile(), new byte[] {9, 9, 9});
        Files.write(dir.resolve("store.db.mirror.wal.0"), new byte[] {1});

        assertThat(contentAfterReopen()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
        Files.delete(file());
        assertThat(contentAfterReopen()).containsEntry("c", "3");
    }

    @Test
    void killedBetweenTheTwoCommitsTheMirrorCatchesUp() throws Exception {
        writeThreeKeys();
        Path olderMirror = dir.resolve("older");
        Files.copy(mirrorFile(), olderMirror);
        try (var db = open()) {
            db.write(m -> m.put("d", "4"));
        }
        Files.move(olderMirror, mirrorFile(), StandardCopyOption.REPLACE_EXISTING);

        assertThat(contentAfterReopen()).containsEntry("d", "4").hasSize(4);
        Files.delete(file());
        assertThat(contentAfterReopen()).containsEntry("d", "4").hasSize(4);
    }

    @Test
    void aFileKilledWhileBeingCreatedNeverCounts() throws Exception {
        Files.write(dir.resolve("store.db.creating"), new byte[] {1, 2});
        Files.write(dir.resolve("store.db.creating.wal.0"), new byte[] {1, 2});
        try (var db = open()) {
            db.write(m -> m.put("a", "1"));
        }
        assertThat(contentAfterReopen()).containsExactly(Map.entry("a", "1"));
        assertThat(dir.resolve("store.db.creating")).doesNotExist();
    }

    @Test
    void twoUnusableCopiesAreRefusedNamingTheFile() throws Exception {
        writeThreeKeys();
        Files.write(file(), new byte[4096]);
        Files.write(mirrorFile(), new byte[4096]);

        assertThatThrownBy(this::open).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("does not open");
    }

    @Test
    void aMirrorAheadOfThePrimaryIsRefused() throws Exception {
        writeThreeKeys();
        Path olderPrimary = dir.resolve("older");
        Files.copy(file(), olderPrimary);
        try (var db = open()) {
            db.write(m -> m.put("d", "4"));
        }
        Files.move(olderPrimary, file(), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(this::open).isInstanceOf(CorruptLogException.class).hasMessageContaining("disagree");
    }
}
