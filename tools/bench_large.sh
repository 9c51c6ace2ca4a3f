#!/usr/bin/env bash
# Runs the large-payload benchmark (bench/bench_large.cpp): the process pool
# moving 1, 16 and 128 MiB arguments and results against Python and a memcpy
# of the same size, in interleaved rounds; prints the tables and writes them,
# with the targets, as the large-payload section of bench/RESULTS.md. Extra
# arguments go to the benchmark: --quick (a tenth of the sizes),
# --only=<workload prefix>.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install_deps.sh python3

echo "Building the large-payload benchmark (release)..."
b2 -j"${JOBS:-2}" -q -d0 variant=release bench//bench_large
bench=$(find bin/bench -type f -perm -u+x -name bench_large -path '*release*' | grep -v sanitizer | head -1)
csv=bin/bench-large-results.csv
rm -f "$csv"
"$bench" --csv="$csv" "$@"
python3 bench/report.py --section=large "$csv" bench/RESULTS.md
echo "Wrote the large-payload section of bench/RESULTS.md"
