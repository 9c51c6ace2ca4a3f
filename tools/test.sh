#!/usr/bin/env bash
# Builds and runs the whole test suite:
#   - every test program in three builds: release, ThreadSanitizer, and
#     AddressSanitizer + UndefinedBehaviorSanitizer;
#   - a check that the leak check is live (tests/leak_canary, ASan build);
#   - the libFuzzer targets in fuzz/ (tools/fuzz.sh), for a bounded time;
#   - the consumer project in tests/consumer (a separate b2 project that uses
#     this library through use-project).
# Every program run is bounded in time. The last line counts every test case
# of every program: "N passed, N failed". Exit status 0 only if none failed.
#
# Environment: JOBS (default 2), TEST_CONFIGS (default "release tsan asan"),
#              TEST_TIMEOUT seconds per program (default 900),
#              FUZZ_SECONDS per fuzz target (default 60).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

tools/install_deps.sh libtbb-dev || { echo "could not install build dependencies"; echo "0 passed, 1 failed"; exit 1; }

jobs=${JOBS:-2}
configs=${TEST_CONFIGS:-release tsan asan}
per_program_timeout=${TEST_TIMEOUT:-900}
results_dir="$root/bin/test-results"
mkdir -p "$results_dir"

passed=0
failed=0

props_for() {
    case "$1" in
        release) echo "variant=release" ;;
        tsan) echo "variant=release debug-symbols=on thread-sanitizer=on" ;;
        asan) echo "variant=release debug-symbols=on address-sanitizer=norecover undefined-sanitizer=norecover" ;;
    esac
}

# Where b2 put a config's test programs (its build paths name the properties).
binaries_for() {
    local all
    all=$(find "$root/bin/tests" -type f -perm -u+x -name 'test_*' 2>/dev/null | sort)
    case "$1" in
        release) echo "$all" | grep -v -e sanitizer -e debug-symbols ;;
        tsan) echo "$all" | grep thread-sanitizer ;;
        asan) echo "$all" | grep address-sanitizer ;;
    esac
}

# Leaf entries of --list_content are the test cases.
count_cases() {
    "$1" --list_content 2>&1 | awk '
        { match($0, /^ */); ind[NR] = RLENGTH; }
        END { n = 0; for (i = 1; i <= NR; i++) if (i == NR || ind[i+1] <= ind[i]) n++; print n }'
}

has_sanitizer_report() {
    grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error:" "$1"
}

# The leak check is live, in this process and in process-pool workers:
# tests/leak_canary leaks on purpose and must be caught both ways.
check_leak_canary() {
    local exe; exe=$(find "$root/bin/tests" -type f -perm -u+x -name leak_canary | grep address-sanitizer | head -1)
    local where log ok=1
    for where in parent worker; do
        log="$results_dir/asan-leak_canary-$where.log"
        if [ -z "$exe" ]; then ok=0; break; fi
        ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}" timeout -k 10 120 "$exe" "$where" > "$log" 2>&1
        grep -q "ERROR: LeakSanitizer" "$log" && grep -q "leak_on_purpose" "$log" || ok=0
    done
    if [ "$ok" -eq 1 ]; then
        echo "PASS  asan     leak_canary            leaks caught in the parent and in a worker"
        passed=$((passed + 1))
    else
        echo "FAIL  asan     leak_canary            a deliberate leak went unreported (see $results_dir/asan-leak_canary-*.log)"
        failed=$((failed + 1))
    fi
}

xml_attr() { grep -o "$2=\"[0-9]*\"" "$1" | head -1 | grep -o '[0-9]*'; }

run_program() {
    local config=$1 exe=$2
    local name; name=$(basename "$exe")
    local report="$results_dir/$config-$name.xml" log="$results_dir/$config-$name.log"
    local total; total=$(count_cases "$exe")
    rm -f "$report"
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp ${TSAN_OPTIONS:-}" \
    ASAN_OPTIONS="detect_leaks=1 detect_stack_use_after_return=1 ${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}" \
        timeout -k 10 "$per_program_timeout" "$exe" --log_level=error --report_format=XML \
            --report_level=detailed --report_sink="$report" > "$log" 2>&1
    local status=$?
    local ok=0 bad=0
    if [ -s "$report" ] && grep -q '<TestResult>' "$report"; then
        ok=$(( $(xml_attr "$report" test_cases_passed) + $(xml_attr "$report" test_cases_passed_with_warnings) ))
        bad=$(( total - ok ))
        # A clean report but a failing exit (sanitizer at exit, leak), or a
        # sanitizer report from a worker process (they share our stderr, and
        # a worker's report need not fail any test case): one more failure.
        if [ "$bad" -eq 0 ] && { [ "$status" -ne 0 ] || has_sanitizer_report "$log"; }; then bad=1; fi
    else
        bad=$total
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$bad" -eq 0 ]; then
        printf 'PASS  %-8s %-22s %d test cases\n' "$config" "$name" "$ok"
    else
        [ "$status" -eq 124 ] && echo "  (killed after ${per_program_timeout}s)" >> "$log"
        printf 'FAIL  %-8s %-22s %d passed, %d failed, exit status %d\n' "$config" "$name" "$ok" "$bad" "$status"
        sed 's/^/      | /' "$log" | tail -60
    fi
}

for config in $configs; do
    props=$(props_for "$config")
    echo "== building tests ($config: $props)"
    targets="tests"
    # The release build also builds everything else (library, examples, bench).
    [ "$config" = release ] && targets=""
    # shellcheck disable=SC2086
    if ! b2 -j"$jobs" -q -d0 $props $targets > "$results_dir/build-$config.log" 2>&1; then
        echo "FAIL  build ($config)"
        grep -E "error|Error" "$results_dir/build-$config.log" | head -40
        failed=$((failed + 1))
        continue
    fi
    for exe in $(binaries_for "$config"); do
        run_program "$config" "$exe"
    done
    [ "$config" = asan ] && check_leak_canary
done

echo "== fuzzing (tools/fuzz.sh, ${FUZZ_SECONDS:-60}s per target)"
if tools/fuzz.sh "${FUZZ_SECONDS:-60}" > "$results_dir/fuzz.log" 2>&1; then
    grep -E "^(PASS|stat::)" "$results_dir/fuzz.log"
    passed=$((passed + $(grep -c "^PASS" "$results_dir/fuzz.log")))
else
    echo "FAIL  fuzzing"
    tail -40 "$results_dir/fuzz.log" | sed 's/^/      | /'
    failed=$((failed + 1))
fi

echo "== consumer project (tests/consumer, use-project /boost/concurrent_futures)"
if (cd tests/consumer && b2 -j"$jobs" -q -d0 variant=release > "$results_dir/consumer.log" 2>&1) &&
   consumer=$(find tests/consumer/bin -type f -perm -u+x -name consumer | head -1) && [ -n "$consumer" ] &&
   timeout -k 10 120 "$consumer" >> "$results_dir/consumer.log" 2>&1; then
    echo "PASS  consumer project builds, links and runs"
    passed=$((passed + 1))
else
    echo "FAIL  consumer project"
    tail -40 "$results_dir/consumer.log" | sed 's/^/      | /'
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
