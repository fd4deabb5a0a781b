package io.raftboot.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A RESP2 value: what a server replies, and (as an array of bulk strings) what a client sends.
 * Null bulk strings and null arrays are the records with a {@code null} component; use
 * {@link #NULL_BULK} and {@link #NULL_ARRAY}.
 */
public sealed interface RespValue {

    SimpleString OK = new SimpleString("OK");
    SimpleString PONG = new SimpleString("PONG");
    BulkString NULL_BULK = new BulkString(null);
    ArrayReply NULL_ARRAY = new ArrayReply(null);
    ArrayReply EMPTY_ARRAY = new ArrayReply(List.of());

    /** {@code +text}: the text must not contain CR or LF. */
    record SimpleString(String text) implements RespValue {
        public SimpleString {
            requireSingleLine(text);
        }
    }

    /**
     * {@code -text}: {@code text} has no leading '-' and starts with the error code, e.g.
     * {@code "ERR unknown command 'x'"}. CR and LF are replaced by spaces, as Redis does.
     */
    record ErrorReply(String text) implements RespValue {
        public ErrorReply {
            Objects.requireNonNull(text, "text");
            text = text.replace('\r', ' ').replace('\n', ' ');
        }

        /** The error code: the first word, e.g. {@code ERR}, {@code MOVED}. */
        public String code() {
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        }
    }

    record IntegerReply(long value) implements RespValue {
    }

    /** {@code $len bytes}; {@code bytes == null} is the null bulk string. Owns its array. */
    record BulkString(byte[] bytes) implements RespValue {
        public boolean isNull() {
            return bytes == null;
        }

        /** The bytes as UTF-8 text, or null for the null bulk string. */
        public String asString() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BulkString b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return bytes == null ? "BulkString[null]" : "BulkString[" + bytes.length + "B]";
        }
    }

    /** {@code *n values}; {@code values == null} is the null array. */
    record ArrayReply(List<RespValue> values) implements RespValue {
        public ArrayReply {
            values = values == null ? null : List.copyOf(values);
        }

        public boolean isNull() {
            return values == null;
        }
    }

    static SimpleString simple(String text) {
        return new SimpleString(text);
    }

    static ErrorReply error(String text) {
        return new ErrorReply(text);
    }

    static IntegerReply integer(long value) {
        return new IntegerReply(value);
    }

    /** A bulk string of the UTF-8 bytes of {@code text}; null gives the null bulk string. */
    static BulkString bulk(String text) {
        return text == null ? NULL_BULK : new BulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    static BulkString bulk(byte[] bytes) {
        return bytes == null ? NULL_BULK : new BulkString(bytes);
    }

    static ArrayReply array(RespValue... values) {
        return new ArrayReply(List.of(values));
    }

    static ArrayReply array(List<? extends RespValue> values) {
        return new ArrayReply(List.copyOf(values));
    }

    /** A request as a client sends it: an array of bulk strings. */
    static ArrayReply command(byte[]... args) {
        RespValue[] values = new RespValue[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = new BulkString(Objects.requireNonNull(args[i], "argument"));
        }
        return new ArrayReply(List.of(values));
    }

    /** A request of text arguments, encoded as UTF-8. */
    static ArrayReply command(String... args) {
        RespValue[] values = new RespValue[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = bulk(Objects.requireNonNull(args[i], "argument"));
        }
        return new ArrayReply(List.of(values));
    }

    private static void requireSingleLine(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a simple string cannot contain CR or LF");
        }
    }
}
