package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * ZADD (NX|XX|GT|LT|CH|INCR), ZREM, ZSCORE, ZINCRBY, ZCARD, ZCOUNT, ZRANGE (BYSCORE|BYLEX|REV|LIMIT|
 * WITHSCORES), ZRANGEBYSCORE, ZRANK, ZREVRANK, ZPOPMIN, ZPOPMAX, ZSCAN, with Redis 7.0's replies: scores
 * are bulk strings printed as "%.17g" (see {@link Scores}), and arguments are checked in Redis' order.
 */
public final class ZSetCommands {

    private final Keyspace keyspace;

    public ZSetCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    private ZSetValue read(long now, byte[] key) {
        return keyspace.read(Key.of(key), now, ZSetValue.class);
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]. */
    public Object zadd(long now, byte[] key, byte[]... args) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 0;
        for (; i < args.length; i++) {
            if (Args.is(args[i], "NX")) {
                nx = true;
            } else if (Args.is(args[i], "XX")) {
                xx = true;
            } else if (Args.is(args[i], "GT")) {
                gt = true;
            } else if (Args.is(args[i], "LT")) {
                lt = true;
            } else if (Args.is(args[i], "CH")) {
                ch = true;
            } else if (Args.is(args[i], "INCR")) {
                incr = true;
            } else {
                break;
            }
        }
        int elements = args.length - i;
        if (elements == 0 || elements % 2 != 0) {
            throw Errors.syntax();
        }
        if (nx && xx) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if (gt && nx || lt && nx || gt && lt) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 2) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        int pairs = elements / 2;
        double[] scores = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            scores[p] = Scores.parse(args[i + 2 * p]);
        }
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        ZSetValue existing = keyspace.read(k, now, ZSetValue.class);
        if (existing == null && xx) {
            return incr ? null : (Object) 0L;
        }
        ZSetValue zset = keyspace.writableOrCreate(k, now, ZSetValue.class, ZSetValue::new);
        long added = 0;
        long updated = 0;
        Double lastScore = null;
        try {
            for (int p = 0; p < pairs; p++) {
                Key member = Key.of(args[i + 2 * p + 1]);
                double score = scores[p];
                Double current = zset.score(member);
                if (current != null) {
                    if (nx) {
                        continue;
                    }
                    double next = incr ? current + score : score;
                    if (Double.isNaN(next)) {
                        throw new CommandError("ERR resulting score is not a number (NaN)");
                    }
                    if (lt && next >= current || gt && next <= current) {
                        continue;
                    }
                    lastScore = next;
                    if (next != current) {
                        zset.put(member, next);
                        updated++;
                    }
                } else if (!xx) {
                    zset.put(member, score);
                    added++;
                    lastScore = score;
                }
            }
        } finally {
            keyspace.removeIfEmpty(k, zset, now);
        }
        if (incr) {
            return lastScore == null ? null : Scores.format(lastScore);
        }
        return ch ? added + updated : added;
    }

    public long zrem(long now, byte[] key, byte[]... members) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        if (keyspace.read(k, now, ZSetValue.class) == null) {
            return 0;
        }
        ZSetValue zset = keyspace.writable(k, now, ZSetValue.class);
        long removed = 0;
        for (byte[] member : members) {
            if (zset.remove(Key.of(member))) {
                removed++;
            }
        }
        keyspace.removeIfEmpty(k, zset, now);
        return removed;
    }

    public byte[] zscore(long now, byte[] key, byte[] member) {
        ZSetValue zset = read(now, key);
        Double score = zset == null ? null : zset.score(Key.of(member));
        return score == null ? null : Scores.format(score);
    }

    public byte[] zincrby(long now, byte[] key, byte[] increment, byte[] member) {
        return (byte[]) zadd(now, key, new byte[][] {{'I', 'N', 'C', 'R'}, increment, member});
    }

    public long zcard(long now, byte[] key) {
        ZSetValue zset = read(now, key);
        return zset == null ? 0 : zset.size();
    }

    public long zcount(long now, byte[] key, byte[] min, byte[] max) {
        Scores.Range range = Scores.range(min, max);
        ZSetValue zset = read(now, key);
        if (zset == null) {
            return 0;
        }
        long count = 0;
        for (ZSetValue.Entry e : zset.ordered().tailSet(new ZSetValue.Entry(range.min(), Key.lowestAt(0)), true)) {
            if (!range.belowMax(e.score())) {
                break;
            }
            if (range.aboveMin(e.score())) {
                count++;
            }
        }
        return count;
    }

    private enum By { RANK, SCORE, LEX }

    /** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]. */
    public List<byte[]> zrange(long now, byte[] key, byte[] start, byte[] stop, byte[]... options) {
        return range(now, key, start, stop, null, null, options);
    }

    /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]. */
    public List<byte[]> zrangebyscore(long now, byte[] key, byte[] min, byte[] max, byte[]... options) {
        return range(now, key, min, max, By.SCORE, false, options);
    }

    /** Redis' zrangeGenericCommand: options, then conflicts, then the range, then the key. */
    private List<byte[]> range(long now, byte[] key, byte[] first, byte[] second, By fixedBy, Boolean fixedRev,
                               byte[]... options) {
        By by = fixedBy;
        Boolean rev = fixedRev;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = 0; j < options.length; j++) {
            int left = options.length - j - 1;
            if (Args.is(options[j], "WITHSCORES")) {
                withScores = true;
            } else if (Args.is(options[j], "LIMIT") && left >= 2) {
                offset = Args.parseLong(options[j + 1]);
                limit = Args.parseLong(options[j + 2]);
                j += 2;
            } else if (rev == null && Args.is(options[j], "REV")) {
                rev = true;
            } else if (by == null && Args.is(options[j], "BYLEX")) {
                by = By.LEX;
            } else if (by == null && Args.is(options[j], "BYSCORE")) {
                by = By.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        boolean reverse = rev != null && rev;
        by = by == null ? By.RANK : by;
        if (limit != -1 && by == By.RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        // with REV, a score or lex range is given as max then min
        byte[] minArg = reverse && by != By.RANK ? second : first;
        byte[] maxArg = reverse && by != By.RANK ? first : second;
        List<ZSetValue.Entry> selected;
        switch (by) {
            case RANK -> {
                long startIndex = Args.parseLong(minArg);
                long stopIndex = Args.parseLong(maxArg);
                ZSetValue zset = read(now, key);
                selected = zset == null ? List.of() : byRank(zset, startIndex, stopIndex, reverse);
            }
            case SCORE -> {
                Scores.Range range = Scores.range(minArg, maxArg);
                ZSetValue zset = read(now, key);
                selected = zset == null ? List.of()
                        : limited(zset, reverse, e -> range.aboveMin(e.score()), e -> range.belowMax(e.score()), offset, limit);
            }
            default -> {
                Scores.LexRange range = Scores.lexRange(minArg, maxArg);
                ZSetValue zset = read(now, key);
                selected = zset == null ? List.of()
                        : limited(zset, reverse, e -> range.aboveMin(e.member().bytes()),
                                e -> range.belowMax(e.member().bytes()), offset, limit);
            }
        }
        return reply(selected, withScores);
    }

    private static List<ZSetValue.Entry> byRank(ZSetValue zset, long start, long stop, boolean reverse) {
        int size = zset.size();
        if (start < 0) {
            start = size + start;
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            return List.of();
        }
        if (stop >= size) {
            stop = size - 1;
        }
        List<ZSetValue.Entry> out = new ArrayList<>((int) (stop - start + 1));
        Iterator<ZSetValue.Entry> it = reverse ? zset.ordered().descendingIterator() : zset.ordered().iterator();
        for (long i = 0; i <= stop && it.hasNext(); i++) {
            ZSetValue.Entry e = it.next();
            if (i >= start) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Redis' walk for BYSCORE and BYLEX ranges (zzlFirstInRange and friends): from the low end (the high
     * end with REV) find the first entry past the near bound, which must also be within the far bound;
     * skip {@code offset} entries without looking at them (a negative offset selects nothing); then take
     * entries while they are within the far bound, at most {@code limit} (negative: all). For scores
     * this is simply the range. For BYLEX over members of different scores it is what Redis returns,
     * order-dependent as that is.
     */
    private static List<ZSetValue.Entry> limited(ZSetValue zset, boolean reverse,
                                                 Predicate<ZSetValue.Entry> aboveMin,
                                                 Predicate<ZSetValue.Entry> belowMax,
                                                 long offset, long limit) {
        List<ZSetValue.Entry> out = new ArrayList<>();
        if (zset.size() == 0 || !aboveMin.test(zset.ordered().last()) || !belowMax.test(zset.ordered().first())) {
            return out;
        }
        Predicate<ZSetValue.Entry> near = reverse ? belowMax : aboveMin;
        Predicate<ZSetValue.Entry> far = reverse ? aboveMin : belowMax;
        Iterator<ZSetValue.Entry> it = reverse ? zset.ordered().descendingIterator() : zset.ordered().iterator();
        ZSetValue.Entry e = null;
        while (it.hasNext()) {
            ZSetValue.Entry candidate = it.next();
            if (near.test(candidate)) {
                e = candidate;
                break;
            }
        }
        if (e == null || !far.test(e) || offset < 0) {
            return out;
        }
        for (long skipped = 0; skipped < offset; skipped++) {
            if (!it.hasNext()) {
                return out;
            }
            e = it.next();
        }
        while ((limit < 0 || out.size() < limit) && far.test(e)) {
            out.add(e);
            if (!it.hasNext()) {
                break;
            }
            e = it.next();
        }
        return out;
    }

    private static List<byte[]> reply(List<ZSetValue.Entry> entries, boolean withScores) {
        List<byte[]> out = new ArrayList<>(entries.size() * (withScores ? 2 : 1));
        for (ZSetValue.Entry e : entries) {
            out.add(e.member().bytes());
            if (withScores) {
                out.add(Scores.format(e.score()));
            }
        }
        return out;
    }

    public Long zrank(long now, byte[] key, byte[] member) {
        ZSetValue zset = read(now, key);
        long rank = zset == null ? -1 : zset.rank(Key.of(member));
        return rank < 0 ? null : rank;
    }

    public Long zrevrank(long now, byte[] key, byte[] member) {
        ZSetValue zset = read(now, key);
        long rank = zset == null ? -1 : zset.rank(Key.of(member));
        return rank < 0 ? null : zset.size() - 1 - rank;
    }

    public List<byte[]> zpopmin(long now, byte[] key, byte[]... count) {
        return pop(now, key, false, count);
    }

    public List<byte[]> zpopmax(long now, byte[] key, byte[]... count) {
        return pop(now, key, true, count);
    }

    /** ZPOPMIN/ZPOPMAX key [count]: member, score, ... (an empty array for a missing key). */
    private List<byte[]> pop(long now, byte[] key, boolean max, byte[]... countArg) {
        if (countArg.length > 1) {
            throw Errors.syntax();
        }
        long count = 1;
        if (countArg.length == 1) {
            count = Args.parseLong(countArg[0]);
            if (count < 0) {
                throw new CommandError(Errors.MUST_BE_POSITIVE);
            }
        }
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        if (keyspace.read(k, now, ZSetValue.class) == null || count == 0) {
            return List.of();
        }
        ZSetValue zset = keyspace.writable(k, now, ZSetValue.class);
        List<ZSetValue.Entry> popped = new ArrayList<>();
        while (popped.size() < count && zset.size() > 0) {
            ZSetValue.Entry e = max ? zset.ordered().last() : zset.ordered().first();
            zset.remove(e.member());
            popped.add(e);
        }
        keyspace.removeIfEmpty(k, zset, now);
        return reply(popped, true);
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: {@code [cursor, [member, score, ...]]}. */
    public List<Object> zscan(long now, byte[] key, byte[] cursor, byte[]... options) {
        long position = Args.parseCursor(cursor);
        ZSetValue zset = read(now, key);
        if (zset == null) {
            return ElementScan.empty();
        }
        return ElementScan.parse(options).scan(position, zset.byMember().navigableKeySet(), (member, reply) -> {
            reply.add(member.bytes());
            reply.add(Scores.format(zset.byMember().get(member)));
        });
    }
}
