package io.raftboot.command;

import io.raftboot.api.Durability;
import io.raftboot.api.Redirect;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Connection commands with Redis 7's reply shapes, so that redis-cli, redis-benchmark and client
 * libraries connect without errors: PING, ECHO, QUIT, AUTH, HELLO, SELECT, CLIENT, COMMAND, CONFIG,
 * ACL WHOAMI.
 * INFO, ROLE and CLUSTER are in {@link ServerInfoCommands}.
 */
public final class ConnectionCommands {
    static final String REDIS_VERSION = "7.2.0";

    private final LocalMember node;
    private final Supplier<CommandTable> table;
    private final SignIn signIn;

    public ConnectionCommands(LocalMember node, Supplier<CommandTable> table) {
        this(node, table, new SignIn(new Users(node.options()), FailedSignInDelay.DEFAULT));
    }

    ConnectionCommands(LocalMember node, Supplier<CommandTable> table, SignIn signIn) {
        this.node = node;
        this.table = table;
        this.signIn = signIn;
    }

    public List<Builtin> all() {
        return List.of(
                new Builtin("ping", -1, List.of("fast", "stale"), false, this::ping),
                new Builtin("echo", 2, List.of("fast", "stale"), false, (c, s) -> RespValue.bulk(c.arg(1))),
                new Builtin("quit", -1, List.of("fast", "stale", "no-auth"), true, (c, s) -> CommandDispatcher.QUIT_OK),
                new Builtin("auth", -2, List.of("fast", "stale", "no-auth"), true, this::auth),
                new Builtin("hello", -1, List.of("fast", "stale", "no-auth"), true, this::hello),
                new Builtin("select", 2, List.of("fast", "stale"), false, this::select),
                new Builtin("client", -2, List.of("stale"), false, this::client),
                new Builtin("command", -1, List.of("stale"), false, this::command),
                new Builtin("config", -2, List.of("stale"), false, this::config),
                new Builtin("acl", -2, List.of("stale"), false, this::acl));
    }

    private Object ping(RespCommand c, ClientSession s) {
        if (c.argCount() > 2) {
            return Replies.wrongArity("ping");
        }
        return c.argCount() == 2 ? RespValue.bulk(c.arg(1)) : RespValue.PONG;
    }

    private Object auth(RespCommand c, ClientSession s) {
        if (c.argCount() > 3) {
            return RespValue.error("ERR syntax error");
        }
        String user = c.argCount() == 3 ? c.argString(1) : Users.DEFAULT;
        String password = c.argString(c.argCount() - 1);
        return signIn.attempt(s, user, password);
    }

    /** {@code ACL WHOAMI}; the rest of Redis's ACL is configuration here ({@code raft.users.*}). */
    private Object acl(RespCommand c, ClientSession s) {
        if (c.argString(1).equalsIgnoreCase("WHOAMI") && c.argCount() == 2) {
            return RespValue.bulk(s.user());
        }
        return RespValue.error("ERR unknown subcommand '" + c.argString(1) + "'. Try ACL HELP.");
    }

    private Object hello(RespCommand c, ClientSession s) {
        int i = 1;
        if (c.argCount() > 1) {
            String version = c.argString(1);
            if (!version.equals("2") && !version.equals("3")) {
                return RespValue.error("NOPROTO sorry, this protocol version is not supported");
            }
            if (version.equals("3")) {
                return RespValue.error("NOPROTO sorry, this protocol version is not supported");
            }
            i = 2;
        }
        String name = null;
        String authUser = null;
        String authPassword = null;
        while (i < c.argCount()) {
            String option = c.argString(i).toUpperCase(Locale.ROOT);
            if (option.equals("AUTH") && i + 2 < c.argCount()) {
                // checked once every option parsed, as Redis does: a bad option signs nobody in
                authUser = c.argString(i + 1);
                authPassword = c.argString(i + 2);
                i += 3;
            } else if (option.equals("SETNAME") && i + 1 < c.argCount()) {
                name = c.argString(i + 1);
                i += 2;
            } else {
                return RespValue.error("ERR Syntax error in HELLO option '" + c.argString(i) + "'");
            }
        }
        if (authUser == null) {
            return helloReply(s, name);
        }
        String newName = name;
        CompletionStage<RespValue> signedIn = signIn.attempt(s, authUser, authPassword);
        return signedIn.thenApply(result -> result instanceof RespValue.ErrorReply ? result : helloReply(s, newName));
    }

    private RespValue helloReply(ClientSession s, String name) {
        if (!s.authenticated()) {
            return Replies.NOAUTH;
        }
        if (name != null) {
            s.name(name);
        }
        List<RespValue> reply = new ArrayList<>();
        pair(reply, "server", RespValue.bulk("redis"));
        pair(reply, "version", RespValue.bulk(REDIS_VERSION));
        pair(reply, "proto", RespValue.integer(2));
        pair(reply, "id", RespValue.integer(s.id()));
        pair(reply, "mode", RespValue.bulk(node.options().redirect() == Redirect.MOVED ? "cluster" : "standalone"));
        pair(reply, "role", RespValue.bulk(node.isLeader() ? "master" : "replica"));
        pair(reply, "modules", RespValue.EMPTY_ARRAY);
        return RespValue.array(reply);
    }

    private static void pair(List<RespValue> out, String key, RespValue value) {
        out.add(RespValue.bulk(key));
        out.add(value);
    }

    private Object select(RespCommand c, ClientSession s) {
        try {
            int db = Integer.parseInt(c.argString(1));
            return db == 0 ? RespValue.OK : RespValue.error("ERR DB index is out of range");
        } catch (NumberFormatException e) {
            return RespValue.error("ERR value is not an integer or out of range");
        }
    }

    private Object client(RespCommand c, ClientSession s) {
        String sub = c.argString(1).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "SETNAME" -> {
                if (c.argCount() != 3) {
                    return Replies.wrongArity("client|setname");
                }
                String name = c.argString(2);
                if (name.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
                    return RespValue.error("ERR Client names cannot contain spaces, newlines or special characters.");
                }
                s.name(name.isEmpty() ? null : name);
                return RespValue.OK;
            }
            case "GETNAME" -> {
                return RespValue.bulk(s.name());
            }
            case "ID" -> {
                return RespValue.integer(s.id());
            }
            case "SETINFO" -> {
                if (c.argCount() != 4) {
                    return Replies.wrongArity("client|setinfo");
                }
                String attribute = c.argString(2).toLowerCase(Locale.ROOT);
                if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
                    return RespValue.error("ERR Unrecognized option '" + c.argString(2) + "'");
                }
                s.libInfo(attribute, c.argString(3));
                return RespValue.OK;
            }
            case "INFO" -> {
                return RespValue.bulk(clientLine(s) + "\n");
            }
            case "LIST" -> {
                return RespValue.bulk(clientLine(s) + "\n");
            }
            case "NO-EVICT", "NO-TOUCH" -> {
                return RespValue.OK;
            }
            default -> {
                return RespValue.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CLIENT HELP.");
            }
        }
    }

    private static String clientLine(ClientSession s) {
        return "id=" + s.id() + " addr=" + s.remoteAddress() + " name=" + (s.name() == null ? "" : s.name())
                + " db=0 lib-name=" + (s.libName() == null ? "" : s.libName())
                + " lib-ver=" + (s.libVersion() == null ? "" : s.libVersion());
    }

    // ---------------------------------------------------------------- COMMAND

    private Object command(RespCommand c, ClientSession s) {
        CommandTable commands = table.get();
        if (c.argCount() == 1) {
            List<RespValue> out = new ArrayList<>();
            for (CommandTable.Entry e : commands.all()) {
                out.add(info(e));
            }
            return RespValue.array(out);
        }
        String sub = c.argString(1).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "COUNT" -> {
                return RespValue.integer(commands.all().size());
            }
            case "LIST" -> {
                List<RespValue> out = new ArrayList<>();
                for (CommandTable.Entry e : commands.all()) {
                    out.add(RespValue.bulk(e.name()));
                }
                return RespValue.array(out);
            }
            case "INFO" -> {
                List<RespValue> out = new ArrayList<>();
                if (c.argCount() == 2) {
                    for (CommandTable.Entry e : commands.all()) {
                        out.add(info(e));
                    }
                }
                for (int i = 2; i < c.argCount(); i++) {
                    CommandTable.Entry e = commands.lookup(c.arg(i));
                    out.add(e == null ? RespValue.NULL_ARRAY : info(e));
                }
                return RespValue.array(out);
            }
            case "DOCS" -> {
                List<RespValue> out = new ArrayList<>();
                if (c.argCount() == 2) {
                    for (CommandTable.Entry e : commands.all()) {
                        docs(out, e);
                    }
                }
                for (int i = 2; i < c.argCount(); i++) {
                    CommandTable.Entry e = commands.lookup(c.arg(i));
                    if (e != null) {
                        docs(out, e);
                    }
                }
                return RespValue.array(out);
            }
            default -> {
                return RespValue.error("ERR unknown subcommand '" + c.argString(1) + "'. Try COMMAND HELP.");
            }
        }
    }

    private static RespValue info(CommandTable.Entry e) {
        List<RespValue> flags = new ArrayList<>();
        for (String flag : e.flags()) {
            flags.add(RespValue.simple(flag));
        }
        List<RespValue> categories = new ArrayList<>();
        if (e.user() != null) {
            categories.add(RespValue.simple(e.isUserWrite() ? "@write" : "@read"));
        } else {
            categories.add(RespValue.simple("@connection"));
        }
        return RespValue.array(RespValue.bulk(e.name()), RespValue.integer(e.arity()), RespValue.array(flags),
                RespValue.integer(e.firstKey()), RespValue.integer(e.lastKey()), RespValue.integer(e.keyStep()),
                RespValue.array(categories), RespValue.EMPTY_ARRAY, keySpecs(e), RespValue.EMPTY_ARRAY);
    }

    /**
     * Redis 7's key specifications, which cluster-aware clients read to find a command's keys: one
     * range from the first key, its end relative to it (or counted from the end when negative).
     */
    private static RespValue keySpecs(CommandTable.Entry e) {
        if (e.firstKey() <= 0) {
            return RespValue.EMPTY_ARRAY;
        }
        RespValue access = e.isUserWrite()
                ? RespValue.array(RespValue.simple("RW"), RespValue.simple("update"))
                : RespValue.array(RespValue.simple("RO"), RespValue.simple("access"));
        long lastKey = e.lastKey() < 0 ? e.lastKey() : e.lastKey() - e.firstKey();
        RespValue spec = RespValue.array(
                RespValue.bulk("flags"), access,
                RespValue.bulk("begin_search"), RespValue.array(RespValue.bulk("type"), RespValue.bulk("index"),
                        RespValue.bulk("spec"), RespValue.array(RespValue.bulk("index"), RespValue.integer(e.firstKey()))),
                RespValue.bulk("find_keys"), RespValue.array(RespValue.bulk("type"), RespValue.bulk("range"),
                        RespValue.bulk("spec"), RespValue.array(RespValue.bulk("lastkey"), RespValue.integer(lastKey),
                                RespValue.bulk("keystep"), RespValue.integer(e.keyStep()),
                                RespValue.bulk("limit"), RespValue.integer(0))));
        return RespValue.array(spec);
    }

    private static void docs(List<RespValue> out, CommandTable.Entry e) {
        out.add(RespValue.bulk(e.name()));
        List<RespValue> doc = new ArrayList<>(List.of(RespValue.bulk("summary"),
                RespValue.bulk(e.user() != null ? (e.isUserWrite() ? "Replicated write" : "Read") : "Server command"),
                RespValue.bulk("since"), RespValue.bulk("1.0.0"),
                RespValue.bulk("group"), RespValue.bulk(e.user() != null ? "generic" : "connection")));
        List<RespValue> arguments = e.builtin() == null ? List.of() : BuiltinArguments.of(e.name());
        if (!arguments.isEmpty()) {
            // as redis-server 7: a command without arguments has no "arguments" field
            doc.add(RespValue.bulk("arguments"));
            doc.add(RespValue.array(arguments));
        }
        out.add(RespValue.array(doc));
    }

    // ---------------------------------------------------------------- CONFIG

    private Object config(RespCommand c, ClientSession s) {
        String sub = c.argString(1).toUpperCase(Locale.ROOT);
        if (sub.equals("GET")) {
            if (c.argCount() < 3) {
                return Replies.wrongArity("config|get");
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("save", "");
            values.put("appendonly", node.options().durability() == Durability.LOW ? "no" : "yes");
            values.put("databases", "1");
            List<RespValue> out = new ArrayList<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                for (int i = 2; i < c.argCount(); i++) {
                    if (glob(c.argString(i)).matcher(e.getKey()).matches()) {
                        out.add(RespValue.bulk(e.getKey()));
                        out.add(RespValue.bulk(e.getValue()));
                        break;
                    }
                }
            }
            return RespValue.array(out);
        }
        if (sub.equals("RESETSTAT")) {
            return RespValue.OK;
        }
        if (sub.equals("SET")) {
            return RespValue.error("ERR CONFIG SET is not supported: use raft.* properties");
        }
        return RespValue.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CONFIG HELP.");
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char ch : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (ch) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

}
