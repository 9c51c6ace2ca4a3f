# Leg: the thread side (futures, thread pool, wait, as_completed, map, Asio)
# cross-compiled for Windows with mingw-w64 and run under wine. The process
# pool is not on Windows yet: its sources and test programs are left out, and
# test programs that test both pools compile their process cases out there
# (BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL). No compiled Boost exists for
# mingw: Boost is used from Debian's headers, Boost.Test header-only
# (tests/test_framework.cpp, compiled once and linked into each program, with
# its main). Objects are rebuilt only when a source or header they use changed.
# packages: g++-mingw-w64-x86-64-posix wine64
windows_out="$root/bin/windows"
windows_cxx=(x86_64-w64-mingw32-g++-posix -std=c++20 -O2 -Wall -Wextra -D_WIN32_WINNT=0x0A00
             -DBOOST_ALL_NO_LIB=1 -I"$root/include" -isystem "$windows_out/boost-include")
# The library's sources that are the process pool's (patterns, which also
# match below a folder: its pool core, shell, workers, wire protocol,
# registries, OS layer) and the MPI library's; the others are compiled.
windows_process_pool_sources=('lib/process_*' 'lib/pool_*' 'lib/spawn_*' 'lib/worker*' 'lib/serve_request*'
                              'lib/wire*' 'lib/registry*' 'lib/os/fallbacks*' 'lib/os/program*' 'lib/mpi/*')
# The test programs of the thread side.
windows_tests=(test_future test_wait test_as_completed test_thread_pool test_map test_shutdown
               test_allocations test_asio test_async_lifetime test_prime_service test_stress)

# Only Boost from /usr/include: the Linux headers next to it must not be seen.
mkdir -p "$windows_out/boost-include" "$windows_out/obj"
ln -sfn /usr/include/boost "$windows_out/boost-include/boost"

# windows_compile SOURCE OBJECT: compiles unless OBJECT is newer than every
# file it was built from (its .d file, written by -MMD).
windows_compile()
{
    local source=$1 object=$2 dep
    if [ -f "$object" ] && [ -f "$object.d" ]; then
        local stale=0
        for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$object.d"); do
            [ "$dep" -nt "$object" ] && { stale=1; break; }
        done
        [ "$stale" -eq 0 ] && return 0
    fi
    rm -f "$object"
    "${windows_cxx[@]}" -MMD -MF "$object.d" -c "$source" -o "$object" > "$object.log" 2>&1
}

windows_library_sources=()
while read -r source; do
    skip=0
    for excluded in "${windows_process_pool_sources[@]}"; do
        # shellcheck disable=SC2053
        [[ "$source" == $excluded ]] && skip=1
    done
    [ "$skip" -eq 0 ] && windows_library_sources+=("$source")
done < <(find lib -name '*.cpp' ! -name '*_posix.cpp' | sort)

windows_sources=("${windows_library_sources[@]}" tests/test_framework.cpp)
for t in "${windows_tests[@]}"; do windows_sources+=("tests/$t.cpp"); done
windows_object() { echo "$windows_out/obj/$(echo "${1%.cpp}" | tr / _).o"; }
for source in "${windows_sources[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    windows_compile "$source" "$(windows_object "$source")" &
done
wait

windows_build_ok=1
for source in "${windows_sources[@]}"; do
    object=$(windows_object "$source")
    if [ ! -f "$object" ]; then
        fail "windows  compile $source" "$object.log"
        windows_build_ok=0
    fi
done

if [ "$windows_build_ok" -eq 1 ]; then
    windows_common_objects=()
    for source in "${windows_library_sources[@]}" tests/test_framework.cpp; do
        windows_common_objects+=("$(windows_object "$source")")
    done
    windows_prefix=$(mktemp -d)
    windows_launcher=(env WINEDEBUG=-all WINEPREFIX="$windows_prefix" /usr/lib/wine/wine64)
    # The first start creates the prefix (~5 s) and may print: not in a test's count.
    timeout -k 10 300 "${windows_launcher[@]}" cmd /c exit > "$results_dir/windows-wineboot.log" 2>&1
    for t in "${windows_tests[@]}"; do
        exe="$windows_out/$t.exe"
        if x86_64-w64-mingw32-g++-posix -static -o "$exe" "$(windows_object "tests/$t.cpp")" \
               "${windows_common_objects[@]}" -lws2_32 -lmswsock > "$results_dir/windows-link-$t.log" 2>&1; then
            run_boost_test windows "$exe" "${windows_launcher[@]}"
        else
            fail "windows  link $t" "$results_dir/windows-link-$t.log"
        fi
    done
    WINEPREFIX="$windows_prefix" /usr/lib/wine/wineserver -k > /dev/null 2>&1
    rm -rf "$windows_prefix"
fi
