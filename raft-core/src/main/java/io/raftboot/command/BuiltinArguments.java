package io.raftboot.command;

import io.raftboot.resp.RespValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The argument lists of the built-in commands in Redis 7's {@code COMMAND DOCS} shape, which tools
 * such as redis-cli read for their hints. Container commands ({@code CLIENT}, {@code CONFIG}, ...)
 * list a subcommand and its arguments rather than one document per subcommand.
 */
final class BuiltinArguments {
    private static final Map<String, List<Arg>> BUILTINS = Map.ofEntries(
            Map.entry("ping", List.of(optional(string("message")))),
            Map.entry("echo", List.of(string("message"))),
            Map.entry("auth", List.of(optional(string("username")), string("password"))),
            Map.entry("hello", List.of(optional(block("arguments", integer("protover"),
                    optional(tokenBlock("AUTH", "username-password", string("username"), string("password"))),
                    optional(token("SETNAME", string("clientname"))))))),
            Map.entry("select", List.of(integer("index"))),
            Map.entry("client", subcommand()),
            Map.entry("command", List.of(optional(string("subcommand")), optional(multiple(string("argument"))))),
            Map.entry("config", subcommand()),
            Map.entry("acl", subcommand()),
            Map.entry("cluster", subcommand()),
            Map.entry("info", List.of(optional(multiple(string("section"))))),
            Map.entry("raftaddpeer", List.of(string("address"), optional(string("id")))),
            Map.entry("raftremovepeer", List.of(string("address-or-id"))),
            Map.entry("raftsnapshotread", List.of(string("id"), integer("offset"), integer("count"))),
            Map.entry("rafttransfer", List.of(optional(string("address-or-id")))));

    private BuiltinArguments() {
    }

    /** The command's arguments as {@code COMMAND DOCS} lists them; empty when it takes none. */
    static List<RespValue> of(String command) {
        List<RespValue> out = new ArrayList<>();
        for (Arg arg : BUILTINS.getOrDefault(command, List.of())) {
            out.add(arg.toResp());
        }
        return out;
    }

    /** One argument: a value ({@code string}, {@code integer}) or a {@code block} of arguments. */
    private record Arg(String name, String type, String token, boolean optional, boolean multiple, List<Arg> arguments) {
        RespValue toResp() {
            List<RespValue> fields = new ArrayList<>(List.of(RespValue.bulk("name"), RespValue.bulk(name),
                    RespValue.bulk("type"), RespValue.bulk(type)));
            if (!type.equals("block")) {
                fields.add(RespValue.bulk("display_text"));
                fields.add(RespValue.bulk(name));
            }
            if (token != null) {
                fields.add(RespValue.bulk("token"));
                fields.add(RespValue.bulk(token));
            }
            List<RespValue> flags = new ArrayList<>();
            if (optional) {
                flags.add(RespValue.simple("optional"));
            }
            if (multiple) {
                flags.add(RespValue.simple("multiple"));
            }
            if (!flags.isEmpty()) {
                fields.add(RespValue.bulk("flags"));
                fields.add(RespValue.array(flags));
            }
            if (!arguments.isEmpty()) {
                List<RespValue> inner = new ArrayList<>();
                arguments.forEach(a -> inner.add(a.toResp()));
                fields.add(RespValue.bulk("arguments"));
                fields.add(RespValue.array(inner));
            }
            return RespValue.array(fields);
        }
    }

    private static Arg string(String name) {
        return new Arg(name, "string", null, false, false, List.of());
    }

    private static Arg integer(String name) {
        return new Arg(name, "integer", null, false, false, List.of());
    }

    private static Arg block(String name, Arg... arguments) {
        return new Arg(name, "block", null, false, false, Arrays.asList(arguments));
    }

    private static Arg tokenBlock(String token, String name, Arg... arguments) {
        return new Arg(name, "block", token, false, false, Arrays.asList(arguments));
    }

    /** {@code arg} written after its keyword, as {@code SETNAME clientname}. */
    private static Arg token(String token, Arg arg) {
        return new Arg(arg.name, arg.type, token, arg.optional, arg.multiple, arg.arguments);
    }

    private static Arg optional(Arg arg) {
        return new Arg(arg.name, arg.type, arg.token, true, arg.multiple, arg.arguments);
    }

    private static Arg multiple(Arg arg) {
        return new Arg(arg.name, arg.type, arg.token, arg.optional, true, arg.arguments);
    }

    private static List<Arg> subcommand() {
        return List.of(string("subcommand"), optional(multiple(string("argument"))));
    }
}
