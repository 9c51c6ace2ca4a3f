//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Large arguments and results through a process pool (they travel through
// shared memory, shared_region.hpp): 1, 16 and 128 MiB as std::string and
// std::vector<double>, to a worker (the result is a size) and round trip (the
// worker echoes it), against Python's ProcessPoolExecutor with bytes and a
// memcpy of the same size into a warm buffer (the floor), in one interleaved
// run; and a memcpy into freshly allocated memory, as every receiver that
// builds a new std::string or std::vector pays it (page faults: on a VM they
// cost several times the copy). Figures in MiB/s of payload (a round trip
// counts the payload once).

#include "harness.hpp"

#include <boost/concurrent_futures.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <ranges>
#include <thread>
#include <utility>
#include <vector>

namespace cf = boost::concurrent_futures;

namespace large {

std::size_t string_size(const std::string& s)
{
    return s.size();
}
std::size_t doubles_size(const std::vector<double>& v)
{
    return v.size();
}
std::string echo_string(std::string s)
{
    return s;
}
std::vector<double> echo_doubles(std::vector<double> v)
{
    return v;
}
int mul(int x, int y)
{
    return x * y;
}

} // namespace large

BOOST_CONCURRENT_FUTURES_REGISTER(large::string_size);
BOOST_CONCURRENT_FUTURES_REGISTER(large::doubles_size);
BOOST_CONCURRENT_FUTURES_REGISTER(large::echo_string);
BOOST_CONCURRENT_FUTURES_REGISTER(large::echo_doubles);
BOOST_CONCURRENT_FUTURES_REGISTER(large::mul);

namespace {

constexpr std::size_t mib = 1024 * 1024;

// MiB/s for `reps` payloads of `size` bytes moved by `step`.
template <class Step>
double throughput(std::size_t size, std::size_t reps, Step&& step)
{
    const auto start = bench::clock_type::now();
    for (std::size_t i = 0; i < reps; ++i)
        step();
    const double seconds = std::chrono::duration<double>(bench::clock_type::now() - start).count();
    return static_cast<double>(size * reps) / mib / seconds;
}

// A pool whose workers run with GLIBC_TUNABLES=`tunables` (set while they
// start, then put back): glibc allocator settings only a process's start
// reads, so they tell what the workers' own allocations cost.
std::unique_ptr<cf::process_pool_executor> pool_with_tunables(unsigned workers, const char* tunables)
{
    const char* before = std::getenv("GLIBC_TUNABLES");
    const std::string saved = before ? before : "";
    ::setenv("GLIBC_TUNABLES", tunables, 1);
    auto pool = std::make_unique<cf::process_pool_executor>(workers);
    pool->map(large::mul, std::views::iota(0, 64), std::views::iota(0, 64)).to_vector(); // every worker started
    if (before)
        ::setenv("GLIBC_TUNABLES", saved.c_str(), 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    return pool;
}

// The same, after one untimed task: a pool lets its regions go after 1 s
// unused (as the other contenders of a round run), and remakes them on the
// next task; steady throughput is what is measured here.
template <class Step>
double pool_throughput(std::size_t size, std::size_t reps, Step&& step)
{
    step();
    return throughput(size, reps, step);
}

double median_of(const bench::workload& w, const std::string& prefix)
{
    for (const auto& c : w.contenders)
        if (c.name.rfind(prefix, 0) == 0)
            return bench::median(c.samples);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);
    const bench::options o = bench::parse_options(argc, argv);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::string n_workers = std::to_string(cores);
    cf::process_pool_executor pool(cores);
    pool.map(large::mul, std::views::iota(0, 64), std::views::iota(0, 64)).to_vector(); // every worker started
    // Past 32 MiB glibc maps each new block afresh and unmaps it when freed,
    // so a worker building a 128 MiB argument pays a page fault per 4 KiB
    // (most of the cost on a VM). Two pools show what the workers' allocator
    // settings change: transparent huge pages (a fault per 2 MiB) and no
    // mapping at all (freed memory stays for the next task).
    const auto huge_pages = pool_with_tunables(cores, "glibc.malloc.hugetlb=1");
    const auto kept_memory = pool_with_tunables(cores, "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824");
    const auto tuned = [&](const char* words, cf::process_pool_executor& p, std::size_t size, std::size_t reps,
                           auto f, const std::vector<double>& v) {
        return bench::contender{std::string("workers with ") + words + ", std::vector<double>", [&p, size, reps, f, &v] {
                                    return pool_throughput(size, reps, [&] { bench::keep(p.submit(f, v).result()); });
                                }};
    };

    struct row
    {
        std::size_t size;
        double memcpy, fresh, cf_string_to, cf_doubles_to, py_to, cf_string_rt, cf_doubles_rt, py_rt;
    };
    std::vector<row> rows;
    // Nine rounds: at 16 MiB single rounds spread by half on this machine.
    const std::size_t rounds = 9;
    for (std::size_t size : {1 * mib, 16 * mib, 128 * mib})
    {
        const std::string label = std::to_string(size / mib) + " MiB";
        const std::size_t reps = bench::scaled(o, std::max<std::size_t>(2, 256 * mib / size));
        const std::size_t py_reps = std::max<std::size_t>(1, reps / 4);
        const std::string s(size, 'x');
        const std::vector<double> v(size / sizeof(double), 1.5);
        std::vector<char> into(size, 0); // warm: the floor is memcpy at its best
        bench::contender floor{"memcpy, same size", [&] {
                                   return throughput(size, reps, [&] {
                                       std::memcpy(into.data(), s.data(), size);
                                       bench::keep(into);
                                   });
                               },
                               true};
        bench::contender fresh{"memcpy into new memory (malloc), same size", [&] {
                                   return throughput(size, reps, [&] {
                                       char* p = static_cast<char*>(std::malloc(size));
                                       std::memcpy(p, s.data(), size);
                                       bench::keep(p);
                                       std::free(p);
                                   });
                               }};
        row r{size};
        {
            bench::workload w{"large.to_worker." + std::to_string(size / mib),
                              "Process pool, a " + label + " argument to a worker (" + std::to_string(reps) + " times)",
                              "MiB/s", rounds};
            w.contenders = {
                floor,
                fresh,
                {"cf std::string",
                 [&] { return pool_throughput(size, reps, [&] { bench::keep(pool.submit(large::string_size, s).result()); }); }},
                {"cf std::vector<double>",
                 [&] { return pool_throughput(size, reps, [&] { bench::keep(pool.submit(large::doubles_size, v).result()); }); }},
                bench::python_contender(o, "Python ProcessPoolExecutor(" + n_workers + "), bytes",
                                        "processes.large_to_worker", size, std::to_string(py_reps)),
            };
            if (size > 32 * mib)
                for (auto [words, p] : {std::pair{"glibc.malloc.hugetlb=1", huge_pages.get()},
                                        std::pair{"glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824", kept_memory.get()}})
                    w.contenders.push_back(tuned(words, *p, size, reps, large::doubles_size, v));
            bench::run(w, o);
            r.memcpy = median_of(w, "memcpy, same");
            r.fresh = median_of(w, "memcpy into new");
            r.cf_string_to = median_of(w, "cf std::string");
            r.cf_doubles_to = median_of(w, "cf std::vector");
            r.py_to = median_of(w, "Python");
        }
        {
            bench::workload w{"large.round_trip." + std::to_string(size / mib),
                              "Process pool, a " + label + " argument echoed back (" + std::to_string(reps) + " times)",
                              "MiB/s", rounds};
            w.contenders = {
                floor,
                {"cf std::string",
                 [&] { return pool_throughput(size, reps, [&] { bench::keep(pool.submit(large::echo_string, s).result()); }); }},
                {"cf std::vector<double>",
                 [&] { return pool_throughput(size, reps, [&] { bench::keep(pool.submit(large::echo_doubles, v).result()); }); }},
                bench::python_contender(o, "Python ProcessPoolExecutor(" + n_workers + "), bytes",
                                        "processes.large_round_trip", size, std::to_string(py_reps)),
            };
            if (size > 32 * mib)
                for (auto [words, p] : {std::pair{"glibc.malloc.hugetlb=1", huge_pages.get()},
                                        std::pair{"glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824", kept_memory.get()}})
                    w.contenders.push_back(tuned(words, *p, size, reps, large::echo_doubles, v));
            bench::run(w, o);
            r.cf_string_rt = median_of(w, "cf std::string");
            r.cf_doubles_rt = median_of(w, "cf std::vector");
            r.py_rt = median_of(w, "Python");
        }
        rows.push_back(r);
    }

    // Either side of the threshold: the pipe just below, shared memory (warm
    // regions) just above; `f` returns the size (the argument alone) or
    // echoes it (the result too).
    const auto either_side = [&](const std::string& name, const std::string& what, std::size_t threshold, auto f) {
        const std::size_t below = threshold - 4096;
        const std::size_t above = threshold + 4096;
        const std::string small(below, 'p'), large(above, 's');
        // 2000 tasks, fewer of a few MiB (each takes milliseconds).
        const std::size_t n = bench::scaled(o, std::clamp<std::size_t>(256 * mib / threshold, 32, 2000));
        const auto tasks = [&](const std::string& payload) {
            const auto start = bench::clock_type::now();
            for (std::size_t i = 0; i < n; ++i)
                bench::keep(pool.submit(f, payload).result());
            return std::chrono::duration<double, std::micro>(bench::clock_type::now() - start).count() /
                   static_cast<double>(n);
        };
        bench::workload w{name,
                          "Process pool, " + what + " either side of its shared memory threshold (" +
                              std::to_string(threshold / 1024) + " KiB), " + std::to_string(n) + " times",
                          "us/task", 5};
        w.contenders = {
            {"pipe, " + std::to_string(below) + " bytes", [&] { return tasks(small); }, true},
            {"shared memory, " + std::to_string(above) + " bytes", [&] { return tasks(large); }},
        };
        bench::run(w, o);
    };
    either_side("large.threshold", "an argument to a worker", cf::detail::reused_region_threshold,
                large::string_size);
    either_side("large.result_threshold", "a round trip", cf::detail::reused_region_threshold, large::echo_string);

    std::printf("\nLarge payloads, MiB/s (medians; x = ratio to Python, %% = share of the warm memcpy)\n");
    std::printf("| payload | cf to worker (string / vector<double>) | Python to worker | cf round trip (string / "
                "vector<double>) | Python round trip | memcpy (warm) | memcpy into new memory |\n"
                "|---|---|---|---|---|---|---|\n");
    for (const row& r : rows)
        if (r.memcpy > 0 && r.py_to > 0 && r.py_rt > 0) // all run (not left out by --only)
            std::printf("| %zu MiB | %.0f / %.0f (%.1fx / %.1fx; %.0f%% / %.0f%%) | %.0f | %.0f / %.0f (%.1fx / %.1fx) | "
                    "%.0f | %.0f | %.0f (%.1fx Python to worker) |\n",
                    r.size / mib, r.cf_string_to, r.cf_doubles_to, r.cf_string_to / r.py_to,
                    r.cf_doubles_to / r.py_to, 100 * r.cf_string_to / r.memcpy, 100 * r.cf_doubles_to / r.memcpy,
                    r.py_to, r.cf_string_rt, r.cf_doubles_rt, r.cf_string_rt / r.py_rt, r.cf_doubles_rt / r.py_rt,
                    r.py_rt, r.memcpy, r.fresh, r.fresh / r.py_to);
}
