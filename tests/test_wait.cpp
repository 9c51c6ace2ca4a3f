//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::wait: CPython's test_wait.py cases on the thread pool, plus mixed types,
// empty input and many racing completions.

#define BOOST_TEST_MODULE wait
#include "test_support.hpp"

using namespace test_support;

namespace {

struct pool_fixture
{
    cf::thread_pool_executor executor{5};
};

template <class F>
std::unordered_set<F> set_of(std::initializer_list<F> fs)
{
    return std::unordered_set<F>(fs);
}

int mul(int x, int y)
{
    return x * y;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(wait_on_thread_pool, pool_fixture)

BOOST_AUTO_TEST_CASE(duplicates_collapse_issue_20369)
{
    auto future = executor.submit(mul, 1, 2);
    auto [done, not_done] = cf::wait(std::vector{future, future}, long_timeout, cf::return_when::all_completed);
    BOOST_TEST((done == set_of({future})));
    BOOST_TEST(not_done.empty());
}

BOOST_AUTO_TEST_CASE(first_completed)
{
    event e;
    join_on_exit guard{executor, {&e}};
    auto future1 = executor.submit(mul, 21, 2);
    auto future2 = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto cancelled = cancelled_future();

    auto [done, not_done] =
        cf::wait(std::vector{cancelled, future1, future2}, long_timeout, cf::return_when::first_completed);
    BOOST_TEST((done == set_of({future1})));
    BOOST_TEST((not_done == set_of({cancelled, future2})));
    e.set();
    future2.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(first_completed_some_already_completed)
{
    event e;
    join_on_exit guard{executor, {&e}};
    auto future1 = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto notified = cancelled_and_notified_future();
    auto success = successful_future();

    auto [finished, pending] =
        cf::wait(std::vector{notified, success, future1}, long_timeout, cf::return_when::first_completed);
    BOOST_TEST((finished == set_of({notified, success})));
    BOOST_TEST((pending == set_of({future1})));
    e.set();
    future1.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(first_exception)
{
    event e1;
    event e2;
    join_on_exit guard{executor, {&e1, &e2}};
    auto future1 = executor.submit(mul, 2, 21);
    auto future2 = executor.submit([&]() -> int {
        e1.wait();
        throw std::runtime_error("this is an exception");
    });
    auto future3 = executor.submit([&] {
        e2.wait();
        return 0;
    });

    // future1 completes before future2 raises.
    std::thread t([&] {
        future1.result(long_timeout);
        e1.set();
    });
    auto [finished, pending] =
        cf::wait(std::vector{future1, future2, future3}, long_timeout, cf::return_when::first_exception);
    t.join();
    BOOST_TEST((finished == set_of({future1, future2})));
    BOOST_TEST((pending == set_of({future3})));
    e2.set();
    future3.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(first_exception_some_already_complete)
{
    event e;
    join_on_exit guard{executor, {&e}};
    auto future1 = executor.submit([]() -> int { throw std::domain_error("divide by zero"); });
    auto future2 = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto success = successful_future();
    auto cancelled = cancelled_future();
    auto notified = cancelled_and_notified_future();

    auto [finished, pending] = cf::wait(std::vector{success, cancelled, notified, future1, future2}, long_timeout,
                                        cf::return_when::first_exception);
    BOOST_TEST((finished == set_of({success, notified, future1})));
    BOOST_TEST((pending == set_of({cancelled, future2})));
    e.set();
    future2.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(first_exception_one_already_failed)
{
    event e;
    join_on_exit guard{executor, {&e}};
    auto future1 = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto failed = exception_future();

    auto [finished, pending] = cf::wait(std::vector{failed, future1}, long_timeout, cf::return_when::first_exception);
    BOOST_TEST((finished == set_of({failed})));
    BOOST_TEST((pending == set_of({future1})));
    e.set();
    future1.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(first_exception_ignores_cancellation)
{
    // A cancelled (and noticed) future counts as completed, not as raising.
    event e;
    join_on_exit guard{executor, {&e}};
    auto blocker = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto notified = cancelled_and_notified_future();
    auto [finished, pending] = cf::wait(std::vector{notified, blocker}, 50ms, cf::return_when::first_exception);
    BOOST_TEST((finished == set_of({notified})));
    BOOST_TEST((pending == set_of({blocker})));
}

BOOST_AUTO_TEST_CASE(all_completed)
{
    auto future1 = executor.submit([]() -> int { throw std::domain_error("divide by zero"); });
    auto future2 = executor.submit(mul, 2, 21);
    auto success = successful_future();
    auto notified = cancelled_and_notified_future();
    auto failed = exception_future();

    auto [finished, pending] = cf::wait(std::vector{success, notified, failed, future1, future2}, long_timeout,
                                        cf::return_when::all_completed);
    BOOST_TEST((finished == set_of({success, notified, failed, future1, future2})));
    BOOST_TEST(pending.empty());
}

BOOST_AUTO_TEST_CASE(all_completed_is_the_default)
{
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 20; ++i)
        fs.push_back(executor.submit(mul, i, i));
    auto result = cf::wait(fs);
    BOOST_TEST(result.done.size() == 20u);
    for (const auto& f : fs)
        BOOST_TEST(f.done());
}

BOOST_AUTO_TEST_CASE(timeout)
{
    event e;
    join_on_exit guard{executor, {&e}};
    auto future = executor.submit([&] {
        e.wait();
        return 0;
    });
    auto notified = cancelled_and_notified_future();
    auto failed = exception_future();
    auto success = successful_future();

    const auto start = std::chrono::steady_clock::now();
    auto [finished, pending] =
        cf::wait(std::vector{notified, failed, success, future}, 50ms, cf::return_when::all_completed);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST((finished == set_of({notified, failed, success})));
    BOOST_TEST((pending == set_of({future})));
    BOOST_TEST(elapsed >= 45ms);
    BOOST_TEST(elapsed < long_timeout);
    e.set();
    future.result(long_timeout);
}

BOOST_AUTO_TEST_CASE(zero_timeout_does_not_wait)
{
    auto pending = pending_future();
    auto [finished, not_done] = cf::wait(std::vector{pending}, 0s);
    BOOST_TEST(finished.empty());
    BOOST_TEST(not_done.size() == 1u);
}

BOOST_AUTO_TEST_CASE(pending_calls_race_issue_14406)
{
    for (int round = 0; round < 10; ++round)
    {
        event e;
        cf::thread_pool_executor pool(5);
        join_on_exit guard{pool, {&e}};
        std::vector<cf::future<void>> fs;
        for (int i = 0; i < 100; ++i)
            fs.push_back(pool.submit([&] { e.wait(); }));
        e.set();
        auto result = cf::wait(fs, long_timeout, cf::return_when::all_completed);
        BOOST_TEST(result.done.size() == 100u);
        BOOST_TEST(result.not_done.empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(wait_standalone)

BOOST_AUTO_TEST_CASE(empty_input)
{
    auto result = cf::wait(std::vector<cf::future<int>>{});
    BOOST_TEST(result.done.empty());
    BOOST_TEST(result.not_done.empty());
}

BOOST_AUTO_TEST_CASE(plain_cancel_is_not_done_until_notified)
{
    // CPython: a cancelled future counts only once its executor noticed.
    auto f = cancelled_future();
    auto r1 = cf::wait(std::vector{f}, 10ms);
    BOOST_TEST(r1.not_done.size() == 1u);

    std::thread t([f]() mutable {
        std::this_thread::sleep_for(20ms);
        f.set_running_or_notify_cancel();
    });
    auto r2 = cf::wait(std::vector{f}, long_timeout);
    t.join();
    BOOST_TEST(r2.done.size() == 1u);
}

BOOST_AUTO_TEST_CASE(mixed_value_types)
{
    cf::future<int> i;
    cf::future<std::string> s;
    cf::future<void> v;
    std::thread t([=]() mutable {
        std::this_thread::sleep_for(10ms);
        s.set_result("x");
    });
    auto [done, not_done] = cf::wait({i, s, v}, long_timeout, cf::return_when::first_completed);
    t.join();
    BOOST_TEST(done.size() == 1u);
    BOOST_TEST(done.count(cf::any_future(s)) == 1u);
    BOOST_TEST(not_done.size() == 2u);
    BOOST_TEST(done.begin()->as<std::string>().result() == "x");
}

BOOST_AUTO_TEST_CASE(any_range_of_futures)
{
    std::list<cf::future<int>> fs{successful_future(1), successful_future(2)};
    auto result = cf::wait(fs);
    BOOST_TEST(result.done.size() == 2u);

    std::vector<cf::any_future> anys{successful_future(3), cf::any_future(exception_future())};
    auto r2 = cf::wait(anys, cf::return_when::first_exception);
    BOOST_TEST(r2.done.size() == 2u);
}

BOOST_AUTO_TEST_CASE(many_threads_completing_at_once)
{
    std::vector<cf::future<int>> fs(64);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < fs.size(); ++i)
        threads.emplace_back([f = fs[i], i]() mutable { f.set_result(static_cast<int>(i)); });
    auto result = cf::wait(fs, long_timeout);
    for (auto& t : threads)
        t.join();
    BOOST_TEST(result.done.size() == 64u);
}

BOOST_AUTO_TEST_SUITE_END()
