# Leg: every test program built with AddressSanitizer + UndefinedBehaviorSanitizer,
# and a check that the leak check is live in the parent and in process-pool
# workers (tests/leak_canary leaks on purpose and must be caught both ways).
if b2_build asan variant=release debug-symbols=on address-sanitizer=norecover undefined-sanitizer=norecover tests//programs; then
    for exe in $(b2_test_programs address-sanitizer); do
        run_boost_test asan "$exe"
    done
    canary=$(find "$root/bin/tests" -type f -perm -u+x -name leak_canary | grep address-sanitizer | head -1)
    canary_ok=1
    for where in parent worker; do
        log="$results_dir/asan-leak_canary-$where.log"
        if [ -z "$canary" ]; then canary_ok=0; break; fi
        ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}" timeout -k 10 120 "$canary" "$where" > "$log" 2>&1
        grep -q "ERROR: LeakSanitizer" "$log" && grep -q "leak_on_purpose" "$log" || canary_ok=0
    done
    if [ "$canary_ok" -eq 1 ]; then
        pass "asan     leak_canary              leaks caught in the parent and in a worker"
    else
        fail "asan     leak_canary              a deliberate leak went unreported (see $results_dir/asan-leak_canary-*.log)"
    fi
fi
