//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Process pools side by side: cf::process_pool_executor against Python's
// ProcessPoolExecutor on the same workloads, and, for round trips, against
// the floor: a raw two-process pipe ping-pong (this program re-executed as an
// echo process, 8-byte messages).

#include "harness.hpp"
#include "prime_workload.hpp"

#include <boost/concurrent_futures.hpp>

#include <cerrno>
#include <cstring>
#include <ranges>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cf = boost::concurrent_futures;

int mul(int x, int y)
{
    return x * y;
}
BOOST_CONCURRENT_FUTURES_REGISTER(mul);

BOOST_CONCURRENT_FUTURES_REGISTER(bench::count_primes);

namespace {

unsigned cores()
{
    return std::max(1u, std::thread::hardware_concurrency());
}

bool read_exact(int fd, char* p, std::size_t n)
{
    while (n > 0)
    {
        const ssize_t r = ::read(fd, p, n);
        if (r <= 0)
        {
            if (r < 0 && errno == EINTR)
                continue;
            return false;
        }
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

bool write_exact(int fd, const char* p, std::size_t n)
{
    while (n > 0)
    {
        const ssize_t r = ::write(fd, p, n);
        if (r <= 0)
        {
            if (r < 0 && errno == EINTR)
                continue;
            return false;
        }
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

// The floor's other process: echoes 8-byte messages on stdin/stdout.
[[noreturn]] void echo_main()
{
    char msg[8];
    while (read_exact(0, msg, sizeof msg) && write_exact(1, msg, sizeof msg))
    {
    }
    std::_Exit(0);
}

// A child running `this_program --echo`, connected by two pipes.
struct echo_process
{
    pid_t pid = -1;
    int to = -1;
    int from = -1;

    echo_process()
    {
        int down[2];
        int up[2];
        if (::pipe(down) != 0 || ::pipe(up) != 0)
            throw std::runtime_error("pipe");
        pid = ::fork();
        if (pid == 0)
        {
            ::dup2(down[0], 0);
            ::dup2(up[1], 1);
            ::close(down[1]);
            ::close(up[0]);
            ::execl("/proc/self/exe", "bench_processes", "--echo", static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        ::close(down[0]);
        ::close(up[1]);
        to = down[1];
        from = up[0];
    }

    ~echo_process()
    {
        ::close(to);
        ::close(from);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }

    double round_trips(std::size_t n)
    {
        char msg[8] = {};
        const auto start = bench::clock_type::now();
        for (std::size_t i = 0; i < n; ++i)
        {
            std::memcpy(msg, &i, sizeof i);
            if (!write_exact(to, msg, sizeof msg) || !read_exact(from, msg, sizeof msg))
                throw std::runtime_error("echo process died");
        }
        return bench::ns_per_item(bench::clock_type::now() - start, n);
    }
};

} // namespace

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "--echo") == 0)
        echo_main();

    const bench::options o = bench::parse_options(argc, argv);
    const std::string n_workers = std::to_string(cores());
    cf::process_pool_executor pool(cores());
    pool.map(mul, std::views::iota(0, 64), std::views::iota(0, 64)).to_vector(); // every worker started
    echo_process echo;
    echo.round_trips(100);

    {
        const std::size_t n = bench::scaled(o, 50000);
        bench::workload w{"processes.batch", "Process pool, submit " + std::to_string(n) + " small tasks, then collect",
                          "ns/task", 5};
        w.contenders = {
            bench::python_contender(o, "Python ProcessPoolExecutor(" + n_workers + ")", "processes.batch", n / 10),
            {"cf::process_pool_executor::submit",
             [&] {
                 std::vector<cf::future<int>> fs;
                 fs.reserve(n);
                 const auto start = bench::clock_type::now();
                 for (std::size_t i = 0; i < n; ++i)
                     fs.push_back(pool.submit(mul, static_cast<int>(i), 2));
                 long long sum = 0;
                 for (auto& f : fs)
                     sum += f.result();
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
        };
        w.contenders.front().floor = true;
        bench::run(w, o);
    }

    {
        const std::size_t n = bench::scaled(o, 5000);
        bench::workload w{"processes.round_trip",
                          "Process pool, one-at-a-time round trip (" + std::to_string(n) + " times)", "ns/task", 5};
        w.contenders = {
            {"raw pipe ping-pong, two processes", [&] { return echo.round_trips(n); }, true},
            {"cf::process_pool_executor::submit",
             [&] {
                 long long sum = 0;
                 const auto start = bench::clock_type::now();
                 for (std::size_t i = 0; i < n; ++i)
                     sum += pool.submit(mul, static_cast<int>(i), 2).result();
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
            bench::python_contender(o, "Python ProcessPoolExecutor(" + n_workers + ")", "processes.round_trip", n / 5),
        };
        bench::run(w, o);
    }

    for (std::size_t chunksize : {1u, 100u, 1000u})
    {
        const std::size_t n = bench::scaled(o, chunksize == 1 ? 50000 : 500000);
        bench::workload w{"processes.map.chunksize_" + std::to_string(chunksize),
                          "Process pool, map over " + std::to_string(n) + " items, chunksize " +
                              std::to_string(chunksize),
                          "ns/item", 5};
        w.contenders = {
            bench::python_contender(o, "Python ProcessPoolExecutor.map", "processes.map",
                                    chunksize == 1 ? n / 10 : n / 2, std::to_string(chunksize)),
            {"cf::process_pool_executor::map",
             [&] {
                 const auto start = bench::clock_type::now();
                 long long sum = 0;
                 for (int v :
                      pool.map(mul, std::views::iota(0, static_cast<int>(n)), std::views::iota(0, static_cast<int>(n)),
                               cf::map_options{.chunksize = chunksize}))
                     sum += v;
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
        };
        w.contenders.front().floor = true;
        bench::run(w, o);
    }

    {
        const std::size_t n = bench::scaled(o, 20, 3);
        bench::workload w{"processes.startup",
                          "Process pool start-up: create a one-worker pool, first result, shut down (" +
                              std::to_string(n) + " times)",
                          "ms", 5};
        w.contenders = {
            bench::python_contender(o, "Python ProcessPoolExecutor(1)", "processes.startup", n),
            {"cf::process_pool_executor(1)",
             [&] {
                 const auto start = bench::clock_type::now();
                 for (std::size_t i = 0; i < n; ++i)
                 {
                     cf::process_pool_executor one(1);
                     bench::keep(one.submit(mul, 2, 3).result());
                 }
                 return std::chrono::duration<double, std::milli>(bench::clock_type::now() - start).count() /
                        static_cast<double>(n);
             }},
        };
        w.contenders.front().floor = true;
        bench::run(w, o);
    }

    {
        const long limit = static_cast<long>(bench::scaled(o, 4000000));
        const long chunks = 64;
        for (unsigned workers = 1; workers <= cores(); ++workers)
        {
            bench::workload w{"processes.scaling." + std::to_string(workers),
                              "CPU-bound prime count below " + std::to_string(limit) + " on " +
                                  std::to_string(workers) + " process(es)",
                              "seconds", 3};
            cf::process_pool_executor procs(workers);
            procs.map(mul, std::views::iota(0, 16), std::views::iota(0, 16)).to_vector();
            bench::run_prime_scaling(o, std::move(w), "cf::process_pool_executor", procs, &bench::count_primes, limit,
                                     chunks);
        }
    }
}
