# Leg: the release build (library, tests, examples, benchmarks) and every test program.
# packages: libtbb-dev
if b2_build release variant=release; then
    for exe in $(b2_test_programs release); do
        run_boost_test release "$exe"
    done
fi
