package io.raftboot.consensus.sim;

import java.util.List;

/** A simulation run that broke a property; the message carries everything needed to replay it. */
public final class SimulationFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final String property;
    private final String detail;
    private final List<String> traceTail;

    SimulationFailure(long seed, String property, String detail, List<String> traceTail, String replay,
                      Throwable cause) {
        super(format(seed, property, detail, traceTail, replay), cause);
        this.seed = seed;
        this.property = property;
        this.detail = detail;
        this.traceTail = List.copyOf(traceTail);
    }

    public long seed() {
        return seed;
    }

    public String property() {
        return property;
    }

    /** What broke, without the trace and the replay command. */
    public String detail() {
        return detail;
    }

    /** The last events of the run before it broke. */
    public List<String> traceTail() {
        return traceTail;
    }

    private static String format(long seed, String property, String detail, List<String> traceTail, String replay) {
        StringBuilder out = new StringBuilder();
        out.append("simulation seed ").append(seed).append(" violated ").append(property).append(": ")
                .append(detail).append("\n  last events:\n");
        for (String line : traceTail) {
            out.append("    ").append(line).append('\n');
        }
        out.append("  replay: ").append(replay);
        return out.toString();
    }

    /** Thrown inside a run when a property breaks; the run adds seed, trace and replay command. */
    public static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String property;

        public Violation(String property, String detail) {
            super(detail);
            this.property = property;
        }

        Violation(String property, String detail, Throwable cause) {
            super(detail, cause);
            this.property = property;
        }

        String property() {
            return property;
        }
    }
}
