#!/usr/bin/env bash
# Runs every benchmark and prints the tables; writes bench/RESULTS.md (machine,
# date, figures, targets; the large-payload and MPI sections by
# tools/bench_large.sh and tools/bench_mpi.sh) and bench/scaling.png.
# Extra arguments go to each benchmark program: --quick (a tenth of the sizes),
# --only=<workload prefix>.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install_deps.sh libtbb-dev gnuplot-nox python3

echo "Building the benchmarks (release)..."
b2 -j"${JOBS:-2}" -q -d0 variant=release bench

bin=$(dirname "$(find bin/bench -type f -name bench_threads -path '*release*' | grep -v sanitizer | head -1)")
csv=bin/bench-results.csv
rm -f "$csv"
for program in bench_threads bench_processes bench_memory; do
    "$bin/$program" --csv="$csv" "$@"
done

python3 bench/report.py "$csv" bench/RESULTS.md bin/bench-scaling.dat
gnuplot bench/scaling.gnuplot
echo
echo "Wrote bench/RESULTS.md and bench/scaling.png"
# Sections of their own runs: large payloads, then the MPI pool against
# mpi4py.futures under mpirun.
tools/bench_large.sh "$@"
tools/bench_mpi.sh "$@"
