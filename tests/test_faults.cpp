//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Fault injection: workers killed, exiting or aborting under load, payloads
// bigger than a pipe while workers die, callbacks that throw, executors
// destroyed with work pending, a thousand pools. After every case: each
// future is done, no child is left (running or zombie), and the descriptor
// and thread counts are back where they were.

#define BOOST_TEST_MODULE faults
#include "process_test_support.hpp"

#include <csignal>
#include <string>
#include <vector>

namespace pf = process_functions;
using namespace test_support;

namespace {

// Every future is done within the bound: each holds its expected value or
// the pool's breakage, and nothing else. Returns how many broke.
template <class T, class Expected>
std::size_t settle_all(std::vector<cf::future<T>>& fs, Expected expected)
{
    std::size_t broken = 0;
    for (std::size_t i = 0; i < fs.size(); ++i)
    {
        try
        {
            const T value = fs[i].result(long_timeout);
            BOOST_TEST(value == expected(i), "future " << i << " holds a wrong value");
        }
        catch (const cf::broken_process_pool&)
        {
            ++broken;
        }
        catch (const cf::timeout_error&)
        {
            BOOST_ERROR("future " << i << " still not done after " << long_timeout.count() << " s");
        }
        BOOST_TEST(fs[i].done());
    }
    return broken;
}

// One of two workers gets `sig` while a thousand tasks are queued.
void one_worker_signalled(int sig)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 1000; ++i)
            fs.push_back(pool.submit(pf::sleep_then_return, i % 2, i));
        BOOST_TEST(eventually([&] { return fs[10].done(); }));
        const long victim = pool.worker_pids().back();
        ::kill(static_cast<pid_t>(victim), sig);
        const std::size_t broken = settle_all(fs, [](std::size_t i) { return static_cast<int>(i); });
        BOOST_TEST(broken > 0u);
        BOOST_TEST(pool.broken());
        // The first broken future names the victim and how it died.
        for (auto& f : fs)
            if (f.exception())
            {
                const std::string what = error_of([&] { f.result(); });
                std::string expected = "worker process ";
                expected.append(std::to_string(victim)).append(" was killed by signal ").append(std::to_string(sig));
                BOOST_TEST(contains(what, expected), what);
                break;
            }
    }
    resources.verify();
}

} // namespace

BOOST_AUTO_TEST_SUITE(workers_dying_under_load)

BOOST_AUTO_TEST_CASE(one_worker_killed)
{
    one_worker_signalled(SIGKILL);
}

BOOST_AUTO_TEST_CASE(one_worker_terminated)
{
    one_worker_signalled(SIGTERM);
}

BOOST_AUTO_TEST_CASE(every_worker_killed_at_once)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(4);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 2000; ++i)
            fs.push_back(pool.submit(pf::mul, i, 3));
        BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 4u; }));
        for (long pid : pool.worker_pids())
            ::kill(static_cast<pid_t>(pid), SIGKILL);
        settle_all(fs, [](std::size_t i) { return static_cast<int>(i) * 3; });
        BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 1), cf::broken_process_pool);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(worker_exits_mid_task)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 300; ++i)
            fs.push_back(pool.submit(pf::mul, i, 2));
        auto exiting = pool.submit(pf::exit_now, 3);
        for (int i = 300; i < 600; ++i)
            fs.push_back(pool.submit(pf::mul, i, 2));
        const std::string what = error_of([&] { exiting.result(long_timeout); });
        BOOST_TEST(contains(what, "exited with status 3"), what);
        settle_all(fs, [](std::size_t i) { return static_cast<int>(i) * 2; });
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(worker_aborts_mid_task)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 300; ++i)
            fs.push_back(pool.submit(pf::mul, i, 2));
        auto aborting = pool.submit(pf::abort_now);
        for (int i = 300; i < 600; ++i)
            fs.push_back(pool.submit(pf::mul, i, 2));
        const std::string what = error_of([&] { aborting.result(long_timeout); });
        BOOST_TEST(contains(what, std::string("was killed by signal ").append(std::to_string(SIGABRT))), what);
        settle_all(fs, [](std::size_t i) { return static_cast<int>(i) * 2; });
    }
    resources.verify();
}

// Both directions carry more than a pipe holds while a worker dies: neither
// side may be left blocked on a half-written frame.
BOOST_AUTO_TEST_CASE(killed_while_large_payloads_are_in_flight)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        const std::string big(4 << 20, 'x');
        std::vector<cf::future<std::size_t>> sent;
        std::vector<cf::future<std::string>> received;
        for (int i = 0; i < 8; ++i)
        {
            sent.push_back(pool.submit(pf::big_argument, big));
            received.push_back(pool.submit(pf::big_result, std::size_t(4) << 20));
        }
        BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 2u; }));
        ::kill(static_cast<pid_t>(pool.worker_pids().front()), SIGKILL);
        settle_all(sent, [&](std::size_t) { return big.size(); });
        settle_all(received, [](std::size_t) { return std::string(std::size_t(4) << 20, 'r'); });
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(large_payloads_both_ways_at_once)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        const std::string big(16 << 20, 'y');
        std::vector<cf::future<std::size_t>> sent;
        std::vector<cf::future<std::string>> received;
        for (int i = 0; i < 4; ++i)
        {
            sent.push_back(pool.submit(pf::big_argument, big));
            received.push_back(pool.submit(pf::big_result, std::size_t(16) << 20));
        }
        BOOST_TEST(settle_all(sent, [&](std::size_t) { return big.size(); }) == 0u);
        BOOST_TEST(settle_all(received, [](std::size_t) { return std::string(std::size_t(16) << 20, 'r'); }) == 0u);
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(callbacks_that_throw)

BOOST_AUTO_TEST_CASE(process_pool_logs_and_keeps_working)
{
    resource_check resources;
    log_capture log;
    {
        cf::process_pool_executor pool(2);
        std::atomic<int> later_callbacks{0};
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 50; ++i)
        {
            fs.push_back(pool.submit(pf::mul, i, 2));
            fs.back().add_done_callback([](const cf::future<int>&) { throw std::runtime_error("callback failure"); });
            fs.back().add_done_callback([&](const cf::future<int>&) { ++later_callbacks; });
        }
        BOOST_TEST(settle_all(fs, [](std::size_t i) { return static_cast<int>(i) * 2; }) == 0u);
        BOOST_TEST(eventually([&] { return later_callbacks.load() == 50; }));
        BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42);
        BOOST_TEST(!pool.broken());
    }
    BOOST_TEST(log.contains("callback failure"));
    resources.verify();
}

BOOST_AUTO_TEST_CASE(thread_pool_logs_and_keeps_working)
{
    resource_check resources;
    log_capture log;
    {
        cf::thread_pool_executor pool(2);
        std::atomic<int> later_callbacks{0};
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 200; ++i)
        {
            fs.push_back(pool.submit([i] { return i; }));
            fs.back().add_done_callback([](const cf::future<int>&) { throw 17; });
            fs.back().add_done_callback([&](const cf::future<int>&) { ++later_callbacks; });
        }
        for (std::size_t i = 0; i < fs.size(); ++i)
            BOOST_TEST(fs[i].result(long_timeout) == static_cast<int>(i));
        BOOST_TEST(eventually([&] { return later_callbacks.load() == 200; }));
        BOOST_TEST(pool.submit([] { return 5; }).result(long_timeout) == 5);
    }
    BOOST_TEST(log.contains("exception calling callback"));
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(executor_destroyed_with_work_pending)

// Futures held by other threads outlive the executor: its destruction runs
// what was submitted (shutdown(wait = true)) and every holder sees a result.
// `submit(pool, i)` must give a future holding i * 5.
template <class Pool, class Submit>
void futures_held_elsewhere(int tasks, Submit submit)
{
    resource_check resources;
    std::vector<cf::future<int>> fs;
    std::vector<std::thread> holders;
    std::atomic<int> seen{0};
    {
        Pool pool(2);
        for (int i = 0; i < tasks; ++i)
            fs.push_back(submit(pool, i));
        for (int t = 0; t < 4; ++t)
            holders.emplace_back([copy = fs, &seen] {
                for (std::size_t i = 0; i < copy.size(); ++i)
                    if (copy[i].result(long_timeout) == static_cast<int>(i) * 5)
                        ++seen;
            });
    }
    for (auto& f : fs)
        BOOST_TEST(f.done());
    for (auto& t : holders)
        t.join();
    BOOST_TEST(seen.load() == 4 * tasks);
    resources.verify();
}

BOOST_AUTO_TEST_CASE(process_pool_futures_held_elsewhere)
{
    futures_held_elsewhere<cf::process_pool_executor>(500,
                                                      [](auto& pool, int i) { return pool.submit(pf::mul, i, 5); });
}

BOOST_AUTO_TEST_CASE(thread_pool_futures_held_elsewhere)
{
    futures_held_elsewhere<cf::thread_pool_executor>(
        5000, [](auto& pool, int i) { return pool.submit([i] { return i * 5; }); });
}

// Cancelled at shutdown, then destroyed: what never started is cancelled,
// what ran has its result, nothing is left pending.
BOOST_AUTO_TEST_CASE(process_pool_cancel_futures_then_destroyed)
{
    resource_check resources;
    std::vector<cf::future<int>> fs;
    {
        cf::process_pool_executor pool(2);
        for (int i = 0; i < 500; ++i)
            fs.push_back(pool.submit(pf::sleep_then_return, 1, i));
        pool.shutdown(false, true);
    }
    std::size_t cancelled = 0;
    for (std::size_t i = 0; i < fs.size(); ++i)
    {
        BOOST_TEST(fs[i].done());
        if (fs[i].cancelled())
            ++cancelled;
        else
            BOOST_TEST(fs[i].result(0s) == static_cast<int>(i));
    }
    BOOST_TEST(cancelled > 0u);
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(shutdown_from_inside)

BOOST_AUTO_TEST_CASE(process_pool_callback_wait_true_is_an_error_wait_false_is_safe)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(1);
        std::string wait_error;
        test_support::event done;
        auto f = pool.submit(pf::mul, 2, 3);
        f.add_done_callback([&](const cf::future<int>&) {
            wait_error = error_of([&] { pool.shutdown(true); });
            pool.shutdown(false);
            done.set();
        });
        BOOST_TEST(done.wait());
        BOOST_TEST(contains(wait_error, "shutdown"), wait_error);
        BOOST_TEST(f.result(long_timeout) == 6);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(thread_pool_task_wait_true_is_an_error_wait_false_is_safe)
{
    resource_check resources;
    {
        cf::thread_pool_executor pool(2);
        auto f = pool.submit([&pool] {
            const std::string e = error_of([&] { pool.shutdown(true); });
            pool.shutdown(false);
            return e;
        });
        const std::string wait_error = f.result(long_timeout);
        BOOST_TEST(contains(wait_error, "shutdown"), wait_error);
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(a_thousand_pools)

BOOST_AUTO_TEST_CASE(thread_pools)
{
    resource_check resources;
    long long sum = 0;
    for (int i = 0; i < 1000; ++i)
    {
        cf::thread_pool_executor pool(2);
        auto a = pool.submit([i] { return i; });
        auto b = pool.submit([i] { return -i; });
        sum += a.result(long_timeout) + b.result(long_timeout) + 1;
    }
    BOOST_TEST(sum == 1000);
    resources.verify();
}

BOOST_AUTO_TEST_CASE(process_pools)
{
    resource_check resources;
    long long sum = 0;
    for (int i = 0; i < 1000; ++i)
    {
        cf::process_pool_executor pool(1);
        sum += pool.submit(pf::mul, i, 1).result(long_timeout);
    }
    BOOST_TEST(sum == 999LL * 1000 / 2);
    resources.verify();
}

// Pools abandoned with work queued and workers not yet up.
BOOST_AUTO_TEST_CASE(process_pools_destroyed_before_workers_answer)
{
    resource_check resources;
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 200; ++i)
    {
        cf::process_pool_executor pool(2);
        fs.push_back(pool.submit(pf::mul, i, 1));
        pool.shutdown(false, true);
    }
    for (std::size_t i = 0; i < fs.size(); ++i)
    {
        BOOST_TEST(fs[i].done());
        if (!fs[i].cancelled())
            BOOST_TEST(fs[i].result(0s) == static_cast<int>(i));
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_CONCURRENT_FUTURES_TEST_MAIN()
