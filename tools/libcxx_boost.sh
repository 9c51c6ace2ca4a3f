#!/usr/bin/env bash
# Builds, for clang 16 with libc++, the compiled Boost libraries the tests
# link: Debian's are built against libstdc++, and their functions that take
# standard types (std::string, std::basic_streambuf) have other mangled names
# under libc++, so they do not link. Into OUT (default bin/libcxx-boost):
#   libboost_unit_test_framework.so  Boost.Test from its headers
#                                    (tests/test_framework.cpp, in the mode the
#                                    b2 build's BOOST_TEST_DYN_LINK expects)
#   libboost_serialization.so        Boost.Serialization's binary archives and
#                                    what they stand on (the text, xml and
#                                    polymorphic archives are left out: nothing
#                                    here uses them, and they cost four times as
#                                    much to build)
#   libboost_filesystem.so           Boost.Filesystem (the library links it)
# The last two from Debian's source package of the installed Boost.
#
# The source package comes through apt-get source, with a private apt state
# in OUT/apt (the system's Debian sources as deb-src), so /etc/apt is left
# alone. Built once: a second run with the same Boost and clang does nothing.
#
# Usage: tools/libcxx_boost.sh [OUT]    Environment: JOBS (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-bin/libcxx-boost}" && cd "${1:-bin/libcxx-boost}" && pwd)
jobs=${JOBS:-2}
cxx=clang++-16

# The source package and version of the installed Boost headers.
read -r source_package source_version < <(dpkg-query -W -f='${source:Package} ${source:Version}\n' \
    libboost-serialization1.81-dev)
stamp="$out/built-from"
want="$source_package $source_version $("$cxx" --version | head -1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "up to date: $want"
    exit 0
fi
rm -f "$stamp"

compile_flags=(-stdlib=libc++ -std=c++20 -O2 -fPIC -DBOOST_ALL_NO_LIB=1)
link_flags=(-stdlib=libc++ -shared -pthread)

# Boost.Test, from the installed headers: main stays with the test programs
# (BOOST_TEST_DYN_LINK defines it there), with the init function they define.
"$cxx" "${compile_flags[@]}" -DBOOST_TEST_NO_MAIN -DBOOST_TEST_ALTERNATIVE_INIT_API \
    -c tests/test_framework.cpp -o "$out/test_framework.o" &
test_framework=$!
trap '[ -z "$test_framework" ] || kill "$test_framework" 2> /dev/null || true' EXIT

# The sources of Boost.Serialization and Boost.Filesystem, from Debian's
# source package, with apt's state kept in OUT/apt.
apt_dir="$out/apt"
source_dir="$out/source"
rm -rf "$apt_dir" "$source_dir"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts" "$source_dir"
if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list > "$apt_dir/sources.list"
fi
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$apt_dir/parts/debian.sources"
fi
if [ ! -s "$apt_dir/sources.list" ] && [ ! -s "$apt_dir/parts/debian.sources" ]; then
    echo "deb-src http://deb.debian.org/debian bookworm main" > "$apt_dir/sources.list"
fi
apt_options=(-q -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
             -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
apt-get "${apt_options[@]}" update
(cd "$source_dir" && apt-get "${apt_options[@]}" source --download-only "$source_package=$source_version")
tar -xJf "$source_dir"/"${source_package}_${source_version%%-*}".orig.tar.xz -C "$source_dir" \
    --wildcards '*/libs/serialization/src/*' '*/libs/filesystem/src/*'
libs_dir=$(dirname "$(dirname "$(find "$source_dir" -path '*/libs/serialization/src' -type d)")")

# build_library NAME FLAGS... -- SOURCES...: libboost_NAME.so from
# libs/NAME/src/SOURCE.cpp, compiled JOBS at a time with FLAGS.
build_library()
{
    local name=$1 flags=() objects=() source
    shift
    while [ "$1" != "--" ]; do flags+=("$1"); shift; done
    shift
    mkdir -p "$out/$name"
    for source in "$@"; do objects+=("$out/$name/$source.o"); done
    printf '%s\n' "$@" |
        xargs -P "$jobs" -I{} "$cxx" "${compile_flags[@]}" "${flags[@]}" -c "$libs_dir/$name/src/{}.cpp" \
            -o "$out/$name/{}.o"
    "$cxx" "${link_flags[@]}" -Wl,--no-undefined -Wl,-soname,"libboost_$name.so" -o "$out/libboost_$name.so" \
        "${objects[@]}"
}

# The flags of each library's own Jamfile for a shared build (libc++ 16 has
# no std::atomic_ref, which Boost.Filesystem's configure check would find).
build_library serialization -DBOOST_SERIALIZATION_DYN_LINK=1 -fvisibility=hidden -fvisibility-inlines-hidden \
    -ftemplate-depth-255 -- \
    archive_exception basic_archive basic_iarchive basic_iserializer basic_oarchive basic_oserializer \
    basic_pointer_iserializer basic_pointer_oserializer basic_serializer_map binary_iarchive binary_oarchive \
    extended_type_info extended_type_info_typeid extended_type_info_no_rtti void_cast
build_library filesystem -DBOOST_FILESYSTEM_DYN_LINK=1 -DBOOST_FILESYSTEM_SOURCE \
    -DBOOST_FILESYSTEM_NO_CXX20_ATOMIC_REF -fvisibility=hidden -- \
    codecvt_error_category directory exception operations path path_traits portability unique_path \
    utf8_codecvt_facet

wait "$test_framework"
test_framework=""
"$cxx" "${link_flags[@]}" -Wl,-soname,libboost_unit_test_framework.so \
    -o "$out/libboost_unit_test_framework.so" "$out/test_framework.o"

rm -rf "$source_dir" "$apt_dir"
echo "$want" > "$stamp"
echo "built: $want"
