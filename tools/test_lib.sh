# Shared by tools/test.sh and its legs (tools/test.d/*.sh): the counters and
# the ways a leg reports what it ran. Sourced, never run.
#
# A leg reports every check through pass/fail (or run_boost_test, which counts
# the test cases of one Boost.Test program); tools/test.sh prints the total.

passed=${passed:-0}
failed=${failed:-0}

# pass WHAT [COUNT]: COUNT checks (default 1) passed.
pass()
{
    local n=${2:-1}
    passed=$((passed + n))
    printf 'PASS  %s\n' "$1"
}

# fail WHAT [LOG] [COUNT]: COUNT checks (default 1) failed; the tail of LOG shows why.
fail()
{
    local n=${3:-1}
    failed=$((failed + n))
    printf 'FAIL  %s\n' "$1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        tail -60 "$2" | sed 's/^/      | /'
    fi
}

# Leaf entries of --list_content are the test cases.
count_cases()
{
    "$@" --list_content 2>&1 | awk '
        { match($0, /^ */); ind[NR] = RLENGTH; }
        END { n = 0; for (i = 1; i <= NR; i++) if (i == NR || ind[i+1] <= ind[i]) n++; print n }'
}

has_sanitizer_report()
{
    grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error:" "$1"
}

xml_attr() { grep -o "$2=\"[0-9]*\"" "$1" | head -1 | grep -o '[0-9]*'; }

# explain_failure REPORT LOG: why a Boost.Test program failed. Workers print into
# the same log and the program's own buffered output lands last, so a bare tail
# can show only worker lines: name the failed cases, then Boost.Test's and the
# sanitizers' error lines, then the tail.
explain_failure()
{
    local report=$1 log=$2
    if [ -s "$report" ]; then
        grep -o '<TestCase name="[^"]*" result="\(failed\|aborted\|timed-out\)"' "$report" |
            sed 's/<TestCase name="\([^"]*\)" result="\([^"]*\)"/      | case \1: \2/'
    fi
    grep -aE 'error: in "|fatal error|critical error|exception|terminate called|Sanitizer|runtime error:|killed after' "$log" |
        head -40 | sed 's/^/      | /'
    echo "      | ... last lines of $log:"
    tail -20 "$log" | sed 's/^/      | /'
}

# run_boost_test LABEL EXE [LAUNCHER...]: runs a Boost.Test program (through
# LAUNCHER, e.g. wine or mpirun, if given), bounded by TEST_TIMEOUT, and counts
# its test cases. A clean report with a failing exit status, or a sanitizer
# report anywhere in its output (workers share its stderr), is one failure more.
run_boost_test()
{
    local label=$1 exe=$2
    shift 2
    local name; name=$(basename "$exe")
    local report="$results_dir/$label-$name.xml" log="$results_dir/$label-$name.log"
    local total; total=$(count_cases "$@" "$exe")
    rm -f "$report"
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp ${TSAN_OPTIONS:-}" \
    ASAN_OPTIONS="detect_leaks=1 detect_stack_use_after_return=1 ${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}" \
        timeout -k 10 "$per_program_timeout" "$@" "$exe" --log_level=error --report_format=XML \
            --report_level=detailed --report_sink="$report" > "$log" 2>&1
    local status=$?
    local ok=0 bad=0 skipped=0
    if [ -s "$report" ] && grep -q '<TestResult>' "$report"; then
        ok=$(( $(xml_attr "$report" test_cases_passed) + $(xml_attr "$report" test_cases_passed_with_warnings) ))
        # Cases disabled for this build (enable_if, e.g. not under a sanitizer) are neither.
        skipped=$(xml_attr "$report" test_cases_skipped)
        bad=$(( total - ok - ${skipped:-0} ))
        if [ "$bad" -eq 0 ] && { [ "$status" -ne 0 ] || has_sanitizer_report "$log"; }; then bad=1; fi
    else
        [ "$total" -gt 0 ] && bad=$total || bad=1
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$bad" -eq 0 ]; then
        printf 'PASS  %-8s %-24s %d test cases%s\n' "$label" "$name" "$ok" \
            "$([ "${skipped:-0}" -gt 0 ] && echo " ($skipped disabled in this build)")"
    else
        [ "$status" -eq 124 ] && echo "  (killed after ${per_program_timeout}s)" >> "$log"
        printf 'FAIL  %-8s %-24s %d passed, %d failed, exit status %d\n' "$label" "$name" "$ok" "$bad" "$status"
        explain_failure "$report" "$log"
    fi
}

# b2_build LABEL PROPERTIES... : one b2 build; a failure counts once and shows the errors.
b2_build()
{
    local label=$1
    shift
    local log="$results_dir/build-$label.log"
    # shellcheck disable=SC2068
    if b2 -j"$jobs" -q -d0 "$@" > "$log" 2>&1; then
        return 0
    fi
    build_failed "$label" "$log"
}

# build_failed LABEL LOG: a failed build counts once and shows its errors.
build_failed()
{
    failed=$((failed + 1))
    echo "FAIL  build ($1)"
    grep -E "error|Error" "$2" | head -40 | sed 's/^/      | /'
    return 1
}

# cmake_build LABEL SOURCE_DIR BUILD_DIR [TARGET] -- [CMAKE ARGS...]: configures
# (Release) and builds one CMake project, or only TARGET of it.
cmake_build()
{
    local label=$1 source=$2 build=$3 target=()
    shift 3
    if [ "${1:-}" != "--" ]; then target=(--target "$1"); shift; fi
    shift
    local log="$results_dir/build-$label.log"
    if cmake -S "$source" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" > "$log" 2>&1 &&
       cmake --build "$build" -j"$jobs" "${target[@]}" >> "$log" 2>&1; then
        return 0
    fi
    build_failed "$label" "$log"
}

# Test programs of one b2 build of tests/, found by the properties in their paths.
b2_test_programs()
{
    local all
    all=$(find "$root/bin/tests" -type f -perm -u+x -name 'test_*' 2>/dev/null | sort)
    case "$1" in
        release) echo "$all" | grep -e visibility-hidden | grep -v -e sanitizer -e debug-symbols -e clang -e link-static ;;
        *) echo "$all" | grep -e "$1" ;;
    esac
}
