# Leg: tests/consumer as a CMake project, using the library three ways, each
# building and running the consumer program:
#   find_package      after `cmake --install` of the CMake leg's build (static)
#                     to a scratch prefix: installed headers, exported targets,
#                     package config and version files;
#   add_subdirectory  the checkout, as a shared library (BUILD_SHARED_LIBS=ON,
#                     hidden visibility, BOOST_CONCURRENT_FUTURES_DYN_LINK);
#   FetchContent      the checkout, named by FETCHCONTENT_SOURCE_DIR_<NAME>.
# (The docs leg checks that the README shows the consumer's tagged lines.)
# packages: cmake

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
