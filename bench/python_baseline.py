#!/usr/bin/env python3
#
# Copyright (c) 2026 Boost.ConcurrentFutures contributors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
"""Python's concurrent.futures on the benchmark's workloads.

Run by the C++ benchmarks, one round per call:
    python_baseline.py <workload> <items> [extra]
prints one number in the workload's unit. Pools are created and warmed up
before timing (except for the start-up workload), as in the C++ contenders.
"""

import concurrent.futures as cf
import os
import sys
import time


def ident(i):
    return i


def mul(x, y):
    return x * y


def count_primes(lo, hi):
    count = 0
    for n in range(max(lo, 2), hi):
        d = 2
        prime = True
        while d * d <= n:
            if n % d == 0:
                prime = False
                break
            d += 1
        count += prime
    return count


def cores():
    return os.cpu_count() or 1


def per_item_ns(start, items):
    return (time.perf_counter() - start) * 1e9 / items


def warm(executor):
    list(executor.map(ident, range(4 * cores())))


def threads_batch(n):
    with cf.ThreadPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        fs = [ex.submit(ident, i) for i in range(n)]
        sum(f.result() for f in fs)
        return per_item_ns(start, n)


def threads_round_trip(n):
    with cf.ThreadPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        for i in range(n):
            ex.submit(ident, i).result()
        return per_item_ns(start, n)


def threads_map(n):
    with cf.ThreadPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        sum(ex.map(ident, range(n)))
        return per_item_ns(start, n)


def threads_as_completed(n):
    with cf.ThreadPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        fs = [ex.submit(ident, i) for i in range(n)]
        sum(f.result() for f in cf.as_completed(fs))
        return per_item_ns(start, n)


def processes_batch(n):
    with cf.ProcessPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        fs = [ex.submit(mul, i, 2) for i in range(n)]
        sum(f.result() for f in fs)
        return per_item_ns(start, n)


def processes_round_trip(n):
    with cf.ProcessPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        for i in range(n):
            ex.submit(mul, i, 2).result()
        return per_item_ns(start, n)


def processes_map(n, chunksize):
    with cf.ProcessPoolExecutor(cores()) as ex:
        warm(ex)
        start = time.perf_counter()
        sum(ex.map(mul, range(n), range(n), chunksize=chunksize))
        return per_item_ns(start, n)


def processes_startup(n):
    # Milliseconds from creating a one-worker pool to its first result, shut down.
    start = time.perf_counter()
    for _ in range(n):
        with cf.ProcessPoolExecutor(1) as ex:
            ex.submit(mul, 2, 3).result()
    return (time.perf_counter() - start) * 1e3 / n


def processes_large(size, reps, round_trip):
    # MiB/s of payload: a bytes argument to a worker (its length back), or echoed.
    data = bytes(size)
    fn = ident if round_trip else len
    with cf.ProcessPoolExecutor(cores()) as ex:
        warm(ex)
        ex.submit(fn, data).result()  # one untimed, as the C++ side runs
        start = time.perf_counter()
        for _ in range(reps):
            ex.submit(fn, data).result()
        return size * reps / (1 << 20) / (time.perf_counter() - start)


def processes_scaling(limit, workers):
    chunks = 64
    with cf.ProcessPoolExecutor(workers) as ex:
        warm(ex)
        start = time.perf_counter()
        fs = [ex.submit(count_primes, c * limit // chunks, (c + 1) * limit // chunks) for c in range(chunks)]
        sum(f.result() for f in fs)
        return time.perf_counter() - start


WORKLOADS = {
    "threads.batch": threads_batch,
    "threads.round_trip": threads_round_trip,
    "threads.map": threads_map,
    "threads.as_completed": threads_as_completed,
    "processes.batch": processes_batch,
    "processes.round_trip": processes_round_trip,
    "processes.startup": processes_startup,
}


def main():
    workload, items = sys.argv[1], int(sys.argv[2])
    extra = int(sys.argv[3]) if len(sys.argv) > 3 else None
    if workload == "processes.map":
        value = processes_map(items, extra or 1)
    elif workload in ("processes.large_to_worker", "processes.large_round_trip"):
        value = processes_large(items, extra or 1, workload.endswith("round_trip"))
    elif workload == "processes.scaling":
        value = processes_scaling(items, extra or 1)
    else:
        value = WORKLOADS[workload](items)
    print(f"{value:.3f}")


if __name__ == "__main__":
    main()
