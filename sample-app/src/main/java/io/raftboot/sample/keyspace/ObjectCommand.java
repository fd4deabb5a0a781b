package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code OBJECT ENCODING|REFCOUNT|FREQ|IDLETIME|HELP}. ENCODING names the structure that really holds
 * the value here, in Redis's vocabulary, not what Redis would pick for the same data: this store has
 * no compact small-value forms (no {@code int}, {@code embstr}, {@code listpack} or {@code intset}),
 * every value lives in its general structure from its first element on:
 * <ul>
 *   <li>string: one byte array of the value, {@code raw};</li>
 *   <li>hash and set: a map or set keyed by the field or member, {@code hashtable};</li>
 *   <li>list: a growable array of elements used as a ring (O(1) at both ends, O(1) by index), the
 *       job of Redis's {@code quicklist};</li>
 *   <li>sorted set: a map member → score beside an ordered set by score, Redis's {@code skiplist}
 *       pair.</li>
 * </ul>
 * Access times and frequencies are not tracked (they would differ per member and nothing evicts):
 * FREQ answers Redis's own error for a server without an LFU policy, IDLETIME says it is not kept.
 */
public final class ObjectCommand {
    private static final List<String> HELP = List.of(
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help.");
    private static final String NO_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time "
            + "to adjust.";

    private final Keyspace keyspace;

    public ObjectCommand(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** @return a status-free reply: bulk, integer, array of bulks, or null for a missing key */
    public Object object(long now, byte[] subcommand, byte[]... args) {
        String sub = new String(subcommand, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (sub.equals("help")) {
            if (args.length != 0) {
                throw Errors.wrongArity("object|help");
            }
            return HELP;
        }
        if (!List.of("encoding", "refcount", "freq", "idletime").contains(sub)) {
            throw new CommandError("ERR unknown subcommand '" + new String(subcommand, StandardCharsets.UTF_8)
                    + "'. Try OBJECT HELP.");
        }
        if (args.length != 1) {
            throw Errors.wrongArity("object|" + sub);
        }
        StoredValue value = keyspace.get(Key.of(args[0]), now);
        if (value == null) {
            return null;
        }
        return switch (sub) {
            case "encoding" -> encoding(value);
            case "refcount" -> 1L; // values are never shared between keys here
            case "freq" -> throw new CommandError(NO_LFU);
            default -> throw new CommandError("ERR access times are not tracked by this replicated store");
        };
    }

    static String encoding(StoredValue value) {
        CollectionValue collection = value.collection();
        if (collection == null) {
            return "raw";
        }
        if (collection instanceof ListValue) {
            return "quicklist";
        }
        return collection instanceof ZSetValue ? "skiplist" : "hashtable";
    }
}
