package io.raftboot.transport;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random consensus messages of every type, for codec and transport tests. */
final class RandomMessages {
    static final int TYPES = 9;

    private RandomMessages() {
    }

    static Message any(Random random, String from, String to) {
        return of(random.nextInt(TYPES), random, from, to);
    }

    static Message of(int type, Random random, String from, String to) {
        long term = number(random);
        return switch (type) {
            case 0 -> new Message.VoteRequest(from, to, term, number(random), number(random), random.nextBoolean(),
                    random.nextBoolean());
            case 1 -> new Message.VoteResponse(from, to, term, random.nextBoolean(), random.nextBoolean());
            case 2 -> new Message.AppendRequest(from, to, term, number(random), number(random), entries(random),
                    number(random));
            case 3 -> new Message.AppendResponse(from, to, term, random.nextBoolean(), number(random), number(random),
                    number(random));
            case 4 -> new Message.Heartbeat(from, to, term, number(random), number(random));
            case 5 -> new Message.HeartbeatResponse(from, to, term, number(random));
            case 6 -> new Message.InstallSnapshot(from, to, term, new SnapshotMeta(number(random), number(random),
                    configuration(random)));
            case 7 -> new Message.InstallSnapshotResponse(from, to, term, number(random), random.nextBoolean());
            case 8 -> new Message.TimeoutNow(from, to, term);
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    /** Mostly small numbers, sometimes huge or negative: varints must carry every long. */
    static long number(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(128);
            case 2 -> random.nextInt(1_000_000);
            case 3 -> random.nextLong();
            default -> Long.MAX_VALUE - random.nextInt(3);
        };
    }

    private static List<Entry> entries(Random random) {
        List<Entry> entries = new ArrayList<>();
        long index = 1 + random.nextInt(1000);
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(40)];
            random.nextBytes(data);
            EntryType type = EntryType.values()[random.nextInt(EntryType.values().length)];
            entries.add(new Entry(index + i, 1 + random.nextInt(50), type, data));
        }
        return entries;
    }

    private static Configuration configuration(Random random) {
        List<Member> members = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            members.add(new Member("n" + i + "-é", "127.0.0.1:" + (7000 + i), random.nextBoolean()));
        }
        return new Configuration(members);
    }
}
