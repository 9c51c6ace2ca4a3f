# Leg: the libFuzzer targets in fuzz/ (tools/fuzz.sh), for a bounded time each.
# packages: clang libclang-rt-14-dev
if tools/fuzz.sh "${FUZZ_SECONDS:-60}" > "$results_dir/fuzz.log" 2>&1; then
    grep -E "^stat::" "$results_dir/fuzz.log"
    while read -r line; do pass "${line#PASS  }"; done < <(grep "^PASS" "$results_dir/fuzz.log")
else
    fail "fuzzing" "$results_dir/fuzz.log"
fi
