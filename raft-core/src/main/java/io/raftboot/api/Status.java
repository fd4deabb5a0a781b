package io.raftboot.api;

import java.util.Objects;

/** A simple-string reply such as {@code +OK}: return one from a handler. */
public record Status(String text) {
    public static final Status OK = new Status("OK");
    public static final Status PONG = new Status("PONG");

    public Status {
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a status may not contain CR or LF");
        }
    }
}
