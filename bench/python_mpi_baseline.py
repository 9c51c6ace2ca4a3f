#!/usr/bin/env python3
#
# Copyright (c) 2026 Boost.ConcurrentFutures contributors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
"""mpi4py.futures on the MPI benchmark's workloads.

Run under MPI with Debian's python3-mpi4py, one round per call:
    mpirun -np 3 /usr/bin/python3 -m mpi4py.futures python_mpi_baseline.py <workload> <items> [extra]
(rank 0 runs this script, the other ranks are the pool's workers). Prints one
number in the workload's unit (ns per task or item), as python_baseline.py
does. The pool is warmed up before timing.
"""

import sys
import time

from mpi4py.futures import MPIPoolExecutor


def ident(i):
    return i


def mul(x, y):
    return x * y


def per_item_ns(start, items):
    return (time.perf_counter() - start) * 1e9 / items


def warm(executor):
    list(executor.map(ident, range(64)))


def batch(ex, n, _):
    start = time.perf_counter()
    fs = [ex.submit(mul, i, 2) for i in range(n)]
    sum(f.result() for f in fs)
    return per_item_ns(start, n)


def round_trip(ex, n, _):
    start = time.perf_counter()
    for i in range(n):
        ex.submit(mul, i, 2).result()
    return per_item_ns(start, n)


def map_chunked(ex, n, chunksize):
    start = time.perf_counter()
    sum(ex.map(mul, range(n), range(n), chunksize=chunksize or 1))
    return per_item_ns(start, n)


WORKLOADS = {
    "mpi.batch": batch,
    "mpi.round_trip": round_trip,
    "mpi.map": map_chunked,
}


def main():
    workload, items = sys.argv[1], int(sys.argv[2])
    extra = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with MPIPoolExecutor() as ex:
        warm(ex)
        value = WORKLOADS[workload](ex, items, extra)
    print(f"{value:.3f}")


if __name__ == "__main__":
    main()
