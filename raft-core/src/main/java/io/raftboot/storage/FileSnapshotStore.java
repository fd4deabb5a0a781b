package io.raftboot.storage;

import io.raftboot.consensus.SnapshotMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * {@link SnapshotStore} on plain files {@code <index>-<term>.snap} (see {@link SnapshotFormat}).
 * Writes go to {@code *.tmp} files that are fsynced, renamed into place and made durable by a
 * directory fsync; temp files left by a crash are deleted on open and never listed. After each
 * commit only the newest {@code retain} snapshots are kept.
 */
public final class FileSnapshotStore implements SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);
    private static final String SUFFIX = ".snap";
    private static final String TMP = ".tmp";
    private static final Pattern ID = Pattern.compile("\\d{20}-\\d{20}");

    private final Path dir;
    private final int retain;
    /** Files whose data checksum was verified; committed files never change. */
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();

    private FileSnapshotStore(Path dir, int retain) {
        this.dir = dir;
        this.retain = retain;
    }

    public static FileSnapshotStore open(Path dir, int retain) {
        if (retain < 1) {
            throw new IllegalArgumentException("raft.snapshot.retain must be at least 1: " + retain);
        }
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().endsWith(TMP)) {
                        log.info("removing incomplete snapshot file {} left by an interrupted write", p);
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot open snapshot directory " + dir + ": " + e.getMessage(), e);
        }
        return new FileSnapshotStore(dir, retain);
    }

    @Override
    public SnapshotWriter create(SnapshotMeta meta) throws IOException {
        return new CreatingWriter(meta);
    }

    @Override
    public SnapshotWriter receive(String id) throws IOException {
        checkId(id);
        return new ReceivingWriter(id);
    }

    @Override
    public Optional<SnapshotFile> latest() {
        for (int attempt = 1; ; attempt++) {
            List<Path> paths = snapFiles();
            if (paths.isEmpty()) {
                return Optional.empty();
            }
            try {
                SnapshotFile f = describe(paths.get(0));
                verify(f);
                return Optional.of(f);
            } catch (NoSuchFileException e) {
                // pruned by a concurrent commit of a newer snapshot: look again
                if (attempt == 3) {
                    throw new StorageException("snapshots in " + dir + " keep disappearing while read", e);
                }
            } catch (IOException e) {
                throw new CorruptLogException(e.getMessage(), e);
            }
        }
    }

    @Override
    public List<SnapshotFile> list() {
        List<SnapshotFile> out = new ArrayList<>();
        for (Path p : snapFiles()) {
            try {
                out.add(describe(p));
            } catch (IOException e) {
                log.warn("skipping unreadable snapshot: {}", e.getMessage());
            }
        }
        return out;
    }

    /** Complete snapshot files, newest (highest index, then term) first. */
    private List<Path> snapFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(SUFFIX) && ID.matcher(n.substring(0, n.length() - SUFFIX.length())).matches();
            }).sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new StorageException("cannot list snapshot directory " + dir, e);
        }
    }

    private SnapshotFile describe(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            SnapshotFormat.Layout layout = SnapshotFormat.read(p, ch);
            String name = p.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            if (!id.equals(SnapshotFormat.id(layout.meta().index(), layout.meta().term()))) {
                throw new IOException("snapshot " + p + ": header says index " + layout.meta().index() + " term "
                        + layout.meta().term() + " at offset 8, which does not match its name");
            }
            return new SnapshotFile(id, layout.meta(), ch.size(), hex(layout.dataCrc()), p);
        }
    }

    @Override
    public void verify(SnapshotFile file) throws IOException {
        if (verified.contains(file.path())) {
            return;
        }
        verifyPath(file.path());
        verified.add(file.path());
    }

    private static SnapshotFormat.Layout verifyPath(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            SnapshotFormat.Layout layout = SnapshotFormat.read(p, ch);
            SnapshotFormat.verifyData(p, ch, layout);
            return layout;
        }
    }

    @Override
    public InputStream openData(SnapshotFile file) throws IOException {
        FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ);
        try {
            SnapshotFormat.Layout layout = SnapshotFormat.read(file.path(), ch);
            ch.position(layout.dataOffset());
            return new CheckedDataStream(Channels.newInputStream(ch), file.path(), layout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public byte[] readChunk(String id, long offset, int count) throws IOException {
        checkId(id);
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("negative offset or count: " + offset + ", " + count);
        }
        Path p = dir.resolve(id + SUFFIX);
        if (!Files.exists(p)) {
            throw new IOException("no snapshot " + id + " in " + dir);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset >= size) {
                return new byte[0];
            }
            return SnapshotFormat.readAt(ch, offset, (int) Math.min(count, size - offset)).array();
        }
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a snapshot id: " + id);
        }
    }

    private static String hex(int crc) {
        return String.format("%08x", crc);
    }

    /** Renames a finished temp file into place durably, then drops snapshots beyond {@code retain}. */
    private synchronized SnapshotFile install(Path tmp, String id) throws IOException {
        Path target = dir.resolve(id + SUFFIX);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        verified.remove(target);
        FileSync.directory(dir);
        SnapshotFile installed = describe(target);
        List<Path> all = snapFiles();
        for (int i = retain; i < all.size(); i++) {
            if (!all.get(i).equals(target)) {
                Files.deleteIfExists(all.get(i));
                verified.remove(all.get(i));
            }
        }
        FileSync.directory(dir);
        return installed;
    }

    /** Common temp-file handling for both writers. */
    private abstract class TempWriter implements SnapshotWriter {
        final Path tmp;
        final FileChannel channel;
        final OutputStream raw;
        private boolean done;

        TempWriter(String id) throws IOException {
            tmp = dir.resolve(id + SUFFIX + "." + UUID.randomUUID() + TMP);
            channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        final SnapshotFile finish(String id) throws IOException {
            if (done) {
                throw new IllegalStateException("snapshot writer already finished");
            }
            done = true;
            try {
                raw.flush();
                channel.force(true);
                channel.close();
                SnapshotMeta meta = verifyPath(tmp).meta();
                if (!id.equals(SnapshotFormat.id(meta.index(), meta.term()))) {
                    throw new IOException("received snapshot " + id + ": its header says index " + meta.index()
                            + " term " + meta.term() + " at offset 8, which does not match the id");
                }
                SnapshotFile f = install(tmp, id);
                verified.add(f.path());
                return f;
            } catch (IOException | RuntimeException e) {
                deleteTemp();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (!done) {
                done = true;
                deleteTemp();
            }
        }

        private void deleteTemp() {
            try {
                channel.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                log.warn("cannot delete temporary snapshot {}", tmp, e);
            }
        }

        @Override
        public void close() {
            abort();
        }
    }

    private final class CreatingWriter extends TempWriter {
        private final SnapshotMeta meta;
        private final byte[] header;
        private final CRC32C crc = new CRC32C();
        private long length;
        private final OutputStream data;

        CreatingWriter(SnapshotMeta meta) throws IOException {
            super(SnapshotFormat.id(meta.index(), meta.term()));
            this.meta = meta;
            this.header = SnapshotFormat.header(meta);
            raw.write(header);
            this.data = new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    raw.write(b);
                    crc.update(b);
                    length++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    raw.write(b, off, len);
                    crc.update(b, off, len);
                    length += len;
                }

                @Override
                public void close() {
                    // the writer owns the file; commit or abort ends it
                }
            };
        }

        @Override
        public OutputStream stream() {
            return data;
        }

        @Override
        public SnapshotFile commit() throws IOException {
            raw.write(SnapshotFormat.trailer(length, (int) crc.getValue(), header));
            return finish(SnapshotFormat.id(meta.index(), meta.term()));
        }
    }

    private final class ReceivingWriter extends TempWriter {
        private final String id;

        ReceivingWriter(String id) throws IOException {
            super(id);
            this.id = id;
        }

        @Override
        public OutputStream stream() {
            return raw;
        }

        @Override
        public SnapshotFile commit() throws IOException {
            return finish(id);
        }
    }

    /** Serves exactly the data region and checks its CRC32C when the end is reached. */
    private static final class CheckedDataStream extends InputStream {
        private final InputStream in;
        private final Path path;
        private final SnapshotFormat.Layout layout;
        private final CRC32C crc = new CRC32C();
        private long remaining;

        CheckedDataStream(InputStream in, Path path, SnapshotFormat.Layout layout) {
            this.in = new java.io.BufferedInputStream(in, 1 << 16);
            this.path = path;
            this.layout = layout;
            this.remaining = layout.dataLength();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                long at = layout.dataOffset() + layout.dataLength() - remaining;
                throw new SnapshotDamageException(path, at, "ends early at offset " + at);
            }
            crc.update(b, off, n);
            remaining -= n;
            if (remaining == 0 && (int) crc.getValue() != layout.dataCrc()) {
                throw new SnapshotDamageException(path, layout.dataOffset(), "data checksum mismatch over offsets "
                        + layout.dataOffset() + ".." + (layout.dataOffset() + layout.dataLength()));
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
