#!/usr/bin/env bash
# Runs the MPI benchmark (bench/mpi/bench_mpi.cpp) under mpirun -np 3:
# mpi_pool_executor against mpi4py.futures, in interleaved rounds, and prints the
# tables. Extra arguments go to the benchmark: --quick (a tenth of the sizes),
# --only=<workload prefix>, --csv=<file> (appends bench/RESULTS.md's format).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tools/install_deps.sh openmpi-bin libopenmpi-dev python3-mpi4py
# shellcheck source=tools/mpi_env.sh
source tools/mpi_env.sh

echo "Building the MPI benchmark (release)..."
b2 -j"${JOBS:-2}" -q -d0 --user-config="$mpi_config" variant=release visibility=hidden bench/mpi
bench=$(find bin/bench/mpi -type f -perm -u+x -name bench_mpi -path "*visibility-hidden*" | grep -v sanitizer | head -1)
"${mpi_env[@]}" mpirun --oversubscribe -np 3 "$bench" "$@"
