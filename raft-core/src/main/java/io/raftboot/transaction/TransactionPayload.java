package io.raftboot.transaction;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A queued transaction as the arguments of one internal command, so that it travels through the
 * log (and through a follower's proxy link) like any other command:
 * {@code name, watch index, watched key count, keys..., then per command its argument count and
 * arguments}. The watch index is the applied index this connection had observed when it watched.
 *
 * @param watchIndex  modifications of the watched keys after this index abort the transaction
 * @param watchedKeys empty when nothing is watched
 */
public record TransactionPayload(long watchIndex, List<byte[]> watchedKeys, List<Command> commands) {

    public byte[][] encode(String name) {
        List<byte[]> args = new ArrayList<>();
        args.add(ascii(name));
        args.add(ascii(Long.toString(watchIndex)));
        args.add(ascii(Integer.toString(watchedKeys.size())));
        args.addAll(watchedKeys);
        for (Command command : commands) {
            args.add(ascii(Integer.toString(command.size())));
            args.addAll(command.rest(0));
        }
        return args.toArray(new byte[0][]);
    }

    /** @throws CommandException when the arguments are not a transaction this class encoded */
    public static TransactionPayload decode(Command command) {
        if (command.size() < 3) {
            throw malformed();
        }
        long watchIndex = command.longArg(1);
        int keyCount = command.intArg(2);
        int position = 3;
        if (watchIndex < 0 || keyCount < 0 || keyCount > command.size() - position) {
            throw malformed();
        }
        List<byte[]> keys = command.rest(position).subList(0, keyCount);
        position += keyCount;
        List<Command> commands = new ArrayList<>();
        while (position < command.size()) {
            int count = command.intArg(position++);
            if (count < 1 || count > command.size() - position) {
                throw malformed();
            }
            commands.add(new Command(command.rest(position).subList(0, count).toArray(new byte[0][])));
            position += count;
        }
        return new TransactionPayload(watchIndex, keys, commands);
    }

    private static CommandException malformed() {
        return new CommandException("malformed transaction");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
