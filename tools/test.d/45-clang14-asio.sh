# Leg: the asynchronous-operation tests built with clang 14 (b2 toolset=clang-14,
# libstdc++ 12), which lacks parenthesized aggregate initialization: catches
# what only g++ accepts in the async headers. Lean: only those programs and the
# library they link (about 4 minutes on 2 cores).
# packages: clang-14
clang_programs="test_asio test_async_lifetime"
clang_targets=""
for p in $clang_programs; do clang_targets="$clang_targets tests//$p"; done
# shellcheck disable=SC2086
if b2_build clang14 toolset=clang-14 variant=release $clang_targets; then
    for p in $clang_programs; do
        exe=$(find "$root/bin/tests" -type f -perm -u+x -name "$p" -path '*clang*release*' | grep -v sanitizer | head -1)
        if [ -n "$exe" ]; then
            run_boost_test clang14 "$exe"
        else
            fail "clang14  $p not found after the build"
        fi
    done
fi
