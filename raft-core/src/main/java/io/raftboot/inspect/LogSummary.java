package io.raftboot.inspect;

import java.util.List;

/**
 * One pass over a log: its kind ({@code segmented}, {@code mapdb} or {@code none}), the logical
 * first and last index, how many files hold it, damage (refused by a node on start) and warnings
 * (a torn tail, which a node cuts back on start).
 */
record LogSummary(String kind, long firstIndex, long lastIndex, int files, List<Finding> damage,
                  List<String> warnings) {
}
