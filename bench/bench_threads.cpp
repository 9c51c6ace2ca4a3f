//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Thread pools side by side: cf::thread_pool_executor against its floor
// (asio::thread_pool + asio::post + std::promise) and against what a user
// would pick instead: asio::use_future, std::async, Boost.Thread's
// basic_thread_pool, oneTBB, and Python's ThreadPoolExecutor. All pools have
// as many workers as the machine has cores.

#define BOOST_THREAD_VERSION 5
#define BOOST_THREAD_PROVIDES_EXECUTORS
#define BOOST_THREAD_USES_MOVE

#include "harness.hpp"
#include "prime_workload.hpp"

#include <boost/concurrent_futures.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/thread/executors/basic_thread_pool.hpp>
#include <boost/thread/future.hpp>

#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <future>
#include <memory>
#include <ranges>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;

namespace {

unsigned cores()
{
    return std::max(1u, std::thread::hardware_concurrency());
}

// The contenders' pools, warm, shared by the workloads.
struct pools
{
    asio::thread_pool floor{cores()};
    asio::thread_pool use_future_pool{cores()};
    cf::thread_pool_executor cf_pool{cores()};
    boost::executors::basic_thread_pool boost_pool{cores()};
    oneapi::tbb::task_arena tbb_arena{static_cast<int>(cores())};
    oneapi::tbb::task_group tbb_group;

    pools() { cf_pool.get_executor(); } // every worker started, like the others
    ~pools()
    {
        tbb_arena.execute([this] { tbb_group.wait(); });
    }
};

// --- one task, each contender's way ---------------------------------------------------

std::future<int> floor_submit(pools& p, int i)
{
    std::promise<int> promise;
    auto f = promise.get_future();
    asio::post(p.floor, [promise = std::move(promise), i]() mutable { promise.set_value(i); });
    return f;
}

std::future<int> use_future_submit(pools& p, int i)
{
    return asio::post(p.use_future_pool, asio::use_future([i] { return i; }));
}

boost::future<int> boost_submit(pools& p, int i)
{
    boost::packaged_task<int()> task([i] { return i; });
    auto f = task.get_future();
    p.boost_pool.submit(std::move(task));
    return f;
}

// oneTBB tasks are spawned from inside the arena: the benchmark loops run
// there (tbb_batch / tbb_round_trip), as TBB code would.
std::future<int> tbb_submit(pools& p, int i)
{
    auto promise = std::make_shared<std::promise<int>>();
    auto f = promise->get_future();
    p.tbb_group.run([promise, i] { promise->set_value(i); });
    return f;
}

// Submit n, then collect them in order.
template <class Submit>
double batch(std::size_t n, Submit submit)
{
    using future_type = decltype(submit(0));
    std::vector<future_type> fs;
    fs.reserve(n);
    const auto start = bench::clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
        fs.push_back(submit(static_cast<int>(i)));
    long long sum = 0;
    for (auto& f : fs)
    {
        if constexpr (requires { f.result(); })
            sum += f.result();
        else
            sum += f.get();
    }
    bench::keep(sum);
    return bench::ns_per_item(bench::clock_type::now() - start, n);
}

// One at a time.
template <class Submit>
double round_trip(std::size_t n, Submit submit)
{
    long long sum = 0;
    const auto start = bench::clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
    {
        auto f = submit(static_cast<int>(i));
        if constexpr (requires { f.result(); })
            sum += f.result();
        else
            sum += f.get();
    }
    bench::keep(sum);
    return bench::ns_per_item(bench::clock_type::now() - start, n);
}

} // namespace

int main(int argc, char** argv)
{
    const bench::options o = bench::parse_options(argc, argv);
    pools p;
    const std::string n_workers = std::to_string(cores());

    {
        const std::size_t n = bench::scaled(o, 200000);
        bench::workload w{"threads.batch",
                          "Thread pool, a batch of tiny tasks: submit " + std::to_string(n) + ", then collect",
                          "ns/task", 7};
        w.contenders = {
            {"asio::post + std::promise", [&] { return batch(n, [&](int i) { return floor_submit(p, i); }); }, true},
            {"cf::thread_pool_executor::submit",
             [&] { return batch(n, [&](int i) { return p.cf_pool.submit([i] { return i; }); }); }},
            {"asio::post(pool, use_future(fn))",
             [&] { return batch(n, [&](int i) { return use_future_submit(p, i); }); }},
            {"boost::executors::basic_thread_pool",
             [&] { return batch(n, [&](int i) { return boost_submit(p, i); }); }},
            {"oneTBB task_group + std::promise",
             [&] {
                 double r = 0;
                 p.tbb_arena.execute([&] { r = batch(n, [&](int i) { return tbb_submit(p, i); }); });
                 return r;
             }},
            {"std::async (a thread per task)",
             [&] { return batch(n / 50, [](int i) { return std::async(std::launch::async, [i] { return i; }); }); }},
            bench::python_contender(o, "Python ThreadPoolExecutor(" + n_workers + ")", "threads.batch", n / 10),
        };
        bench::run(w, o);
    }

    {
        const std::size_t n = bench::scaled(o, 20000);
        bench::workload w{"threads.round_trip",
                          "Thread pool, one-at-a-time round trip: submit one task, wait for it (" + std::to_string(n) +
                              " times)",
                          "ns/task", 7};
        w.contenders = {
            {"asio::post + std::promise", [&] { return round_trip(n, [&](int i) { return floor_submit(p, i); }); },
             true},
            {"cf::thread_pool_executor::submit",
             [&] { return round_trip(n, [&](int i) { return p.cf_pool.submit([i] { return i; }); }); }},
            {"asio::post(pool, use_future(fn))",
             [&] { return round_trip(n, [&](int i) { return use_future_submit(p, i); }); }},
            {"boost::executors::basic_thread_pool",
             [&] { return round_trip(n, [&](int i) { return boost_submit(p, i); }); }},
            {"oneTBB task_group + std::promise",
             [&] {
                 double r = 0;
                 p.tbb_arena.execute([&] { r = round_trip(n, [&](int i) { return tbb_submit(p, i); }); });
                 return r;
             }},
            {"std::async (a thread per task)",
             [&] {
                 return round_trip(n / 10, [](int i) { return std::async(std::launch::async, [i] { return i; }); });
             }},
            bench::python_contender(o, "Python ThreadPoolExecutor(" + n_workers + ")", "threads.round_trip", n / 4),
        };
        bench::run(w, o);
    }

    {
        const std::size_t n = bench::scaled(o, 1000000);
        bench::workload w{"threads.map", "Thread pool, map over " + std::to_string(n) + " items", "ns/item", 5};
        w.contenders = {
            {"asio::post + std::promise, per item", [&] { return batch(n, [&](int i) { return floor_submit(p, i); }); },
             true},
            {"cf::thread_pool_executor::map",
             [&] {
                 const auto start = bench::clock_type::now();
                 long long sum = 0;
                 for (int v : p.cf_pool.map([](int x) { return x; }, std::views::iota(0, static_cast<int>(n))))
                     sum += v;
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
            {"cf map, buffersize 4096",
             [&] {
                 const auto start = bench::clock_type::now();
                 long long sum = 0;
                 for (int v : p.cf_pool.map([](int x) { return x; }, std::views::iota(0, static_cast<int>(n)),
                                            cf::map_options{.buffersize = 4096}))
                     sum += v;
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
            bench::python_contender(o, "Python ThreadPoolExecutor(" + n_workers + ").map", "threads.map", n / 20),
        };
        bench::run(w, o);
    }

    {
        const std::size_t n = bench::scaled(o, 100000);
        bench::workload w{"threads.as_completed", "Thread pool, as_completed over " + std::to_string(n) + " futures",
                          "ns/future", 5};
        w.contenders = {
            {"asio::post + std::promise, collected in order",
             [&] { return batch(n, [&](int i) { return floor_submit(p, i); }); }, true},
            {"cf::as_completed",
             [&] {
                 std::vector<cf::future<int>> fs;
                 fs.reserve(n);
                 const auto start = bench::clock_type::now();
                 for (std::size_t i = 0; i < n; ++i)
                     fs.push_back(p.cf_pool.submit([i] { return static_cast<int>(i); }));
                 long long sum = 0;
                 for (auto& f : cf::as_completed(fs))
                     sum += f.result();
                 bench::keep(sum);
                 return bench::ns_per_item(bench::clock_type::now() - start, n);
             }},
            bench::python_contender(o, "Python as_completed", "threads.as_completed", n / 10),
        };
        bench::run(w, o);
    }

    {
        // The CPU-bound prime count, 1..cores workers.
        const long limit = static_cast<long>(bench::scaled(o, 4000000));
        const long chunks = 64;
        for (unsigned workers = 1; workers <= cores(); ++workers)
        {
            bench::workload w{"threads.scaling." + std::to_string(workers),
                              "CPU-bound prime count below " + std::to_string(limit) + " on " +
                                  std::to_string(workers) + " thread(s)",
                              "seconds", 3};
            cf::thread_pool_executor pool(workers);
            bench::run_prime_scaling(o, std::move(w), "cf::thread_pool_executor", pool, &bench::count_primes, limit,
                                     chunks);
        }
    }
}
