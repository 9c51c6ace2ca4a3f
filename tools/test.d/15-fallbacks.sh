# Leg: the process-pool test programs of the release build again, with every
# fallback of lib/os forced (lib/os/fallbacks.hpp): worker exits seen without
# pidfd_open, pipes made without pipe2, the program located without
# /proc/self/exe, inherited descriptors closed without close_range, as on
# systems that lack them. About 2 minutes after the release leg.
if b2_build release variant=release visibility=hidden; then
    export BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD=1 BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2=1 \
        BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE=1 BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE=1
    for exe in $(b2_test_programs release | grep -E '/test_(process_|faults|registry)'); do
        run_boost_test fallbacks "$exe"
    done
    unset BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2 \
        BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE
fi
