# Leg: the CMake build (CMakeLists.txt) of the library, the tests and the
# examples, and ctest running the tests: one check per test program. A static
# library (CMake's default; b2's builds are shared), so both ways of linking
# are tested. The consumer leg installs from this build.
# packages: cmake
ctest_log="$results_dir/cmake-ctest.log"
if cmake_build cmake "$root" "$root/bin/cmake" -- -DBUILD_TESTING=ON -DBUILD_SHARED_LIBS=OFF; then
    ctest --test-dir "$root/bin/cmake" --timeout "$per_program_timeout" --output-on-failure > "$ctest_log" 2>&1
    # One line per test program: "1/14 Test  #1: test_allocations .....   Passed    0.52 sec"
    ctest_results=$(grep -E "Test +#[0-9]+: " "$ctest_log")
    [ -n "$ctest_results" ] || fail "cmake    ctest ran no test" "$ctest_log"
    while read -r line; do
        [ -n "$line" ] || continue
        test_name=$(sed -E 's/.*Test +#[0-9]+: ([^ ]+) .*/\1/' <<< "$line")
        if grep -qE " Passed +[0-9.]+ sec" <<< "$line"; then
            pass "cmake    $test_name (ctest)"
        else
            fail "cmake    $test_name (ctest): ${line##*.. }" "$ctest_log"
        fi
    done <<< "$ctest_results"
fi
