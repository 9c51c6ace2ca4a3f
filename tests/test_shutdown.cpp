//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Shutdown of the thread pool: CPython's test_shutdown.py cases, plus shutdown
// from inside the pool and concurrent shutdowns.

#define BOOST_TEST_MODULE shutdown
#include "test_support.hpp"

#include <optional>
#include <ranges>
#include <semaphore>

using namespace test_support;

BOOST_AUTO_TEST_SUITE(executor_shutdown)

BOOST_AUTO_TEST_CASE(run_after_shutdown)
{
    cf::thread_pool_executor executor(5);
    executor.shutdown();
    try
    {
        executor.submit([] { return 2 * 5; });
        BOOST_FAIL("expected runtime_error");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()) == "cannot schedule new futures after shutdown");
    }
}

BOOST_AUTO_TEST_CASE(shutdown_is_idempotent)
{
    cf::thread_pool_executor executor(2);
    executor.submit([] {}).result(long_timeout);
    executor.shutdown();
    executor.shutdown();
    executor.shutdown(false, true);
    executor.shutdown(true);
}

BOOST_AUTO_TEST_CASE(hang_issue_12364)
{
    cf::thread_pool_executor executor(5);
    std::vector<cf::future<void>> fs;
    for (int i = 0; i < 50; ++i)
        fs.push_back(executor.submit([] { std::this_thread::sleep_for(10ms); }));
    executor.shutdown();
    for (auto& f : fs)
        f.result(0s); // all done by now
}

BOOST_AUTO_TEST_CASE(cancel_futures)
{
    cf::thread_pool_executor executor(5);
    std::counting_semaphore<> started(0);
    std::vector<cf::future<void>> fs;
    for (int i = 0; i < 50; ++i)
        fs.push_back(executor.submit([&] {
            started.release();
            std::this_thread::sleep_for(10ms);
        }));
    // Python relies on a worker having picked up a task by now; a loaded
    // machine (CI under ASan) gives no such promise, so wait for one.
    BOOST_TEST_REQUIRE(started.try_acquire_for(long_timeout));
    executor.shutdown(true, true);
    std::size_t cancelled = 0;
    std::size_t others = 0;
    for (auto& f : fs)
    {
        if (f.cancelled())
        {
            ++cancelled;
            // Cancelled and noticed: nothing waits on them forever.
            BOOST_TEST((f.state() == cf::future_state::cancelled_and_notified));
        }
        else
        {
            ++others;
            BOOST_TEST(f.done());
            BOOST_TEST(!f.exception());
        }
    }
    BOOST_TEST(cancelled > 20u);
    BOOST_TEST(others > 0u);
}

BOOST_AUTO_TEST_CASE(cancel_futures_wait_false)
{
    std::atomic<int> ran{0};
    std::vector<cf::future<void>> fs;
    {
        event gate;
        std::counting_semaphore<> started(0);
        cf::thread_pool_executor executor(2);
        for (int i = 0; i < 2; ++i)
            fs.push_back(executor.submit([&] {
                started.release();
                gate.wait();
                ++ran;
            }));
        BOOST_TEST(started.try_acquire_for(long_timeout));
        BOOST_TEST(started.try_acquire_for(long_timeout));
        for (int i = 0; i < 20; ++i)
            fs.push_back(executor.submit([&] { ++ran; }));
        executor.shutdown(false, true);
        gate.set();
    }
    // Only the two running at shutdown ran; the rest are cancelled and notified.
    BOOST_TEST(ran.load() == 2);
    auto [done, not_done] = cf::wait(fs, long_timeout);
    BOOST_TEST(done.size() == fs.size());
}

BOOST_AUTO_TEST_CASE(hang_gh_94440_cancel_right_before_shutdown)
{
    // Bounded by the watchdog thread below, not by trust.
    std::atomic<bool> finished{false};
    std::thread worker([&] {
        cf::thread_pool_executor executor(1);
        executor.submit([] { return 0; }).result(long_timeout);
        executor.submit([] { return 0; }).cancel();
        executor.shutdown(true);
        finished = true;
    });
    BOOST_TEST(eventually([&] { return finished.load(); }, 10s));
    worker.join();
}

BOOST_AUTO_TEST_CASE(threads_terminate)
{
    std::counting_semaphore<> sem(0);
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 3, .thread_name_prefix = "termpool"});
    for (int i = 0; i < 3; ++i)
        executor.submit([&sem] { (void)sem.try_acquire_for(long_timeout); });
    BOOST_TEST(executor.worker_count() == 3u);
    BOOST_TEST(eventually([] { return count_threads_named("termpool_") == 3u; }));
    sem.release(3);
    executor.shutdown();
    BOOST_TEST(count_threads_named("termpool_") == 0u);
}

BOOST_AUTO_TEST_CASE(context_manager_shutdown)
{
    std::vector<int> out;
    {
        cf::thread_pool_executor e(cf::thread_pool_options{.max_workers = 5, .thread_name_prefix = "ctxpool"});
        out = e.map([](int x) { return std::abs(x); }, std::views::iota(-5, 5)).to_vector();
    }
    BOOST_TEST((out == std::vector<int>{5, 4, 3, 2, 1, 0, 1, 2, 3, 4}));
    BOOST_TEST(count_threads_named("ctxpool_") == 0u);
}

BOOST_AUTO_TEST_CASE(del_shutdown)
{
    std::optional<cf::thread_pool_executor> executor(std::in_place, 5);
    auto res = executor->map([](int x) { return std::abs(x); }, std::views::iota(-5, 5));
    executor.reset(); // destructor = shutdown(true)
    // Every result was computed before the executor went.
    BOOST_TEST(res.pending() == 10u);
    BOOST_TEST((res.to_vector() == std::vector<int>{5, 4, 3, 2, 1, 0, 1, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(shutdown_no_wait)
{
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 5, .thread_name_prefix = "nowait"});
    auto res = executor.map([](int x) { return std::abs(x); }, std::views::iota(-5, 5));
    executor.shutdown(false);
    BOOST_TEST((res.to_vector() == std::vector<int>{5, 4, 3, 2, 1, 0, 1, 2, 3, 4}));
    BOOST_TEST(eventually([] { return count_threads_named("nowait_") == 0; }));
}

BOOST_AUTO_TEST_CASE(shutdown_race_issue_12456)
{
    cf::thread_pool_executor executor(2);
    executor.map([](int x) { return std::to_string(x); }, std::vector<int>(3, 2));
    executor.shutdown();
}

BOOST_AUTO_TEST_CASE(wait_true_from_inside_is_an_error_not_a_deadlock)
{
    cf::thread_pool_executor executor(2);
    auto f = executor.submit([&executor] { executor.shutdown(true); });
    try
    {
        f.result(long_timeout);
        BOOST_FAIL("expected logic_error");
    }
    catch (const std::logic_error& e)
    {
        BOOST_TEST(std::string(e.what()).find("from one of the pool's own threads") != std::string::npos);
    }
    // The pool did shut down.
    BOOST_CHECK_THROW(executor.submit([] {}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(wait_false_from_a_callback)
{
    event done;
    cf::thread_pool_executor executor(2);
    auto f = executor.submit([] { return 1; });
    f.add_done_callback([&](const cf::future<int>&) {
        executor.shutdown(false);
        done.set();
    });
    BOOST_TEST(done.wait());
    BOOST_CHECK_THROW(executor.submit([] {}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(destroyed_from_inside_its_own_task)
{
    auto holder = std::make_shared<std::optional<cf::thread_pool_executor>>(std::in_place, 2);
    event gate;
    std::atomic<bool> destroyed{false};
    auto f = (*holder)->submit([holder, &destroyed, &gate] {
        gate.wait();
        holder->reset(); // the destructor runs on a pool thread
        destroyed = true;
        return 7;
    });
    gate.set();
    BOOST_TEST(f.result(long_timeout) == 7);
    BOOST_TEST(destroyed.load());
}

BOOST_AUTO_TEST_CASE(concurrent_shutdowns)
{
    for (int round = 0; round < 20; ++round)
    {
        cf::thread_pool_executor executor(4);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 40; ++i)
            fs.push_back(executor.submit([i] { return i; }));
        std::vector<std::thread> closers;
        for (int t = 0; t < 3; ++t)
            closers.emplace_back([&executor, t] { executor.shutdown(t != 1, t == 2); });
        for (auto& c : closers)
            c.join();
        executor.shutdown(true);
        for (auto& f : fs)
        {
            BOOST_TEST(f.done());
            if (!f.cancelled())
                BOOST_TEST(f.result(0s) >= 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(submit_racing_shutdown_never_strands_a_future)
{
    for (int round = 0; round < 50; ++round)
    {
        cf::thread_pool_executor executor(2);
        std::vector<cf::future<int>> fs;
        std::mutex m;
        std::atomic<bool> go{false};
        std::thread submitter([&] {
            while (!go)
                std::this_thread::yield();
            for (int i = 0; i < 200; ++i)
            {
                try
                {
                    auto f = executor.submit([i] { return i; });
                    std::lock_guard<std::mutex> lock(m);
                    fs.push_back(f);
                }
                catch (const std::runtime_error&)
                {
                    break;
                }
            }
        });
        go = true;
        executor.shutdown(true, round % 2 == 1);
        submitter.join();
        // Every future that was handed out is done: ran, or cancelled and noticed.
        auto [done, not_done] = cf::wait(fs, long_timeout);
        BOOST_TEST(not_done.empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()
