//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::as_completed: CPython's test_as_completed.py cases, plus completion
// order, early destruction and large inputs.

#define BOOST_TEST_MODULE as_completed
#include "test_support.hpp"

using namespace test_support;

namespace {

struct pool_fixture
{
    cf::thread_pool_executor executor{5};
};

int mul(int x, int y)
{
    return x * y;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(as_completed_on_thread_pool, pool_fixture)

BOOST_AUTO_TEST_CASE(no_timeout)
{
    auto future1 = executor.submit(mul, 2, 21);
    auto future2 = executor.submit(mul, 7, 6);
    auto notified = cancelled_and_notified_future();
    auto failed = exception_future();
    auto success = successful_future();

    std::unordered_set<cf::future<int>> completed;
    for (auto& f : cf::as_completed(std::vector{notified, failed, success, future1, future2}, long_timeout))
        completed.insert(f);
    BOOST_TEST((completed == std::unordered_set<cf::future<int>>{notified, failed, success, future1, future2}));
}

BOOST_AUTO_TEST_CASE(future_times_out)
{
    for (auto timeout : {0ms, 100ms})
    {
        auto notified = cancelled_and_notified_future();
        auto failed = exception_future();
        auto success = successful_future();
        event e;
        cf::thread_pool_executor pool(2);
        join_on_exit guard{pool, {&e}};
        auto future = pool.submit([&] {
            e.wait();
            return 0;
        });

        std::unordered_set<cf::future<int>> completed;
        bool timed_out = false;
        try
        {
            for (auto& f : cf::as_completed(std::vector{notified, failed, success, future}, timeout))
                completed.insert(f);
        }
        catch (const cf::timeout_error&)
        {
            timed_out = true;
        }
        BOOST_TEST(timed_out);
        BOOST_TEST((completed == std::unordered_set<cf::future<int>>{notified, failed, success}));
        e.set();
        future.result(long_timeout);
    }
}

BOOST_AUTO_TEST_CASE(duplicate_futures_issue_20367)
{
    auto future1 = executor.submit([] {
        std::this_thread::sleep_for(20ms);
        return 1;
    });
    std::vector<cf::future<int>> three(3, future1);
    std::size_t n = 0;
    for (auto& f : cf::as_completed(three, long_timeout))
    {
        BOOST_TEST((f == future1));
        ++n;
    }
    BOOST_TEST(n == 1u);
}

BOOST_AUTO_TEST_CASE(yields_in_completion_order)
{
    // Later submissions finish first.
    std::vector<cf::future<int>> fs;
    event gates[4];
    join_on_exit guard{executor, {&gates[0], &gates[1], &gates[2], &gates[3]}};
    for (int i = 0; i < 4; ++i)
        fs.push_back(executor.submit([&gates, i] {
            gates[i].wait();
            return i;
        }));
    std::vector<int> order;
    auto range = cf::as_completed(fs, long_timeout);
    auto it = range.begin();
    for (int i = 3; i >= 0; --i)
    {
        gates[i].set();
        order.push_back(it->result());
        ++it;
    }
    BOOST_TEST((it == range.end()));
    BOOST_TEST((order == std::vector<int>{3, 2, 1, 0}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(as_completed_standalone)

BOOST_AUTO_TEST_CASE(correct_timeout_exception_msg)
{
    std::vector<cf::future<int>> fs{cancelled_and_notified_future(), pending_future(), running_future(),
                                    successful_future()};
    try
    {
        for (auto& f : cf::as_completed(fs, 0s))
            (void)f;
        BOOST_FAIL("expected timeout_error");
    }
    catch (const cf::timeout_error& e)
    {
        BOOST_TEST(std::string(e.what()) == "2 (of 4) futures unfinished");
    }
}

BOOST_AUTO_TEST_CASE(already_completed_come_first)
{
    auto pending = pending_future();
    auto done1 = successful_future(1);
    auto done2 = successful_future(2);
    auto range = cf::as_completed(std::vector{pending, done1, pending, done2});
    BOOST_TEST(range.size() == 3u);
    auto it = range.begin();
    std::unordered_set<cf::future<int>> first_two{*it, (++it, *it)};
    BOOST_TEST((first_two == std::unordered_set<cf::future<int>>{done1, done2}));
    pending.set_result(3);
    ++it;
    BOOST_TEST((*it == pending));
    ++it;
    BOOST_TEST((it == range.end()));
}

BOOST_AUTO_TEST_CASE(free_reference_yielded_future_issue_14406)
{
    BOOST_TEST(tracked::live() == 0);
    {
        std::vector<cf::future<tracked>> fs(8);
        cf::future<tracked> notified;
        notified.cancel();
        notified.set_running_or_notify_cancel();
        fs.push_back(notified);
        cf::future<tracked> finished;
        finished.set_result(tracked(42));
        fs.push_back(finished);
        notified = cf::future<tracked>();
        finished = cf::future<tracked>();

        // Yielded futures are dropped by the range: once the test lets go too,
        // their state (and value) is gone.
        try
        {
            for (auto& f : cf::as_completed(fs, 0s))
            {
                fs.erase(std::find(fs.begin(), fs.end(), f));
                f = cf::future<tracked>();
            }
            BOOST_FAIL("expected timeout_error");
        }
        catch (const cf::timeout_error&)
        {
        }
        BOOST_TEST(tracked::live() == 0);
        BOOST_TEST(fs.size() == 8u);

        fs[0].set_result(tracked(1));
        for (auto& f : cf::as_completed(fs, long_timeout))
        {
            BOOST_TEST(f.done());
            fs.erase(std::find(fs.begin(), fs.end(), f));
            f = cf::future<tracked>();
            BOOST_TEST(tracked::live() == 0);
            if (!fs.empty())
                fs[0].set_result(tracked(2));
        }
        BOOST_TEST(fs.empty());
    }
    BOOST_TEST(tracked::live() == 0);
}

BOOST_AUTO_TEST_CASE(early_destruction_unregisters)
{
    std::vector<cf::future<int>> fs(10);
    {
        auto range = cf::as_completed(fs);
        fs[0].set_result(0);
        auto it = range.begin();
        BOOST_TEST((*it == fs[0]));
    }
    // The range is gone: completing the rest must not reach it.
    for (std::size_t i = 1; i < fs.size(); ++i)
        fs[i].set_result(static_cast<int>(i));
    BOOST_TEST(fs[9].result() == 9);
}

BOOST_AUTO_TEST_CASE(move_assignment_releases_the_old_futures_safely)
{
    // The range holds the only references to the old futures: assigning a new
    // range must detach from them before they go.
    std::vector<cf::future<int>> old_futures(3);
    auto range = cf::as_completed(old_futures);
    old_futures.clear();
    std::vector<cf::future<int>> fresh(2);
    fresh[1].set_result(1);
    range = cf::as_completed(fresh);
    BOOST_TEST(range.size() == 2u);
    auto it = range.begin();
    BOOST_TEST((*it == fresh[1]));
    fresh[0].set_result(0);
    ++it;
    BOOST_TEST((*it == fresh[0]));
    ++it;
    BOOST_TEST((it == range.end()));
}

BOOST_AUTO_TEST_CASE(cancellation_counts_once_notified)
{
    cf::future<int> f;
    auto range = cf::as_completed(std::vector{f}, long_timeout);
    f.cancel();
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(10ms);
        f.set_running_or_notify_cancel();
    });
    auto it = range.begin();
    BOOST_TEST(it->cancelled());
    t.join();
}

BOOST_AUTO_TEST_CASE(mixed_types)
{
    cf::future<int> i;
    cf::future<std::string> s;
    s.set_result("s");
    // i completes from another thread while the range waits for it.
    joining_thread t;
    std::vector<cf::any_future> order;
    for (auto& f : cf::as_completed({i, s}, long_timeout))
    {
        order.push_back(f);
        if (order.size() == 1u)
            t = joining_thread([i]() mutable { i.set_result(1); });
    }
    BOOST_TEST(order.size() == 2u);
    BOOST_TEST((order[0] == cf::any_future(s)));
    BOOST_TEST((order[1] == cf::any_future(i)));
}

BOOST_AUTO_TEST_CASE(many_futures_many_threads)
{
    constexpr std::size_t n = 20000;
    std::vector<cf::future<int>> fs(n);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&fs, t] {
            for (std::size_t i = static_cast<std::size_t>(t); i < fs.size(); i += 4)
                fs[i].set_result(static_cast<int>(i));
        });
    long long sum = 0;
    std::size_t count = 0;
    for (auto& f : cf::as_completed(fs, long_timeout))
    {
        sum += f.result();
        ++count;
    }
    for (auto& t : threads)
        t.join();
    BOOST_TEST(count == n);
    BOOST_TEST(sum == static_cast<long long>(n) * (n - 1) / 2);
}

BOOST_AUTO_TEST_CASE(standard_algorithms_work)
{
    std::vector<cf::future<int>> fs{successful_future(1), successful_future(2)};
    auto range = cf::as_completed(fs);
    std::vector<cf::future<int>> out(range.begin(), range.end());
    BOOST_TEST(out.size() == 2u);
    static_assert(std::ranges::input_range<cf::as_completed_range<cf::future<int>>>);
}

BOOST_AUTO_TEST_SUITE_END()
