#!/usr/bin/env bash
# Builds and runs the whole test suite. The work is split into legs, one file
# each in tools/test.d/, run in the order of their names; each leg builds what
# it needs (reusing earlier builds where it can), runs it bounded in time, and
# counts every check. The last line counts all of them: "N passed, N failed".
# Exit status 0 only if none failed.
#
# A leg's first lines may say "# packages: a b c": the Debian packages it
# needs, installed here once for all legs.
#
# Environment: JOBS (default 2), TEST_LEGS (names or parts of names of the
#              legs to run, default all), TEST_TIMEOUT seconds per program
#              (default 900), FUZZ_SECONDS per fuzz target (default 60).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=tools/test_lib.sh
source tools/test_lib.sh

jobs=${JOBS:-2}
per_program_timeout=${TEST_TIMEOUT:-900}
results_dir="$root/bin/test-results"
mkdir -p "$results_dir"

legs=()
for leg in tools/test.d/[0-9]*.sh; do
    name=$(basename "$leg" .sh)
    if [ -n "${TEST_LEGS:-}" ]; then
        keep=0
        for want in $TEST_LEGS; do [[ "$name" == *"$want"* ]] && keep=1; done
        [ "$keep" -eq 1 ] || continue
    fi
    legs+=("$leg")
done

# shellcheck disable=SC2046
packages=$(sed -n 's/^# packages: //p' "${legs[@]}" | tr ' ' '\n' | sort -u | tr '\n' ' ')
# shellcheck disable=SC2086
tools/install_deps.sh $packages || { echo "could not install: $packages"; echo "0 passed, 1 failed"; exit 1; }

timings=()
for leg in "${legs[@]}"; do
    name=$(basename "$leg" .sh)
    echo "== $name"
    start=$SECONDS
    # shellcheck disable=SC1090
    source "$leg"
    timings+=("$name $((SECONDS - start))s")
done

echo "== time per leg: ${timings[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
