#!/usr/bin/env bash
# Builds and runs the demo: the example programs in examples/, one after another,
# then the MPI examples (examples/mpi) under mpirun -np 3 on this machine.
# Usage: tools/demo.sh [example names...]   (default: all of them; "mpi" for the MPI ones)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install_deps.sh

examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
    examples=(basics parallel_tasks executor_and_future_api deadlock_pitfalls read_files prime_service
              process_pool threads_vs_processes mpi)
fi
run_mpi=0
for i in "${!examples[@]}"; do
    if [ "${examples[$i]}" = mpi ]; then
        run_mpi=1
        unset 'examples[i]'
    fi
done

echo "Building the examples (b2 -j${JOBS:-2} examples)..."
b2 -j"${JOBS:-2}" -q -d0 variant=release examples

bin_dir=$(dirname "$(find bin/examples -type f -perm -u+x -name basics -path '*release*' | grep -v sanitizer | head -1)")
for name in "${examples[@]+"${examples[@]}"}"; do
    echo
    echo "=================== examples/$name.cpp"
    timeout 300 "$bin_dir/$name"
done

[ "$run_mpi" = 1 ] || exit 0
tools/install_deps.sh openmpi-bin libopenmpi-dev
root=$(pwd)
# shellcheck source=tools/mpi_env.sh
source tools/mpi_env.sh
echo
echo "Building the MPI examples (Open MPI, b2 -j${JOBS:-2} examples/mpi)..."
b2 -j"${JOBS:-2}" -q -d0 --user-config="$mpi_config" variant=release examples/mpi
mpi_bin_dir=$(dirname "$(find bin/examples/mpi -type f -perm -u+x -name mpi_primes -path '*release*' | grep -v sanitizer | head -1)")
for name in threads_vs_processes_mpi mpi_primes; do
    echo
    echo "=================== examples/mpi/$name.cpp (mpirun -np 3: the root and 2 worker ranks)"
    timeout 300 "${mpi_env[@]}" mpirun --oversubscribe -np 3 "$mpi_bin_dir/$name"
done
