//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// executor.map on the thread pool: CPython's map cases (exception, timeout,
// early close, buffersize on endless input, submits without iteration).

#define BOOST_TEST_MODULE map
#include "test_support.hpp"

#include <cmath>
#include <list>
#include <ranges>
#include <semaphore>

using namespace test_support;

namespace {

struct pool_fixture
{
    cf::thread_pool_executor executor{5};
};

struct divmod_result
{
    int q;
    int r;
    bool operator==(const divmod_result&) const = default;
};

divmod_result divmod(int a, int b)
{
    if (b == 0)
        throw std::domain_error("integer division or modulo by zero");
    return {a / b, a % b};
}

long long ipow(int b, int e)
{
    long long r = 1;
    for (int i = 0; i < e; ++i)
        r *= b;
    return r;
}

// An input range that counts how many elements were read from it.
struct counting_input
{
    int limit;
    int* reads;

    struct iterator
    {
        using value_type = int;
        using difference_type = std::ptrdiff_t;
        int i = 0;
        int* reads = nullptr;
        int operator*() const
        {
            ++*reads;
            return i;
        }
        iterator& operator++()
        {
            ++i;
            return *this;
        }
        void operator++(int) { ++i; }
        bool operator==(const iterator& o) const { return i == o.i; }
    };
    iterator begin() const { return {0, reads}; }
    iterator end() const { return {limit, reads}; }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(map_on_thread_pool, pool_fixture)

BOOST_AUTO_TEST_CASE(map_matches_std_transform)
{
    auto r = std::views::iota(0, 10);
    std::vector<long long> expected;
    for (int i : r)
        expected.push_back(ipow(i, i));
    BOOST_TEST(executor.map(ipow, r, r).to_vector() == expected);
    // chunksize is accepted and ignored by thread pools.
    BOOST_TEST(executor.map(ipow, r, r, cf::map_options{.chunksize = 3}).to_vector() == expected);
}

BOOST_AUTO_TEST_CASE(shortest_range_wins)
{
    auto out = executor
                   .map([](int a, char c) { return std::string(static_cast<std::size_t>(a), c); },
                        std::vector{1, 2, 3, 4}, std::string("xy"))
                   .to_vector();
    BOOST_TEST((out == std::vector<std::string>{"x", "yy"}));
}

BOOST_AUTO_TEST_CASE(map_exception)
{
    auto i = executor.map(divmod, std::vector{1, 1, 1, 1}, std::vector{2, 3, 0, 5});
    auto it = i.begin();
    BOOST_TEST((*it == divmod_result{0, 1}));
    ++it;
    BOOST_TEST((*it == divmod_result{0, 1}));
    ++it;
    BOOST_CHECK_THROW(*it, std::domain_error);
    // Like a Python generator after raising: exhausted.
    BOOST_TEST((it == i.end()));
}

BOOST_AUTO_TEST_CASE(map_timeout)
{
    event never;
    join_on_exit guard{executor, {&never}};
    std::vector<int> results;
    bool timed_out = false;
    auto i = executor.map(
        [&never](int ms) {
            if (ms > 0)
                never.wait(std::chrono::milliseconds(ms));
            return ms;
        },
        std::vector{0, 0, 5000}, cf::map_options{.timeout = 300ms});
    try
    {
        for (int r : i)
            results.push_back(r);
    }
    catch (const cf::timeout_error&)
    {
        timed_out = true;
    }
    BOOST_TEST(timed_out);
    BOOST_TEST((results == std::vector<int>{0, 0}));
    BOOST_TEST((i.begin() == i.end()));
}

BOOST_AUTO_TEST_CASE(map_close)
{
    auto i = executor.map(divmod, std::vector{5, 5, 5, 5}, std::vector{2, 0, 3, 5});
    BOOST_TEST((*i.begin() == divmod_result{2, 1}));
    i.close();
    BOOST_TEST((i.begin() == i.end()));
}

BOOST_AUTO_TEST_CASE(map_submits_without_iteration_issue_11777)
{
    std::mutex m;
    std::vector<int> finished;
    // The result is dropped at once, never iterated: every task still runs.
    executor.map(
        [&](int n) {
            std::lock_guard<std::mutex> lock(m);
            finished.push_back(n);
        },
        std::views::iota(0, 10));
    executor.shutdown(true);
    std::sort(finished.begin(), finished.end());
    BOOST_TEST((finished == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

BOOST_AUTO_TEST_CASE(map_submits_everything_before_returning)
{
    std::atomic<int> started{0};
    auto results = executor.map(
        [&](int n) {
            ++started;
            return n;
        },
        std::views::iota(0, 10));
    BOOST_TEST(results.pending() == 10u);
    executor.shutdown(true);
    BOOST_TEST(started.load() == 10);
    BOOST_TEST(results.to_vector().size() == 10u);
}

BOOST_AUTO_TEST_CASE(current_future_cancel_on_timeout)
{
    // One worker, saturated; map(timeout=0) times out on its first item, which
    // is cancelled, and so is every other item.
    std::mutex m;
    std::vector<std::string> log;
    event stop;
    cf::thread_pool_executor pool(1);
    join_on_exit guard{pool, {&stop}};
    auto log_n_wait = [&](std::string ident) {
        {
            std::lock_guard<std::mutex> lock(m);
            log.push_back(ident + " started");
        }
        stop.wait();
        std::lock_guard<std::mutex> lock(m);
        log.push_back(ident + " stopped");
    };
    auto fut = pool.submit(log_n_wait, std::string("first"));
    {
        auto gen = pool.map(log_n_wait, std::vector<std::string>{"second", "third"}, cf::map_options{.timeout = 0s});
        BOOST_CHECK_THROW(*gen.begin(), cf::timeout_error);
    }
    stop.set();
    fut.result(long_timeout);
    pool.shutdown(true);
    BOOST_TEST((log == std::vector<std::string>{"first started", "first stopped"}));
}

BOOST_AUTO_TEST_CASE(free_reference_issue_14406)
{
    BOOST_TEST(tracked::live() == 0);
    for (auto& obj : executor.map([](int i) { return tracked(i); }, std::views::iota(0, 10)))
    {
        (void)obj;
        // Only the value being looked at is alive in the range; the others are
        // either not computed yet or sitting in their futures.
        BOOST_TEST(tracked::live() >= 1);
    }
    BOOST_TEST(tracked::live() == 0);
}

BOOST_AUTO_TEST_CASE(void_functions_yield_monostate)
{
    std::atomic<int> sum{0};
    auto r = executor.map([&](int x) { sum += x; }, std::vector{1, 2, 3});
    BOOST_TEST(r.to_vector().size() == 3u);
    BOOST_TEST(sum.load() == 6);
}

BOOST_AUTO_TEST_CASE(destroying_after_iterating_cancels_the_rest)
{
    event gate;
    std::atomic<int> ran{0};
    cf::thread_pool_executor pool(1);
    join_on_exit guard{pool, {&gate}};
    {
        auto r = pool.map(
            [&](int i) {
                if (i > 0)
                {
                    gate.wait();
                    ++ran;
                }
                return i;
            },
            std::views::iota(0, 50));
        BOOST_TEST(*r.begin() == 0);
    }
    // At most the one task already running when the range went away ran.
    gate.set();
    pool.shutdown(true);
    BOOST_TEST(ran.load() <= 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(buffersize, pool_fixture)

BOOST_AUTO_TEST_CASE(validation)
{
    BOOST_CHECK_THROW(executor.map([](int x) { return x; }, std::vector{1}, cf::map_options{.buffersize = 0}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(executor.map([](int x) { return x; }, std::vector{1}, cf::map_options{.chunksize = 0}),
                      std::invalid_argument);
    try
    {
        executor.map([](int x) { return x; }, std::vector{1}, cf::map_options{.buffersize = 0});
    }
    catch (const std::invalid_argument& e)
    {
        BOOST_TEST(std::string(e.what()).find("buffersize must be unset or >= 1") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(results_in_order_for_every_size)
{
    for (std::size_t b : {1u, 2u, 4u, 8u})
    {
        auto out =
            executor
                .map([](int x) { return std::to_string(x); }, std::views::iota(0, 4), cf::map_options{.buffersize = b})
                .to_vector();
        BOOST_TEST((out == std::vector<std::string>{"0", "1", "2", "3"}));
        auto sums = executor
                        .map([](int a, int b) { return a + b; }, std::views::iota(0, 4), std::views::iota(0, 4),
                             cf::map_options{.buffersize = b})
                        .to_vector();
        BOOST_TEST((sums == std::vector<int>{0, 2, 4, 6}));
    }
}

BOOST_AUTO_TEST_CASE(endless_range)
{
    auto res =
        executor.map([](int x) { return std::to_string(x); }, std::views::iota(0), cf::map_options{.buffersize = 2});
    auto it = res.begin();
    BOOST_TEST(*it == "0");
    ++it;
    BOOST_TEST(*it == "1");
    ++it;
    BOOST_TEST(*it == "2");
}

BOOST_AUTO_TEST_CASE(several_endless_ranges)
{
    auto res = executor.map([](int a, int b) { return a + b; }, std::views::iota(0), std::views::iota(0),
                            cf::map_options{.buffersize = 2});
    auto it = res.begin();
    BOOST_TEST(*it == 0);
    ++it;
    BOOST_TEST(*it == 2);
    ++it;
    BOOST_TEST(*it == 4);
}

BOOST_AUTO_TEST_CASE(empty_range)
{
    auto res = executor.map([](int x) { return x; }, std::vector<int>{}, cf::map_options{.buffersize = 2});
    BOOST_TEST((res.begin() == res.end()));
}

BOOST_AUTO_TEST_CASE(reads_only_buffersize_items_ahead)
{
    int reads = 0;
    counting_input input{4, &reads};
    auto res = executor.map([](int x) { return x; }, input, cf::map_options{.buffersize = 2});
    executor.shutdown(true);
    BOOST_TEST(reads == 2);
}

BOOST_AUTO_TEST_CASE(rvalue_range_is_kept_alive)
{
    auto res = executor.map([](const std::string& s) { return s.size(); }, std::vector<std::string>{"a", "bb", "ccc"},
                            cf::map_options{.buffersize = 1});
    BOOST_TEST((res.to_vector() == std::vector<std::size_t>{1, 2, 3}));
}

BOOST_AUTO_TEST_CASE(submitting_after_shutdown_surfaces)
{
    auto res = executor.map([](int x) { return x; }, std::views::iota(0), cf::map_options{.buffersize = 1});
    executor.shutdown(false);
    BOOST_CHECK_THROW(res.to_vector(), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
