package io.raftboot.inspect;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Offline inspector of a raftboot data directory, runnable from the raft-core jar:
 * <pre>
 * java -jar raft-core.jar show   &lt;data-dir&gt; [--from INDEX] [--to INDEX] [--no-entries]
 * java -jar raft-core.jar verify &lt;data-dir&gt;
 * </pre>
 * It only reads: files are opened read-only, MapDB files are read from a private copy, and the
 * data directory lock is not taken, so it may run against the directory of a live node.
 * Exit codes: 0 fine, 1 damage found, 2 bad usage or unreadable directory.
 */
public final class Inspector {
    public static final int OK = 0;
    public static final int DAMAGED = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: java -jar raft-core.jar <command> <data-dir> [options]
              show   <data-dir> [--from INDEX] [--to INDEX] [--no-entries]
                     term, vote, commit hint, configuration, snapshots, log range and entries
              verify <data-dir>
                     checks every checksum (log segments, snapshots, metadata); exit 1 on damage,
                     naming the first bad file and offset""";

    private Inspector() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (!args[0].equals("show") && !args[0].equals("verify")) {
            err.println("unknown command '" + args[0] + "'");
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Path dir = Path.of(args[1]);
        if (!Files.isDirectory(dir)) {
            err.println("not a directory: " + dir);
            return USAGE;
        }
        if (!Files.exists(dir.resolve("meta.db")) && !Files.isDirectory(dir.resolve("log"))
                && !Files.isDirectory(dir.resolve("snapshots"))) {
            err.println("no raftboot data in " + dir + " (expected meta.db, log/ or snapshots/)");
            return USAGE;
        }
        try {
            if (args[0].equals("show")) {
                return ShowCommand.parse(args, 2).run(dir, out);
            }
            if (args.length > 2) {
                throw new IllegalArgumentException("verify takes no options: " + args[2]);
            }
            return new VerifyCommand().run(dir, out);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("cannot read " + dir + ": " + e.getMessage());
            return USAGE;
        }
    }
}
