package io.raftboot.sample.keyspace;

/** A simple-string reply ({@code +OK}, {@code +string}); the application maps it onto its transport's type. */
public record SimpleReply(String text) {

    public static final SimpleReply OK = new SimpleReply("OK");
    public static final SimpleReply STRING = new SimpleReply("string");
    public static final SimpleReply HASH = new SimpleReply("hash");
    public static final SimpleReply LIST = new SimpleReply("list");
    public static final SimpleReply SET = new SimpleReply("set");
    public static final SimpleReply ZSET = new SimpleReply("zset");
    public static final SimpleReply NONE = new SimpleReply("none");
}
