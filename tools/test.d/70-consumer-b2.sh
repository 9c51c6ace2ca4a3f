# Leg: tests/consumer, a separate b2 project that uses this library through
# use-project, builds, links and runs. Built with the release leg's properties
# (a shared library with hidden visibility), so it reuses that library build.
consumer_log="$results_dir/consumer.log"
if (cd tests/consumer && b2 -j"$jobs" -q -d0 variant=release visibility=hidden > "$consumer_log" 2>&1) &&
   consumer=$(find tests/consumer/bin -type f -perm -u+x -name consumer | head -1) && [ -n "$consumer" ] &&
   timeout -k 10 120 "$consumer" >> "$consumer_log" 2>&1; then
    pass "consumer project (b2 use-project) builds, links and runs"
else
    fail "consumer project (b2 use-project)" "$consumer_log"
fi
