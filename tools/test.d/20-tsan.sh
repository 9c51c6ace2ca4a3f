# Leg: every test program built with ThreadSanitizer.
if b2_build tsan variant=release debug-symbols=on thread-sanitizer=on tests//programs; then
    for exe in $(b2_test_programs thread-sanitizer); do
        run_boost_test tsan "$exe"
    done
fi
