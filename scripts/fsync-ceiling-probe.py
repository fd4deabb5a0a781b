#!/usr/bin/env python3
"""How many fdatasyncs a second this disk gives 1 process, and 3 processes at once.

    scripts/fsync-ceiling-probe.py [dir] [seconds per run] [rounds] [processes[xthreads],...]
                                                         (default: . 5 3 1,3)

The physical ceiling of a durable write at pipeline depth 1: redis-server `appendfsync always` is
one process fsyncing one file; three raftboot members on one machine are three processes, each
fsyncing its own preallocated log segment on the same disk. Each process here does what a log
writer does: it appends a record of RECORD bytes (about one group of 16 SETs) into a file of real
zeros (a segment's zeroed extent), calls fdatasync, and repeats for `seconds`; the processes start
together (a barrier) and stop together. The runs alternate by process count, round after round, so
that both counts see the same disk.

`PxT` runs P processes with T threads each, the threads of a process appending to (separate parts
of) its one file and fsyncing it independently: two fsyncs of one file in flight at once, which is
what the log writer does at `high` (e.g. 1x2, 3x2).

Per run it prints each process's fdatasync/s, their sum, and the latency of one fdatasync over all
processes (mean, p50, p90, p99, max in ms). At the end, the medians per process count.
Put `dir` on the file system to measure; the files are removed.
"""
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time

SIZE = 64 << 20
RECORD = b"x" * 1600


def prepare(path):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    chunk = bytes(1 << 20)
    for i in range(SIZE >> 20):
        os.pwrite(fd, chunk, i << 20)
    os.fsync(fd)
    return fd


def worker(path, threads, seconds, barrier, results):
    fd = prepare(path)
    latencies = [[] for _ in range(threads)]
    region = SIZE // threads

    def loop(k):
        end = time.perf_counter() + seconds
        offset = 0
        while True:
            os.pwrite(fd, RECORD, k * region + offset)
            offset = (offset + len(RECORD)) % (region - len(RECORD))
            start = time.perf_counter()
            os.fdatasync(fd)
            now = time.perf_counter()
            latencies[k].append(now - start)
            if now >= end:
                break

    try:
        barrier.wait()
        pool = [threading.Thread(target=loop, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        results.put((seconds, [x for lat in latencies for x in lat]))
    finally:
        os.close(fd)
        os.unlink(path)


def run(directory, processes, threads, seconds):
    barrier = mp.Barrier(processes)
    results = mp.Queue()
    procs = [mp.Process(target=worker, args=(os.path.join(directory, f"fsync-ceiling-{i}.tmp"), threads, seconds, barrier, results))
             for i in range(processes)]
    for p in procs:
        p.start()
    collected = [results.get() for _ in procs]
    for p in procs:
        p.join()
    rates = [len(lat) / secs for secs, lat in collected]
    every = sorted(x for _, lat in collected for x in lat)
    q = lambda f: every[min(len(every) - 1, int(f * len(every)))] * 1000
    return {
        "rates": rates,
        "total": sum(rates),
        "mean": statistics.fmean(every) * 1000,
        "p50": q(0.50), "p90": q(0.90), "p99": q(0.99), "max": every[-1] * 1000,
    }


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    counts = (sys.argv[4] if len(sys.argv) > 4 else "1,3").split(",")
    summary = {c: [] for c in counts}
    for r in range(rounds):
        for c in counts:
            processes, _, threads = c.partition("x")
            res = run(directory, int(processes), int(threads or 1), seconds)
            summary[c].append(res)
            each = " ".join(f"{x:.0f}" for x in res["rates"])
            print(f"round {r + 1} processes {c}: each {each} fdatasync/s, together {res['total']:.0f}/s; "
                  f"latency ms mean {res['mean']:.2f} p50 {res['p50']:.2f} p90 {res['p90']:.2f} "
                  f"p99 {res['p99']:.2f} max {res['max']:.1f}  (load {os.getloadavg()[0]:.1f})", flush=True)
    for c, runs in summary.items():
        med = lambda k: statistics.median(x[k] for x in runs)
        per = statistics.median(statistics.fmean(x["rates"]) for x in runs)
        print(f"processes {c}: median per process {per:.0f}/s, together {med('total'):.0f}/s, latency ms "
              f"mean {med('mean'):.2f} p50 {med('p50'):.2f} p99 {med('p99'):.2f} max {med('max'):.1f}")


if __name__ == "__main__":
    main()
