#!/usr/bin/env bash
# Compares the process pool's small-task figures (submit+result, round trip,
# map chunksize 1000) of two revisions in one interleaved run: each revision's
# bench_processes is built in its own worktree, then the two run by turns
# (the order swapped every round), so that the machine's load hits both alike.
# Prints each workload's median per revision and the ratio new/old.
#
# Usage: tools/bench_compare.sh OLD_REV [NEW_REV=HEAD] [ROUNDS=6]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: tools/bench_compare.sh OLD_REV [NEW_REV] [ROUNDS]}
new=${2:-HEAD}
rounds=${3:-6}
work=$PWD/bin/bench-compare
mkdir -p "$work"

declare -A exe
for side in old new; do
    rev=$([ "$side" = old ] && echo "$old" || echo "$new")
    dir="$work/$side"
    git worktree remove --force "$dir" 2> /dev/null || rm -rf "$dir"
    git worktree add -q --detach "$dir" "$rev"
    echo "Building bench_processes at $side = $(git rev-parse --short "$rev")..."
    (cd "$dir" && b2 -j"${JOBS:-2}" -q -d0 variant=release bench//bench_processes)
    exe[$side]=$(find "$dir/bin/bench" -type f -name bench_processes -path '*release*' | head -1)
done

rm -f "$work"/old.csv "$work"/new.csv
for ((r = 0; r < rounds; ++r)); do
    order=(old new)
    ((r % 2)) && order=(new old)
    for side in "${order[@]}"; do
        # Python's contenders are left out ("echo 0 #" stands for python3): this compares builds.
        "${exe[$side]}" --only=processes.batch --only=processes.round_trip --only=processes.map.chunksize_1000 \
            --python='echo 0 #' --csv="$work/$side.csv" > /dev/null
    done
    echo "round $((r + 1))/$rounds done"
done

python3 - "$work/old.csv" "$work/new.csv" <<'PYTHON'
import statistics, sys
def load(path):
    out = {}
    for line in open(path):
        f = line.rstrip("\n").split(";")
        if len(f) >= 5 and f[3].startswith("cf::"):
            out.setdefault((f[0], f[2]), []).append(float(f[4]))
    return out
old, new = load(sys.argv[1]), load(sys.argv[2])
print(f"{'workload':34} {'unit':8} {'old':>10} {'new':>10} {'new/old':>8}   (median of {len(next(iter(old.values())))} runs each)")
for key in old:
    o, n = statistics.median(old[key]), statistics.median(new.get(key, [float('nan')]))
    print(f"{key[0]:34} {key[1]:8} {o:10.1f} {n:10.1f} {n / o:8.3f}")
PYTHON
for side in old new; do git worktree remove --force "$work/$side"; done
