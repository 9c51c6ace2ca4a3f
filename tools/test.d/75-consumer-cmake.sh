# Leg: tests/consumer as a CMake project, using the library three ways, each
# building and running the consumer program:
#   find_package      after `cmake --install` of the CMake leg's build (static)
#                     to a scratch prefix: installed headers, exported targets,
#                     package config and version files;
#   add_subdirectory  the checkout, as a shared library (BUILD_SHARED_LIBS=ON,
#                     hidden visibility, BOOST_CONCURRENT_FUTURES_DYN_LINK);
#   FetchContent      the checkout, named by FETCHCONTENT_SOURCE_DIR_<NAME>.
# Then: the README's CMake snippets are the consumer's lines, word for word.
# packages: cmake python3

consumer_dir="$root/tests/consumer"
consumer_build="$root/bin/consumer-cmake"

# consumer_cmake HOW CHECK [CMAKE ARGS...]: builds and runs the consumer.
consumer_cmake()
{
    local how=$1 check=$2
    shift 2
    local build="$consumer_build/$how" log="$results_dir/consumer-cmake-$how.log"
    cmake_build "consumer-cmake-$how" "$consumer_dir" "$build" -- -DCONSUMER_USES="$how" "$@" || return
    if timeout -k 10 120 "$build/consumer" > "$log" 2>&1 && eval "$check"; then
        pass "consumer project (CMake $how) builds, links and runs"
    else
        fail "consumer project (CMake $how)" "$log"
    fi
}

# The library of the CMake leg (built here if that leg did not run), installed.
prefix="$root/bin/cmake-prefix"
rm -rf "$prefix"
if cmake_build cmake-library "$root" "$root/bin/cmake" boost_concurrent_futures -- &&
   cmake --install "$root/bin/cmake" --prefix "$prefix" > "$results_dir/cmake-install.log" 2>&1; then
    consumer_cmake find_package true -DCMAKE_PREFIX_PATH="$prefix"
else
    fail "cmake --install" "$results_dir/cmake-install.log"
fi

# (No pipe into grep -q: under pipefail, ldd killed by SIGPIPE would fail the check.)
consumer_cmake add_subdirectory 'ldd "$build/consumer" >> "$log" && grep -q "libboost_concurrent_futures\.so" "$log"' \
    -DCONCURRENT_FUTURES_SOURCE_DIR="$root" -DBUILD_SHARED_LIBS=ON
consumer_cmake FetchContent true -DFETCHCONTENT_SOURCE_DIR_BOOST_CONCURRENT_FUTURES="$root"

# Every "readme begin NAME" ... "readme end" block of the consumer's files
# appears in README.md as it is (less its indentation).
snippet_log="$results_dir/readme-snippets.log"
if python3 - "$root/README.md" "$consumer_dir/CMakeLists.txt" "$consumer_dir/main.cpp" > "$snippet_log" 2>&1 <<'PYTHON'
import re, sys, textwrap
readme = open(sys.argv[1]).read()
missing, count = [], 0
for path in sys.argv[2:]:
    for name, body in re.findall(r"readme begin (\S+)\n(.*?)\n[ \t]*(?:#|//) readme end", open(path).read(), re.S):
        count += 1
        block = textwrap.dedent(body)
        if block not in readme:
            missing.append(f"{path}: block '{name}' is not in README.md as it is:\n{block}")
print("\n\n".join(missing) or f"{count} snippets match")
sys.exit(1 if missing or count == 0 else 0)
PYTHON
then
    pass "README's CMake snippets are the consumer's lines ($(cat "$snippet_log"))"
else
    fail "README's CMake snippets differ from tests/consumer" "$snippet_log"
fi
