package io.raftboot.consensus.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A class of faults the simulator can inject; all are on unless {@code -Dsim.faults} lists a subset. */
public enum Fault {
    DROP, DUP, REORDER, PARTITION, CRASH, PAUSE, MEMBERSHIP, TRANSFER, SNAPSHOT;

    /** Parses a comma-separated list such as {@code drop,partition}; blank or "all" means every class. */
    public static Set<Fault> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Fault.class);
        }
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        if (spec.trim().equalsIgnoreCase("none")) {
            return faults;
        }
        for (String part : spec.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            try {
                faults.add(Fault.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault class '" + part.trim() + "' in sim.faults; known: "
                        + EnumSet.allOf(Fault.class).toString().toLowerCase(Locale.ROOT), e);
            }
        }
        return faults;
    }

    public static String format(Set<Fault> faults) {
        if (faults.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (Fault fault : faults) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(fault.name().toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
