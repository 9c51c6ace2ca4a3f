#!/usr/bin/env bash
# Builds and runs the demo: the example programs in examples/, one after another.
# Usage: tools/demo.sh [example names...]   (default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install_deps.sh

examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
    examples=(basics parallel_tasks executor_and_future_api deadlock_pitfalls read_files prime_service
              process_pool threads_vs_processes)
fi

echo "Building the examples (b2 -j${JOBS:-2} examples)..."
b2 -j"${JOBS:-2}" -q -d0 variant=release examples

bin_dir=$(dirname "$(find bin/examples -type f -perm -u+x -name basics -path '*release*' | grep -v sanitizer | head -1)")
for name in "${examples[@]}"; do
    echo
    echo "=================== examples/$name.cpp"
    timeout 300 "$bin_dir/$name"
done
