#!/usr/bin/env python3
"""Where the writes of one run went, from two scrapes of each member's /actuator/prometheus.

    scripts/write-stages.py SECONDS BEFORE1.prom AFTER1.prom [BEFORE2.prom AFTER2.prom ...]

SECONDS is the time between the two scrapes (the run). For every member it prints the fsyncs a
second and their mean (raft.fsync.latency), and, on the member that proposed the writes (the
leader), the mean of each stage of raft.write.stage over the run and the writes per fsync; where
the member reports it, raft.append.latency (one batch of entries handed to the log writer until it
is durable: on a follower, until its acknowledgement leaves).
Only the difference between the two scrapes counts, so the members may have run before.
"""
import re
import sys

LINE = re.compile(r'^(raft_[a-z_]+?)_(count|sum)\{([^}]*)\}\s+(\S+)$')


def read(path):
    values = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            name, kind, labels, value = m.groups()
            stage = re.search(r'stage="([^"]+)"', labels)
            node = re.search(r'node_id="([^"]+)"', labels)
            key = (node.group(1) if node else "?", name, stage.group(1) if stage else "", kind)
            values[key] = float(value)
    return values


def main():
    seconds = float(sys.argv[1])
    files = sys.argv[2:]
    for before_path, after_path in zip(files[0::2], files[1::2]):
        before, after = read(before_path), read(after_path)
        delta = {k: v - before.get(k, 0.0) for k, v in after.items()}
        nodes = sorted({k[0] for k in delta})
        for node in nodes:
            def timer(name, stage=""):
                count = delta.get((node, name, stage, "count"), 0.0)
                total = delta.get((node, name, stage, "sum"), 0.0)
                return count, (total / count * 1000 if count else 0.0)
            syncs, sync_ms = timer("raft_fsync_latency_seconds")
            line = f"{node}: fsync {syncs / seconds:.0f}/s mean {sync_ms:.2f} ms"
            writes, _ = timer("raft_write_stage_seconds", "queue")
            if writes:
                stages = ["queue", "fsync", "replication", "apply", "reply"]
                means = {s: timer("raft_write_stage_seconds", s)[1] for s in stages}
                inside = means["queue"] + means["replication"] + means["apply"] + means["reply"]
                line += (f"; {writes / seconds:.0f} writes/s, {writes / syncs if syncs else 0:.1f} per fsync; stages ms: "
                         + " ".join(f"{s} {means[s]:.2f}" for s in stages) + f"; in the node {inside:.2f}")
            appends, append_ms = timer("raft_append_latency_seconds")
            if appends:
                line += f"; appends {appends / seconds:.0f}/s mean {append_ms:.2f} ms"
            print(line)


if __name__ == "__main__":
    main()
