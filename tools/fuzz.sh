#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang and runs each for a
# bounded time, starting from the seed corpus in fuzz/corpus (a scratch copy:
# what the fuzzer learns stays out of the repository). Fails on any finding;
# the crashing input is left in bin/fuzz-findings.
#
# Usage: tools/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}

tools/install_deps.sh clang libclang-rt-14-dev

b2 -j"${JOBS:-2}" -q -d0 toolset=clang variant=release debug-symbols=on fuzz//stage

status=0
for target in wire; do
    exe="$root/bin/fuzz-stage/fuzz_$target"
    work="$root/bin/fuzz-corpus/$target"
    findings="$root/bin/fuzz-findings/$target"
    rm -rf "$work"
    mkdir -p "$work" "$findings"
    cp "$root/fuzz/corpus/$target/"* "$work/"
    echo "== fuzz_$target for ${seconds}s"
    if "$exe" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" > "$root/bin/fuzz-$target.log" 2>&1; then
        grep -E "stat::number_of_executed_units|stat::new_units_added" "$root/bin/fuzz-$target.log" | tr '\n' ' '
        echo
        echo "PASS  fuzz_$target: no findings"
    else
        echo "FAIL  fuzz_$target:"
        tail -40 "$root/bin/fuzz-$target.log" | sed 's/^/      | /'
        status=1
    fi
done
exit $status
