# Leg: the release build (library, tests, examples, benchmarks) and every test program.
# Built as Boost's superproject and every Windows DLL build it: a shared library
# with hidden visibility, so a symbol the headers need but the library does not
# export fails the link here, and so does anything that assumes the program and
# the library share an inline singleton.
# packages: libtbb-dev
if b2_build release variant=release visibility=hidden; then
    for exe in $(b2_test_programs release); do
        run_boost_test release "$exe"
    done
fi
