package io.raftboot.storage;

import java.nio.file.Path;

/** Child JVM for the lock test: holds the data directory until its stdin closes or it is killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        DataDirectory data = DataDirectory.lock(Path.of(args[0]));
        try {
            System.out.println("locked " + data.path());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin
            }
        } finally {
            data.close();
        }
    }
}
