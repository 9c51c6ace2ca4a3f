# Leg: the library and every test program of the release leg, built by b2 with
# clang 16 and libc++ (macOS's standard library), and run. Debian's compiled
# Boost libraries use libstdc++ and do not link with libc++: tools/libcxx_boost.sh
# builds Boost.Test, Boost.Serialization and Boost.Filesystem for libc++ first
# (once), and the build links those instead. A check proves that no test
# program loads libstdc++.
# packages: clang-16 libc++-16-dev libc++abi-16-dev xz-utils
libcxx_boost="$root/bin/libcxx-boost"
libcxx_log="$results_dir/libcxx-boost.log"
if ! JOBS=$jobs tools/libcxx_boost.sh "$libcxx_boost" > "$libcxx_log" 2>&1; then
    fail "clang16  Boost libraries for libc++ (tools/libcxx_boost.sh)" "$libcxx_log"
elif b2_build clang16 toolset=clang-16 stdlib=libc++ variant=release \
        "linkflags=-L$libcxx_boost -Wl,-rpath,$libcxx_boost" tests; then
    libcxx_programs=$(b2_test_programs stdlib-libc++)
    mixed=""
    for exe in $libcxx_programs; do
        ldd "$exe" | grep -q 'libstdc++' && mixed="$mixed $(basename "$exe")"
    done
    if [ -z "$mixed" ]; then
        pass "clang16  no test program loads libstdc++"
    else
        fail "clang16  these test programs load libstdc++ next to libc++:$mixed"
    fi
    for exe in $libcxx_programs; do
        run_boost_test clang16 "$exe"
    done
fi
