//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// mpi_pool_executor's functional suite, the process pool's ported: values,
// exceptions, unregistered functions, map with chunksizes, timeout and
// buffersize, cancel, shutdown variants, initializer success and failure,
// several submitting threads, async_submit, pools one after another. Under
// `mpirun -np N` (N >= 2) on the static world's ranks; as a singleton on
// spawned workers. Every wait is bounded.

#define BOOST_TEST_MODULE mpi_pool
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <boost/test/unit_test.hpp>

#include "mpi_pool_functions.hpp"

#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <optional>
#include <set>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace mpi_pool_test;

namespace {

std::size_t world_workers = 0;

// The ranks this run's pools use: the static world's, or 2 spawned ones.
cf::mpi_pool_options options()
{
    cf::mpi_pool_options o;
    if (world_workers == 0)
        o.max_workers = 2;
    return o;
}

std::size_t expected_workers()
{
    return world_workers ? world_workers : 2;
}

// One pool for the cases that do not end it; gone before the MPI guard.
std::optional<cf::mpi_pool_executor> shared;

cf::mpi_pool_executor& shared_pool()
{
    if (!shared)
    {
        shared.emplace(options());
        first_answer(*shared);
    }
    return *shared;
}

} // namespace

BOOST_AUTO_TEST_CASE(submit_returns_values)
{
    auto& pool = shared_pool();
    BOOST_TEST(pool.max_workers() == expected_workers());
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 200; ++i)
        fs.push_back(pool.submit(mul, i, 3));
    for (int i = 0; i < 200; ++i)
        BOOST_TEST(fs[static_cast<std::size_t>(i)].result(30s) == 3 * i);
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_CASE(tasks_run_on_every_rank)
{
    auto& pool = shared_pool();
    std::set<long> pids;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (pids.size() < expected_workers() && std::chrono::steady_clock::now() < deadline)
    {
        std::vector<cf::future<int>> busy;
        std::vector<cf::future<long>> fs;
        for (std::size_t i = 0; i < expected_workers(); ++i)
            busy.push_back(pool.submit(sleep_then, 50, 0));
        for (std::size_t i = 0; i < 4 * expected_workers(); ++i)
            fs.push_back(pool.submit(worker_pid));
        for (auto& f : fs)
            pids.insert(f.result(30s));
    }
    BOOST_TEST(pids.size() == expected_workers());
    BOOST_TEST(!pids.count(static_cast<long>(::getpid())));
}

BOOST_AUTO_TEST_CASE(registered_exception_comes_back_as_itself)
{
    auto f = shared_pool().submit(fail_with, std::string("index 7"));
    BOOST_CHECK_EXCEPTION(f.result(30s), std::out_of_range,
                          [](const std::out_of_range& e) { return std::string(e.what()) == "index 7"; });
    BOOST_TEST(!shared_pool().broken());
}

BOOST_AUTO_TEST_CASE(unregistered_exception_is_remote_error)
{
    auto f = shared_pool().submit(fail_unregistered, 1);
    BOOST_CHECK_EXCEPTION(f.result(30s), cf::remote_error, [](const cf::remote_error& e) {
        return e.type_name().find("unregistered_error") != std::string::npos &&
               e.message() == "not known at the root" && e.pid() > 0 && e.pid() != ::getpid() &&
               e.where().find("rank ") != std::string::npos && e.where().find(" on host ") != std::string::npos;
    });
}

int not_registered(int x)
{
    return x;
}

BOOST_AUTO_TEST_CASE(unregistered_function_is_refused_at_submit)
{
    BOOST_CHECK_EXCEPTION(shared_pool().submit(not_registered, 1), std::invalid_argument,
                          [](const std::invalid_argument& e) {
                              return std::string(e.what()).find("BOOST_CONCURRENT_FUTURES_REGISTER") !=
                                     std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(map_with_chunksizes_timeout_and_buffersize)
{
    auto& pool = shared_pool();
    std::vector<int> xs(250);
    std::iota(xs.begin(), xs.end(), -20);
    std::vector<int> expected;
    for (int x : xs)
        expected.push_back(x * 2);
    for (std::size_t chunksize : {1u, 7u, 100u})
    {
        BOOST_TEST(pool.map(mul, xs, std::vector<int>(xs.size(), 2),
                            cf::map_options{.timeout = 30s, .chunksize = chunksize})
                       .to_vector() == expected);
        BOOST_TEST(pool.map(mul, xs, std::vector<int>(xs.size(), 2),
                            cf::map_options{.timeout = 30s, .chunksize = chunksize, .buffersize = 3})
                       .to_vector() == expected);
    }
}

// Past the process pool's shared memory thresholds (arguments from 128 KiB,
// results from 8 MiB), a payload still travels in the MPI message itself,
// both ways: a submit and a map chunk.
BOOST_AUTO_TEST_CASE(large_payloads_travel_in_mpi_messages)
{
    auto& pool = shared_pool();
    std::string big(9u << 20, '\0');
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>(i * 7 + i / 4093);
    const std::string backwards(big.rbegin(), big.rend());
    BOOST_TEST((pool.submit(reversed, big).result(60s) == backwards));
    const std::string medium(200 * 1024, 'm');
    const auto results =
        pool.map(reversed, std::vector<std::string>{big, medium}, cf::map_options{.timeout = 60s, .chunksize = 2})
            .to_vector();
    BOOST_TEST(results.size() == 2u);
    BOOST_TEST((results.size() == 2 && results[0] == backwards && results[1] == medium));
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_CASE(map_timeout_expires)
{
    auto& pool = shared_pool();
    auto results = pool.map(sleep_then, std::vector<int>{2000, 2000}, std::vector<int>{1, 2},
                            cf::map_options{.timeout = 200ms});
    BOOST_CHECK_THROW(results.to_vector(), cf::timeout_error);
}

BOOST_AUTO_TEST_CASE(map_exception_fails_its_chunk)
{
    auto& pool = shared_pool();
    auto results = pool.map(fail_with, std::vector<std::string>{"a", "b"}, cf::map_options{.timeout = 30s});
    BOOST_CHECK_THROW(results.to_vector(), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(cancel_pending_task)
{
    auto& pool = shared_pool();
    std::vector<cf::future<int>> busy;
    for (std::size_t i = 0; i < 2 * expected_workers() + 1; ++i)
        busy.push_back(pool.submit(sleep_then, 300, 1));
    auto queued = pool.submit(mul, 2, 2);
    BOOST_TEST(queued.cancel());
    BOOST_TEST(queued.cancelled());
    for (auto& f : busy)
        BOOST_TEST(f.result(30s) == 1);
}

BOOST_AUTO_TEST_CASE(several_submitting_threads)
{
    auto& pool = shared_pool();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            std::vector<cf::future<int>> fs;
            for (int i = 0; i < 250; ++i)
                fs.push_back(pool.submit(mul, t, i));
            for (int i = 0; i < 250; ++i)
                if (fs[static_cast<std::size_t>(i)].result(60s) != t * i)
                    ++wrong;
        });
    for (auto& th : threads)
        th.join();
    BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(async_submit_completes_through_a_token)
{
    auto f = cf::async_submit(shared_pool(), worker_pid, boost::asio::use_future);
    BOOST_TEST((f.wait_for(30s) == std::future_status::ready));
    BOOST_TEST(f.get() > 0);
}

BOOST_AUTO_TEST_CASE(idle_pool_costs_no_cpu)
{
    auto& pool = shared_pool();
    BOOST_TEST(pool.submit(mul, 1, 1).result(30s) == 1);
    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    std::this_thread::sleep_for(1s);
    ::getrusage(RUSAGE_SELF, &after);
    auto secs = [](const rusage& u) {
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    BOOST_TEST(secs(after) - secs(before) < 0.05);
}

BOOST_AUTO_TEST_CASE(end_of_shared_pool)
{
    // On the static world, the next cases' pools need its ranks.
    shared_pool().shutdown(true);
    BOOST_TEST(!shared_pool().broken());
    shared.reset();
}

BOOST_AUTO_TEST_CASE(shutdown_then_submit_throws)
{
    cf::mpi_pool_executor pool(options());
    first_answer(pool);
    auto f = pool.submit(sleep_then, 100, 5);
    pool.shutdown(true);
    BOOST_TEST(f.done());
    BOOST_TEST(f.result(0s) == 5);
    BOOST_CHECK_THROW(pool.submit(mul, 1, 2), std::runtime_error);
    pool.shutdown(); // idempotent
}

BOOST_AUTO_TEST_CASE(shutdown_cancel_futures)
{
    cf::mpi_pool_executor pool(options());
    first_answer(pool);
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 40; ++i)
        fs.push_back(pool.submit(sleep_then, 50, i));
    pool.shutdown(true, true);
    std::size_t cancelled = 0, finished = 0;
    for (auto& f : fs)
    {
        BOOST_TEST(f.done());
        if (f.cancelled())
            ++cancelled;
        else if (f.exception(0s) == nullptr)
            ++finished;
    }
    BOOST_TEST(cancelled > 0u);
    BOOST_TEST(cancelled + finished == fs.size());
}

BOOST_AUTO_TEST_CASE(shutdown_without_wait_then_destructor)
{
    std::vector<cf::future<int>> fs;
    {
        cf::mpi_pool_executor pool(options());
        for (int i = 0; i < 20; ++i)
            fs.push_back(pool.submit(sleep_then, 10, i));
        pool.shutdown(false);
    }
    for (int i = 0; i < 20; ++i)
    {
        BOOST_TEST(fs[static_cast<std::size_t>(i)].done());
        BOOST_TEST(fs[static_cast<std::size_t>(i)].result(0s) == i);
    }
}

BOOST_AUTO_TEST_CASE(initializer_runs_on_every_rank)
{
    auto o = options();
    o.initializer = {set_initialized, 41};
    cf::mpi_pool_executor pool(o);
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 20; ++i)
        fs.push_back(pool.submit(get_initialized));
    for (auto& f : fs)
        BOOST_TEST(f.result(60s) == 41);
}

BOOST_AUTO_TEST_CASE(failing_initializer_breaks_the_pool)
{
    auto o = options();
    o.initializer = initializer_throws;
    cf::mpi_pool_executor pool(o);
    auto f = pool.submit(mul, 2, 3);
    BOOST_CHECK_EXCEPTION(f.result(60s), cf::broken_mpi_pool, [](const cf::broken_mpi_pool& e) {
        // The failing worker is named by rank and host, as in remote_error.
        const std::string what = e.what();
        BOOST_TEST_INFO(what);
        return what.find("initializer failed in MPI worker ") != std::string::npos &&
               what.find(" on host ") != std::string::npos;
    });
    BOOST_TEST(pool.broken());
    BOOST_CHECK_THROW(pool.submit(mul, 1, 1), cf::broken_mpi_pool);
}

BOOST_AUTO_TEST_CASE(pools_one_after_another)
{
    // On the static world the same ranks serve each pool in turn, also after
    // one broke (the case above).
    for (int round = 0; round < 3; ++round)
    {
        cf::mpi_pool_executor pool(options());
        BOOST_TEST(pool.submit(mul, round, 10).result(60s) == round * 10);
    }
}

BOOST_AUTO_TEST_CASE(bad_options_are_errors_not_aborts)
{
    cf::mpi_pool_options o;
    o.launch = cf::mpi_launch::spawn;
    o.worker_executable = "/nonexistent/worker";
    BOOST_CHECK_EXCEPTION(cf::mpi_pool_executor{o}, std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()).find("/nonexistent/worker") != std::string::npos;
    });
    if (world_workers == 0)
    {
        // No static world to run on: said at construction.
        cf::mpi_pool_options s;
        s.launch = cf::mpi_launch::static_world;
        BOOST_CHECK_THROW(cf::mpi_pool_executor{s}, std::invalid_argument);
    }
    else
    {
        // One pool at a time on the static world's ranks.
        cf::mpi_pool_executor first(options());
        BOOST_CHECK_THROW(cf::mpi_pool_executor{options()}, std::logic_error);
    }
}

BOOST_AUTO_TEST_CASE(zero_workers_is_an_error)
{
    BOOST_CHECK_THROW(cf::mpi_pool_executor(0), std::invalid_argument);
    cf::mpi_pool_options o;
    o.max_workers = 0;
    BOOST_CHECK_THROW(cf::mpi_pool_executor{o}, std::invalid_argument);
}

// Last: after one refused spawn, Open MPI 4.1 refuses every later spawn from
// the same process. A host with one slot, which the root holds already; as a
// singleton only (mpirun's --oversubscribe lets its spawns have any slots).
BOOST_AUTO_TEST_CASE(a_spawn_refused_for_lack_of_slots_breaks_the_pool_without_an_abort,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return world_workers == 0; }))
{
    cf::mpi_pool_options o;
    o.launch = cf::mpi_launch::spawn;
    o.max_workers = 2;
    o.spawn_info = {{"host", "localhost:1"}};
    cf::mpi_pool_executor pool(o);
    auto f = pool.submit(mul, 2, 3);
    BOOST_CHECK_EXCEPTION(f.result(120s), cf::broken_mpi_pool, [](const cf::broken_mpi_pool& e) {
        const std::string what = e.what();
        BOOST_TEST_INFO(what);
        return what.find("MPI_Comm_spawn") != std::string::npos;
    });
    BOOST_TEST(pool.broken());
    BOOST_CHECK_THROW(pool.submit(mul, 1, 1), cf::broken_mpi_pool);
}

int main(int argc, char** argv)
{
    auto mpi = cf::mpi_serve_if_worker(argc, argv);
    world_workers = mpi.world_workers();
    const int status = boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
    shared.reset();
    return status;
}
