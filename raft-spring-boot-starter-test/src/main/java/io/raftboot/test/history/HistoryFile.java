package io.raftboot.test.history;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A history as a tab-separated text file, one operation per line, so that another checker can
 * read it: {@code id process key command input outcome output invokeNanos completeNanos}; a missing
 * value is {@code -} (keys and values written by the workload never contain tabs, newlines or
 * consist of a single dash). Lines starting with {@code #} are comments.
 */
public final class HistoryFile {
    private static final String NONE = "-";

    private HistoryFile() {
    }

    public static void write(Path file, List<Operation> history) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# id\tprocess\tkey\tcommand\tinput\toutcome\toutput\tinvokeNanos\tcompleteNanos\n");
            for (Operation op : history) {
                out.write(op.id() + "\t" + op.process() + "\t" + field(op.key()) + "\t" + op.command() + "\t"
                        + field(op.input()) + "\t" + op.outcome() + "\t" + field(op.output()) + "\t"
                        + op.invokeNanos() + "\t" + op.completeNanos() + "\n");
            }
        }
    }

    public static List<Operation> read(Path file) throws IOException {
        List<Operation> ops = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 9) {
                    throw new IOException(file + ":" + number + ": expected 9 tab-separated fields, found " + f.length);
                }
                try {
                    ops.add(new Operation(Long.parseLong(f[0]), Integer.parseInt(f[1]), value(f[2]), command(f[3]),
                            value(f[4]), Outcome.valueOf(f[5]), value(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return ops;
    }

    /** Histories written before commands were named kept the old operation types. */
    private static String command(String field) {
        return switch (field) {
            case "READ" -> "GET";
            case "WRITE" -> "SET";
            default -> field;
        };
    }

    private static String field(String value) {
        if (value == null) {
            return NONE;
        }
        if (value.equals(NONE) || value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("value cannot be stored in a history file: " + value);
        }
        return value;
    }

    private static String value(String field) {
        return NONE.equals(field) ? null : field;
    }
}
