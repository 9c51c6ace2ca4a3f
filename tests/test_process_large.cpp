//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Large arguments and results through shared memory (shared_region.hpp):
// round trips of every size around the threshold and up to 128 MiB (and
// past 2^31 and 2^32 bytes in the release build), the regions' bounds and
// seals, and the guarantees of the pipe path kept: a worker killed while it
// reads or writes a region breaks the pool and leaks nothing (no descriptor,
// no mapping, nothing in /dev/shm), a worker naming bytes outside its region
// is put down, an idle pool holds no region, a region that cannot be
// created fails only its own future. Argument regions are reused
// (region_cache): tasks of alternating sizes, a worker killed while reading
// a reused region, a cancelled task's region, and their release when idle;
// so are results' (the worker's cache, handed back by region_done): one
// region serves a worker's results, a worker killed while writing a reused
// one.

#define BOOST_TEST_MODULE process_large
#include "process_test_support.hpp"

#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <boost/serialization/split_member.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/resource.h>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <numeric>
#include <string>
#include <vector>

using namespace test_support;
namespace d = cf::detail;
namespace w = cf::detail::wire;

namespace large {

constexpr std::size_t mib = 1024 * 1024;

std::string echo_string(std::string s)
{
    return s;
}

std::vector<double> echo_doubles(std::vector<double> v)
{
    return v;
}

// A checksum of every byte and its place, so that a 3 GiB argument is
// checked in the worker (word by word: bytewise takes seconds).
std::uint64_t checksum(const std::string& s)
{
    std::uint64_t sum = s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
    {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        sum += word ^ i;
    }
    for (; i < s.size(); ++i)
        sum += static_cast<unsigned char>(s[i]) * (i + 1);
    return sum;
}

// Whether `s` is patterned(n), looking at every marked byte and a sample of the others.
bool is_patterned(const std::string& s, std::size_t n)
{
    if (s.size() != n || (n && s[n - 1] != 'z'))
        return false;
    for (std::size_t i = 0; i + 1 < n; i += 4093)
        if (s[i] != static_cast<char>('a' + i % 26) || (i + 1 < n - 1 && s[i + 1] != '\0'))
            return false;
    return true;
}

std::string patterned(std::size_t n)
{
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; i += 4093)
        s[i] = static_cast<char>('a' + i % 26);
    if (n)
        s[n - 1] = 'z';
    return s;
}

std::vector<double> doubles(std::size_t n)
{
    std::vector<double> v(n);
    std::iota(v.begin(), v.end(), 0.5);
    return v;
}

// Regions (memfd descriptors and mappings) this process, or process `pid`, holds.
std::size_t regions_held(long pid = 0)
{
    const std::string proc = pid ? "/proc/" + std::to_string(pid) : std::string("/proc/self");
    std::size_t n = 0;
    std::ifstream maps(proc + "/maps");
    for (std::string line; std::getline(maps, line);)
        n += line.find("memfd:boost.concurrent_futures") != std::string::npos;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(proc + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        n += std::filesystem::read_symlink(it->path(), ec).string().find("memfd:") != std::string::npos;
    return n;
}

// Mappings of memfds in this process, or in process `pid` (any memfd).
std::size_t memfd_mappings(long pid = 0)
{
    std::size_t n = 0;
    std::ifstream maps(pid ? "/proc/" + std::to_string(pid) + "/maps" : std::string("/proc/self/maps"));
    for (std::string line; std::getline(maps, line);)
        n += line.find("/memfd:") != std::string::npos;
    return n;
}

std::size_t dev_shm_entries()
{
    std::error_code ec;
    std::size_t n = 0;
    for (auto it = std::filesystem::directory_iterator("/dev/shm", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
        ++n;
    return n;
}

// Dies (SIGKILL) in the worker halfway through reading it, with its region mapped.
struct dies_while_loading
{
    std::vector<char> bytes;
    template <class Archive>
    void save(Archive& ar, unsigned) const
    {
        ar << bytes;
    }
    template <class Archive>
    void load(Archive& ar, unsigned)
    {
        ar >> bytes;
        ::kill(::getpid(), SIGKILL);
    }
    BOOST_SERIALIZATION_SPLIT_MEMBER()
};

// Dies (SIGKILL) in the worker halfway through writing it into its region.
struct dies_while_saving
{
    std::vector<char> bytes;
    template <class Archive>
    void save(Archive& ar, unsigned) const
    {
        ar << bytes;
        ::kill(::getpid(), SIGKILL);
    }
    template <class Archive>
    void load(Archive& ar, unsigned)
    {
        ar >> bytes;
    }
    BOOST_SERIALIZATION_SPLIT_MEMBER()
};

std::size_t read_and_die(dies_while_loading v)
{
    return v.bytes.size();
}

dies_while_saving write_and_die(std::size_t n)
{
    return dies_while_saving{std::vector<char>(n, 'w')};
}

// Tells this worker's glibc to keep freed memory (no mapping of its own
// per large block, no trimming below 1 GiB), as GLIBC_TUNABLES can; its pid.
long keep_freed_memory()
{
#if defined(__GLIBC__)
    ::mallopt(M_MMAP_MAX, 0);
    ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
    return static_cast<long>(::getpid());
}

// Resident memory of process `pid` (0: this one), in KiB.
std::size_t resident_kib(long pid = 0)
{
    std::ifstream status(pid ? "/proc/" + std::to_string(pid) + "/status" : std::string("/proc/self/status"));
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stoul(line.substr(6));
    return 0;
}

// Fills `n` bytes of new memory and frees it; this process's resident
// memory then, in KiB (measured here, before any idle trim can run).
std::size_t touch_and_free(std::size_t n)
{
    {
        std::vector<char> bytes(n, 't');
        asm volatile("" : : "r"(bytes.data()) : "memory"); // the pages are used
    }
    return resident_kib();
}

} // namespace large

BOOST_CONCURRENT_FUTURES_REGISTER(large::keep_freed_memory);
BOOST_CONCURRENT_FUTURES_REGISTER(large::touch_and_free);
BOOST_CONCURRENT_FUTURES_REGISTER(large::echo_string);
BOOST_CONCURRENT_FUTURES_REGISTER(large::echo_doubles);
BOOST_CONCURRENT_FUTURES_REGISTER(large::checksum);
BOOST_CONCURRENT_FUTURES_REGISTER(large::patterned);
BOOST_CONCURRENT_FUTURES_REGISTER(large::read_and_die);
BOOST_CONCURRENT_FUTURES_REGISTER(large::write_and_die);

BOOST_CONCURRENT_FUTURES_TEST_MAIN()

using large::mib;

namespace {

// Nothing of a pool's regions is left: no descriptor, no mapping, nothing
// in /dev/shm, besides resource_check's no child, descriptor or thread.
struct region_check : resource_check
{
    std::size_t regions_before = large::regions_held();
    std::size_t shm_before = large::dev_shm_entries();
    void verify() const
    {
        resource_check::verify();
        BOOST_TEST(large::regions_held() == regions_before);
        BOOST_TEST(large::dev_shm_entries() == shm_before);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(round_trips)

BOOST_AUTO_TEST_CASE(strings_and_vectors_of_1_16_and_128_mib)
{
    region_check resources;
    {
        cf::process_pool_executor pool(2);
        for (std::size_t size : {1 * mib, 16 * mib, 128 * mib})
        {
            const std::string s = large::patterned(size);
            BOOST_TEST((pool.submit(large::echo_string, s).result(long_timeout) == s), size << " bytes");
            const std::vector<double> v = large::doubles(size / sizeof(double));
            BOOST_TEST((pool.submit(large::echo_doubles, v).result(long_timeout) == v), size << " bytes");
        }
        // Idle again: neither this process nor a worker (once their warm
        // regions are let go, after a second unused) holds a region.
        BOOST_TEST(eventually([&] { return large::regions_held() == resources.regions_before; }, 5s));
        for (long pid : pool.worker_pids())
            BOOST_TEST(eventually([pid] { return large::regions_held(pid) == 0; }, 5s), "worker " << pid);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(sizes_around_the_threshold)
{
    region_check resources;
    {
        cf::process_pool_executor pool(2);
        // Arguments (warm regions) and results (fresh ones) have thresholds of their own.
        std::vector<cf::future<std::string>> fs;
        std::vector<std::string> sent;
        std::vector<std::size_t> sizes{0, 1, 1 * mib - 1, 1 * mib + 1};
        for (const std::size_t t : {d::reused_region_threshold, d::shared_memory_threshold})
            for (std::size_t size : {t - 100, t - 30, t - 20, t - 1, t, t + 1, t + 100, 2 * t})
                sizes.push_back(size);
        for (std::size_t size : sizes)
        {
            sent.push_back(large::patterned(size));
            fs.push_back(pool.submit(large::echo_string, sent.back()));
        }
        for (std::size_t i = 0; i < fs.size(); ++i)
            BOOST_TEST((fs[i].result(long_timeout) == sent[i]), sent[i].size() << " bytes");
        // Chunks of map cross it too: 8 strings of an eighth of it and more are one payload past it.
        std::vector<std::string> items;
        for (int i = 0; i < 20; ++i)
            items.push_back(std::string(d::shared_memory_threshold / 8 + 1024, static_cast<char>('a' + i)));
        std::vector<std::string> back;
        for (auto& r : pool.map(large::echo_string, items, cf::map_options{.chunksize = 8}))
            back.push_back(r);
        BOOST_TEST((back == items));
    }
    resources.verify();
}

// Past 2^31 and 2^32 bytes, where a 32-bit length or an int would wrap; the
// release build only (memory and time), under two minutes.
BOOST_AUTO_TEST_CASE(three_gib_argument_and_four_gib_result)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(NDEBUG)
    BOOST_TEST_MESSAGE("skipped: the release build runs it");
#else
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        {
            std::string argument = large::patterned(3 * 1024 * mib);
            const std::uint64_t expected = large::checksum(argument);
            BOOST_TEST(pool.submit(large::checksum, argument).result(120s) == expected);
        }
        const std::size_t n = (std::size_t(1) << 32) + 4097;
        const std::string result = pool.submit(large::patterned, n).result(120s);
        BOOST_TEST(result.size() == n);
        BOOST_TEST(large::is_patterned(result, n));
    }
    resources.verify();
#endif
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reuse)

namespace {

// patterned(size), marked with `tag` at its start, middle and end: a
// region reused too early, or read stale, shows as another task's tag.
std::string tagged(std::size_t size, std::size_t tag)
{
    std::string s = large::patterned(size);
    const std::string mark = "<" + std::to_string(tag) + ">";
    for (std::size_t at : {std::size_t(0), size / 2, size - std::min(size, mark.size())})
        if (at + mark.size() <= size)
            s.replace(at, mark.size(), mark);
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(tasks_of_alternating_sizes_get_their_own_values)
{
    region_check resources;
    {
        cf::process_pool_executor pool(2);
        const std::size_t t = d::reused_region_threshold;
        const std::size_t sizes[] = {t + 1, 20 * mib, t - 1, 3 * mib, t, 2 * t, 1 * mib + 1, 20 * mib - 1, t + 100, 5};
        std::size_t tag = 0;
        for (int round = 0; round < 4; ++round)
        {
            std::vector<std::string> sent;
            std::vector<cf::future<std::string>> echoed;
            std::vector<cf::future<std::uint64_t>> summed;
            for (std::size_t size : sizes)
            {
                sent.push_back(tagged(size, ++tag));
                // Many at once: more regions out than the cache keeps.
                echoed.push_back(pool.submit(large::echo_string, sent.back()));
                summed.push_back(pool.submit(large::checksum, sent.back()));
            }
            for (std::size_t i = 0; i < sent.size(); ++i)
            {
                BOOST_TEST((echoed[i].result(long_timeout) == sent[i]), sent[i].size() << " bytes, round " << round);
                BOOST_TEST(summed[i].result(long_timeout) == large::checksum(sent[i]),
                           sent[i].size() << " bytes, round " << round);
            }
        }
        // Bounded: at most the cache's regions stay mapped here between
        // tasks, and as many answer regions of each of the two workers.
        BOOST_TEST(large::memfd_mappings() <= 3 * d::region_cache::max_regions);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(an_idle_pool_lets_its_warm_regions_go)
{
    region_check resources;
    {
        cf::process_pool_executor pool(2);
        const std::string s = large::patterned(4 * mib);
        BOOST_TEST((pool.submit(large::echo_string, s).result(long_timeout) == s));
        BOOST_TEST(large::memfd_mappings() >= 1u); // in flight or cached: warm
        // Let go after about a second without use (bounded wait), here and
        // in the workers (which keep the last one mapped while it is reused).
        BOOST_TEST(eventually([] { return large::memfd_mappings() == 0; }, 5s));
        for (long pid : pool.worker_pids())
            BOOST_TEST(eventually([pid] { return large::memfd_mappings(pid) == 0; }, 5s), "worker " << pid);
        BOOST_TEST(large::regions_held() == resources.regions_before);
        // And made anew when needed.
        BOOST_TEST((pool.submit(large::echo_string, s).result(long_timeout) == s));
    }
    // Shut down: nothing kept, at once.
    BOOST_TEST(large::memfd_mappings() == 0u);
    resources.verify();
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
constexpr bool glibc_allocator = true;
#else
constexpr bool glibc_allocator = false; // the sanitizers bring their own
#endif

// A worker whose allocator keeps what its tasks free (the README's advice
// for payloads over 32 MiB) holds it only while busy: once idle it gives it
// back, with its regions.
BOOST_AUTO_TEST_CASE(an_idle_worker_gives_back_the_memory_its_allocator_kept,
                     *boost::unit_test::enable_if<glibc_allocator>())
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        const long pid = pool.submit(large::keep_freed_memory).result(long_timeout);
        const std::size_t before = large::resident_kib(pid);
        const std::size_t after_free = pool.submit(large::touch_and_free, 256 * mib).result(long_timeout);
        BOOST_TEST_REQUIRE(after_free > before + 200 * 1024, "freed, and kept as told");
        BOOST_TEST(eventually([&] { return large::resident_kib(pid) < before + 32 * 1024; }, 5s),
                   "idle: given back");
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(a_worker_killed_while_reading_a_reused_region_breaks_the_pool_and_the_next_pool_works)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        const std::string s = large::patterned(16 * mib);
        BOOST_TEST(pool.submit(large::checksum, s).result(long_timeout) == large::checksum(s));
        // The manager hands the region back just after settling the future.
        std::this_thread::sleep_for(50ms);
        BOOST_TEST(large::memfd_mappings() == 1u); // cached, taken next
        auto f = pool.submit(large::read_and_die, large::dies_while_loading{std::vector<char>(16 * mib, 'x')});
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
        BOOST_CHECK_THROW(pool.submit(large::checksum, s), cf::broken_process_pool);
    }
    resources.verify();
    {
        cf::process_pool_executor pool(1);
        for (int i = 0; i < 3; ++i)
        {
            const std::string s = tagged(16 * mib, i);
            BOOST_TEST(pool.submit(large::checksum, s).result(long_timeout) == large::checksum(s));
        }
    }
    resources.verify();
}

// The worker writes large results into a region of its own, which the
// parent's region_done hands back to it once read: one region serves them
// all, and goes when the worker is idle.
BOOST_AUTO_TEST_CASE(results_reuse_their_workers_region_once_read)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        const long pid = pool.submit(pf::current_pid).result(long_timeout);
        for (std::size_t size : {3 * mib, 1 * mib, 3 * mib + 7, 2 * mib, d::reused_region_threshold})
            BOOST_TEST(large::is_patterned(pool.submit(large::patterned, size).result(long_timeout), size), size);
        // The arguments were small: the worker's one mapping is its answer
        // region, read and handed back each time (never read: one per result),
        // and this process reads them all through one mapping of it, kept
        // (unmapped after each: none) until idle.
        BOOST_TEST(large::memfd_mappings() == 1u);
        BOOST_TEST(eventually([pid] { return large::memfd_mappings(pid) == 1; }, 5s));
        BOOST_TEST(eventually([pid] { return large::memfd_mappings(pid) == 0; }, 5s), "idle: let go");
        BOOST_TEST(eventually([] { return large::memfd_mappings() == 0; }, 5s), "idle: let go here too");
        BOOST_TEST(large::is_patterned(pool.submit(large::patterned, 2 * mib).result(long_timeout), 2 * mib));
    }
    resources.verify();
}

// With two tasks in flight a worker answers in two regions by turns (the
// second answer is written before the first is read): this process keeps
// one mapping of each region the worker answers in, no more, and lets them
// go when idle.
BOOST_AUTO_TEST_CASE(the_parent_keeps_one_mapping_of_each_answer_region)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        const long pid = pool.submit(pf::current_pid).result(long_timeout);
        for (int round = 0; round < 8; ++round)
        {
            auto first = pool.submit(large::patterned, 1 * mib);
            auto second = pool.submit(large::patterned, 1 * mib + 1);
            BOOST_TEST(large::is_patterned(first.result(long_timeout), 1 * mib));
            BOOST_TEST(large::is_patterned(second.result(long_timeout), 1 * mib + 1));
        }
        // The arguments are small: every mapping on either side is of an answer region.
        const std::size_t here = large::memfd_mappings(), there = large::memfd_mappings(pid);
        BOOST_TEST_MESSAGE("answer regions mapped here: " << here << ", in the worker: " << there);
        BOOST_TEST(here >= 1u);
        BOOST_TEST(here <= d::region_cache::max_regions);
        BOOST_TEST(here == there);
        BOOST_TEST(eventually([] { return large::memfd_mappings() == 0; }, 5s), "idle: let go");
        BOOST_TEST(eventually([pid] { return large::memfd_mappings(pid) == 0; }, 5s), "idle: let go");
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(a_worker_killed_while_writing_a_reused_answer_region_breaks_the_pool)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        BOOST_TEST(large::is_patterned(pool.submit(large::patterned, 16 * mib).result(long_timeout), 16 * mib));
        auto f = pool.submit(large::write_and_die, 16 * mib); // into the region just handed back
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
        BOOST_CHECK_THROW(pool.submit(large::patterned, 1), cf::broken_process_pool);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(a_cancelled_queued_task_hands_its_region_back)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        // One worker holds two tasks; the third waits in the parent, as the large one.
        auto busy1 = pool.submit(pf::sleep_then_return, 300, 1);
        auto busy2 = pool.submit(pf::sleep_then_return, 0, 2);
        auto busy3 = pool.submit(pf::sleep_then_return, 0, 3);
        const std::string s = large::patterned(8 * mib);
        auto queued = pool.submit(large::checksum, s);
        BOOST_TEST(queued.cancel());
        BOOST_TEST(busy1.result(long_timeout) == 1);
        BOOST_TEST(busy2.result(long_timeout) == 2);
        BOOST_TEST(busy3.result(long_timeout) == 3);
        // Back in the cache (the next large task runs on it), then let go when idle.
        BOOST_TEST(pool.submit(large::checksum, s).result(long_timeout) == large::checksum(s));
        BOOST_TEST(eventually([] { return large::memfd_mappings() == 0; }, 5s));
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(a_worker_killed_while_reading_its_arguments_breaks_the_pool_and_leaks_nothing)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        auto f = pool.submit(large::read_and_die, large::dies_while_loading{std::vector<char>(16 * mib, 'x')});
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
        BOOST_CHECK_THROW(f.result(long_timeout), cf::broken_process_pool);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(a_worker_killed_while_writing_its_result_breaks_the_pool_and_leaks_nothing)
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        auto f = pool.submit(large::write_and_die, 16 * mib);
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
        BOOST_CHECK_THROW(f.result(long_timeout), cf::broken_process_pool);
    }
    resources.verify();
}

// A region that cannot be created (no descriptor left for the memfd) fails
// its own future with serialization_error saying why; the pool goes on.
// Not under AddressSanitizer + UBSan (see test_process_hostile.cpp's
// running_out_while_workers_start: UBSan's vptr check needs a descriptor).
BOOST_AUTO_TEST_CASE(a_region_that_cannot_be_created_fails_its_own_future_and_the_pool_goes_on,
                     *boost::unit_test::enable_if<!address_sanitizer>())
{
    region_check resources;
    {
        cf::process_pool_executor pool(1);
        BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42); // the worker is up
        const std::string s = large::patterned(1 * mib);
        rlimit normal{};
        BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &normal) == 0);
        rlimit none = normal;
        none.rlim_cur = static_cast<rlim_t>(lowest_free_descriptor());
        BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &none) == 0);
        auto f = pool.submit(large::echo_string, s);
        BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &normal) == 0);
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, "could not serialize the arguments of"), what);
        BOOST_TEST(contains(what, "could not create a shared memory region"), what);
        BOOST_CHECK_THROW(f.result(long_timeout), cf::serialization_error);
        BOOST_TEST(!pool.broken());
        BOOST_TEST((pool.submit(large::echo_string, s).result(long_timeout) == s));
    }
    resources.verify();
}

namespace {

struct fake_worker
{
    explicit fake_worker(const char* mode) { ::setenv("CF_FAKE_WORKER", mode, 1); }
    ~fake_worker() { ::unsetenv("CF_FAKE_WORKER"); }
};

// A fake worker answering with a result in shared memory, as `mode` says,
// is put down: the pool breaks with `needle` in its message.
void check_put_down(const char* mode, const std::string& needle)
{
    region_check resources;
    {
        fake_worker fake(mode);
        cf::process_pool_executor pool(
            cf::process_pool_options{.max_workers = 1, .worker_executable = sibling_program("fake_worker")});
        auto f = pool.submit(pf::mul, 1, 2);
        const std::string what = error_of([&] { f.result(long_timeout); });
        BOOST_TEST(contains(what, needle), what);
        BOOST_TEST(pool.broken());
    }
    resources.verify();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_worker_naming_bytes_outside_its_region_is_put_down)
{
    check_put_down("region_out_of_bounds", "named bytes 50 to 150 (offset 50, length 100) of a shared memory region "
                                           "of 100 bytes");
}

BOOST_AUTO_TEST_CASE(a_worker_passing_an_unsealed_region_is_put_down)
{
    check_put_down("region_unsealed", "not sealed against shrinking");
}

BOOST_AUTO_TEST_CASE(a_worker_naming_a_region_it_did_not_pass_is_put_down)
{
    check_put_down("region_missing", "came without its region");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(regions)

BOOST_AUTO_TEST_CASE(small_payloads_stay_in_the_string)
{
    d::payload_sink sink(1000);
    const std::string bytes(999, 'a');
    sink.sputn(bytes.data(), 999);
    BOOST_TEST(!sink.spilled());
    BOOST_TEST(sink.text() == bytes);
    sink.sputc('b');
    BOOST_TEST(!sink.spilled());
    sink.sputc('c');
    BOOST_TEST(sink.spilled());
    BOOST_TEST(sink.size() == 1001u);
    sink.overwrite(0, "X");
    d::shared_region region = sink.take_region();
    BOOST_TEST(region.view() == "X" + std::string(998, 'a') + "bc");
}

BOOST_AUTO_TEST_CASE(a_region_is_read_only_within_its_bounds_and_seals)
{
    d::shared_region region = d::shared_region::create(100);
    std::memset(region.data(), 'r', 100);
    region.resize(100);
    const auto received = [&](std::uint64_t offset, std::uint64_t length) {
        return d::shared_region::receive(::fcntl(region.descriptor(), F_DUPFD_CLOEXEC, 3), offset, length);
    };
    BOOST_TEST(contains(error_of([&] { received(0, 100); }), "not sealed"));
    region.seal();
    BOOST_TEST(received(10, 90).view() == std::string(90, 'r'));
    BOOST_TEST(received(100, 0).view().empty());
    BOOST_TEST(contains(error_of([&] { received(50, 51); }), "named bytes 50 to 101"));
    BOOST_TEST(contains(error_of([&] { received(~std::uint64_t(0), 2); }), "of a shared memory region of 100 bytes"));
    BOOST_TEST(contains(error_of([&] { received(2, ~std::uint64_t(0)); }), "of a shared memory region of 100 bytes"));
}

BOOST_AUTO_TEST_CASE(a_cache_hands_out_warm_regions_within_its_bounds)
{
    auto cache = std::make_shared<d::region_cache>();
    char* first = nullptr;
    {
        d::payload_sink sink(cache.get(), 100);
        const std::string bytes(5000, 'a');
        sink.sputn(bytes.data(), 5000);
        BOOST_TEST(sink.spilled());
        d::shared_region region = sink.take_region();
        BOOST_TEST(region.reusable());
        first = region.data();
        // The reader's descriptor is read-only; the region is sealed already.
        BOOST_TEST((::fcntl(region.reader_descriptor(), F_GETFL) & O_ACCMODE) == O_RDONLY);
        BOOST_TEST(d::shared_region::receive(::fcntl(region.reader_descriptor(), F_DUPFD_CLOEXEC, 3), 0, 5000).view() ==
                   bytes);
        BOOST_TEST(cache->size() == 0u);
    }
    BOOST_TEST(cache->size() == 1u); // handed back when let go
    {
        d::payload_sink sink(cache.get(), 100);
        const std::string bytes(3000, 'b');
        sink.sputn(bytes.data(), 3000);
        d::shared_region region = sink.take_region();
        BOOST_TEST(region.data() == first); // the same mapping, warm
        BOOST_TEST(region.view() == bytes);
        BOOST_TEST(cache->size() == 0u);
    }
    // Bounded: no more than max_regions kept.
    {
        std::vector<d::shared_region> out;
        for (std::size_t i = 0; i < d::region_cache::max_regions + 3; ++i)
            out.push_back(cache->take(4096));
    }
    BOOST_TEST(cache->size() == d::region_cache::max_regions);
    BOOST_TEST(cache->release_idle(1h).has_value()); // used just now: kept
    BOOST_TEST(!cache->release_idle(0s).has_value());
    BOOST_TEST(cache->size() == 0u);
    cache->close();
    { d::shared_region r = cache->take(4096); }
    BOOST_TEST(cache->size() == 0u); // closed: none kept
}

BOOST_AUTO_TEST_CASE(a_region_that_cannot_be_mapped_says_so)
{
    const std::string what = error_of([] { d::shared_region::create(std::size_t(1) << 62); });
    BOOST_TEST(contains(what, "shared memory region"), what);
    BOOST_TEST(contains(what, "4611686018427387904 bytes"), what);
}

BOOST_AUTO_TEST_SUITE_END()
