package io.raftboot.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void createsTheLayoutAndIsEmptyAtFirst() {
        try (DataDirectory data = DataDirectory.lock(dir.resolve("node"))) {
            assertThat(data.logDir()).isDirectory();
            assertThat(data.snapshotDir()).isDirectory();
            assertThat(data.isEmpty()).isTrue();
            try (LogStore log = data.openLog(LogStoreKind.SEGMENTED)) {
                log.append(TestEntries.range(1, 3, 1));
            }
            assertThat(data.isEmpty()).isFalse();
        }
    }

    @Test
    void secondOpenerInTheSameProcessIsRefusedUntilClosed() {
        DataDirectory first = DataDirectory.lock(dir);
        try {
            assertThatThrownBy(() -> DataDirectory.lock(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
        } finally {
            first.close();
        }
        DataDirectory.lock(dir).close();
    }

    @Test
    void lockHeldByAnotherProcessIsRefusedAndReleasedWhenItDies() throws Exception {
        try (ChildJvm child = ChildJvm.start(LockHolder.class, dir.toString())) {
            assertThat(child.nextLine("locked")).isNotNull();
            assertThatThrownBy(() -> DataDirectory.lock(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("another");
            child.kill();
        }
        try (DataDirectory data = DataDirectory.lock(dir)) {
            assertThat(Files.readString(data.path().resolve(DataDirectory.LOCK_FILE))).startsWith("RAFTBOOT-LOCK v1");
        }
    }
}
