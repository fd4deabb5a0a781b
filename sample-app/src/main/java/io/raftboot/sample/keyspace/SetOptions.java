package io.raftboot.sample.keyspace;

/**
 * The options of {@code SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]}, parsed with
 * Redis 7's rules: conflicting options are a syntax error, repeating one is allowed (the last expiry
 * wins), a missing expiry argument is a syntax error, and only once the options are well-formed is
 * the expiry number checked. Parsing needs no clock, so it can run before the command is logged;
 * {@link #expireAt(long)} resolves a relative expiry against the entry's time.
 */
public final class SetOptions {

    private enum Unit { NONE, EX, PX, EXAT, PXAT }

    private final String command;
    private boolean persist;
    private boolean nx;
    private boolean xx;
    private boolean get;
    private boolean keepTtl;
    private Unit unit = Unit.NONE;
    private long amount;

    private SetOptions(String command) {
        this.command = command;
    }

    /** Parses SET's options (the arguments after key and value). */
    public static SetOptions parse(byte[]... options) {
        SetOptions o = new SetOptions("set");
        byte[] rawAmount = null;
        for (int i = 0; i < options.length; i++) {
            byte[] opt = options[i];
            Unit expiry = expiryUnit(opt);
            if (Args.is(opt, "NX") && !o.xx) {
                o.nx = true;
            } else if (Args.is(opt, "XX") && !o.nx) {
                o.xx = true;
            } else if (Args.is(opt, "GET")) {
                o.get = true;
            } else if (Args.is(opt, "KEEPTTL") && o.unit == Unit.NONE) {
                o.keepTtl = true;
            } else if (expiry != null && i + 1 < options.length && !o.keepTtl
                    && (o.unit == Unit.NONE || o.unit == expiry)) {
                o.unit = expiry;
                rawAmount = options[++i];
            } else {
                throw Errors.syntax();
            }
        }
        if (rawAmount != null) {
            o.setAmount(rawAmount);
        }
        return o;
    }

    /**
     * Parses GETEX's options: {@code [EX s|PX ms|EXAT s|PXAT ms|PERSIST]}, with the same rules (and
     * error texts, naming {@code getex}) as SET's expiry options.
     */
    public static SetOptions parseGetEx(byte[]... options) {
        SetOptions o = new SetOptions("getex");
        byte[] rawAmount = null;
        for (int i = 0; i < options.length; i++) {
            byte[] opt = options[i];
            Unit expiry = expiryUnit(opt);
            if (Args.is(opt, "PERSIST") && o.unit == Unit.NONE) {
                o.persist = true;
            } else if (expiry != null && i + 1 < options.length && !o.persist
                    && (o.unit == Unit.NONE || o.unit == expiry)) {
                o.unit = expiry;
                rawAmount = options[++i];
            } else {
                throw Errors.syntax();
            }
        }
        if (rawAmount != null) {
            o.setAmount(rawAmount);
        }
        return o;
    }

    /** SETEX's expiry: {@code seconds} must be a positive integer. */
    public static SetOptions setex(byte[] seconds) {
        SetOptions o = new SetOptions("setex");
        o.unit = Unit.EX;
        o.setAmount(seconds);
        return o;
    }

    /** PSETEX's expiry: {@code millis} must be a positive integer. */
    public static SetOptions psetex(byte[] millis) {
        SetOptions o = new SetOptions("psetex");
        o.unit = Unit.PX;
        o.setAmount(millis);
        return o;
    }

    private void setAmount(byte[] raw) {
        amount = Args.parseLong(raw);
        if (amount <= 0 || (unit == Unit.EX || unit == Unit.EXAT) && amount > Long.MAX_VALUE / 1000) {
            throw Errors.invalidExpireTime(command);
        }
    }

    private static Unit expiryUnit(byte[] opt) {
        if (Args.is(opt, "EX")) {
            return Unit.EX;
        }
        if (Args.is(opt, "PX")) {
            return Unit.PX;
        }
        if (Args.is(opt, "EXAT")) {
            return Unit.EXAT;
        }
        if (Args.is(opt, "PXAT")) {
            return Unit.PXAT;
        }
        return null;
    }

    public boolean onlyIfAbsent() {
        return nx;
    }

    public boolean onlyIfPresent() {
        return xx;
    }

    public boolean returnOldValue() {
        return get;
    }

    public boolean keepTtl() {
        return keepTtl;
    }

    public boolean hasExpiry() {
        return unit != Unit.NONE;
    }

    /** GETEX PERSIST: drop the expiry. */
    public boolean persist() {
        return persist;
    }

    /** An absolute time (EXAT/PXAT), which may lie in the past; relative ones never do. */
    public boolean isAbsolute() {
        return unit == Unit.EXAT || unit == Unit.PXAT;
    }

    /**
     * The absolute expiry in epoch millis (relative ones counted from {@code now}), or
     * {@link StoredValue#NO_EXPIRY}.
     *
     * @throws CommandError "invalid expire time in '<command>' command" when it overflows
     */
    public long expireAt(long now) {
        return switch (unit) {
            case NONE -> StoredValue.NO_EXPIRY;
            case PXAT -> amount;
            case EXAT -> amount * 1000;
            case PX -> addOrFail(amount, now);
            case EX -> addOrFail(amount * 1000, now);
        };
    }

    private long addOrFail(long millis, long now) {
        if (millis > Long.MAX_VALUE - now) {
            throw Errors.invalidExpireTime(command);
        }
        return millis + now;
    }
}
