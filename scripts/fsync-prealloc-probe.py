#!/usr/bin/env python3
"""fdatasync rate of small appends into a file prepared four ways, interleaved round by round.

    scripts/fsync-prealloc-probe.py [dir] [writes per round] [rounds]     (default: . 2000 5)

Each round writes `writes` records of 1,500 bytes one after the other, each followed by
fdatasync, into a fresh 64 MiB file prepared as:
  grow       nothing: every write extends the file (the log before preallocation)
  sparse     ftruncate to 64 MiB (what RandomAccessFile.setLength does): a hole
  fallocate  posix_fallocate 64 MiB, then fsync: allocated but unwritten extents
  zeros      64 MiB of real zeros written, then fsync (a segment's zeroed extent, which
             SegmentAllocator writes 4 MiB at a time)
Prints each round, then the median rate per preparation and its ratio to `grow`. Put `dir` on
the file system to measure; the files are removed.
"""
import os
import statistics
import sys
import time

SIZE = 64 << 20
RECORD = b"x" * 1500


def grow(fd):
    pass


def sparse(fd):
    os.ftruncate(fd, SIZE)
    os.fsync(fd)


def fallocate(fd):
    os.posix_fallocate(fd, 0, SIZE)
    os.fsync(fd)


def zeros(fd):
    chunk = bytes(1 << 20)
    for i in range(SIZE >> 20):
        os.pwrite(fd, chunk, i << 20)
    os.fsync(fd)


def rate(directory, prepare, writes):
    path = os.path.join(directory, "fsync-probe.tmp")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        prepare(fd)
        start = time.perf_counter()
        for i in range(writes):
            os.pwrite(fd, RECORD, i * len(RECORD))
            os.fdatasync(fd)
        return writes / (time.perf_counter() - start)
    finally:
        os.close(fd)
        os.unlink(path)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    writes = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    modes = [grow, sparse, fallocate, zeros]
    rates = {m.__name__: [] for m in modes}
    for r in range(rounds):
        line = []
        for m in modes:
            rates[m.__name__].append(rate(directory, m, writes))
            line.append(f"{m.__name__} {rates[m.__name__][-1]:6.0f}")
        print(f"round {r + 1}: " + "  ".join(line) + "  fdatasync/s", flush=True)
    base = statistics.median(rates["grow"])
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"{name:10s} median {median:6.0f} fdatasync/s  x{median / base:.2f} of grow")


if __name__ == "__main__":
    main()
