#!/usr/bin/env bash
# Runs the MPI benchmark (bench/mpi/bench_mpi.cpp) under mpirun -np 3:
# mpi_pool_executor against mpi4py.futures, in interleaved rounds, prints the
# tables and writes them, with the targets, as the MPI section of
# bench/RESULTS.md. Extra arguments go to the benchmark: --quick (a tenth of
# the sizes), --only=<workload prefix>.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tools/install_deps.sh openmpi-bin libopenmpi-dev python3-mpi4py
# shellcheck source=tools/mpi_env.sh
source tools/mpi_env.sh

echo "Building the MPI benchmark (release)..."
b2 -j"${JOBS:-2}" -q -d0 --user-config="$mpi_config" variant=release visibility=hidden bench/mpi
bench=$(find bin/bench/mpi -type f -perm -u+x -name bench_mpi -path "*visibility-hidden*" | grep -v sanitizer | head -1)
csv=bin/bench-mpi-results.csv
rm -f "$csv"
"${mpi_env[@]}" mpirun --oversubscribe -np 3 "$bench" --csv="$csv" "$@"
python3 bench/report.py --section=mpi "$csv" bench/RESULTS.md
echo "Wrote the MPI section of bench/RESULTS.md"
