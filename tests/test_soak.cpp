//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Soak, bounded by count: a million thread-pool tasks and two hundred
// thousand process-pool tasks from several submitting threads at once. Every
// result is summed and every completion counted by a callback, so a lost,
// duplicated or corrupted task shows.

#define BOOST_TEST_MODULE soak
#include "process_test_support.hpp"

#include <thread>
#include <vector>

namespace pf = process_functions;
using namespace test_support;

namespace {

// What each submitting thread checks, and the callbacks count.
struct tally
{
    std::atomic<long long> sum{0};
    std::atomic<long long> callbacks{0};
};

// `submitters` threads each submit `per_thread` tasks computing 2 * i, in
// windows of `window` futures (so memory stays flat), and sum the results.
template <class Submit>
void soak(std::size_t submitters, std::size_t per_thread, std::size_t window, Submit submit, tally& t)
{
    std::vector<std::thread> threads;
    for (std::size_t s = 0; s < submitters; ++s)
        threads.emplace_back([&, s] {
            std::vector<cf::future<int>> fs;
            fs.reserve(window);
            const std::size_t first = s * per_thread;
            for (std::size_t i = 0; i < per_thread; i += window)
            {
                const std::size_t n = std::min(window, per_thread - i);
                for (std::size_t k = 0; k < n; ++k)
                {
                    fs.push_back(submit(static_cast<int>(first + i + k)));
                    fs.back().add_done_callback([&t](const cf::future<int>&) { ++t.callbacks; });
                }
                long long sum = 0;
                for (auto& f : fs)
                    sum += f.result(long_timeout);
                t.sum += sum;
                fs.clear();
            }
        });
    for (auto& th : threads)
        th.join();
}

long long expected_sum(std::size_t n)
{
    // sum of 2 * i for i < n
    return static_cast<long long>(n) * static_cast<long long>(n - 1);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_million_thread_pool_tasks)
{
    constexpr std::size_t submitters = 4;
    constexpr std::size_t per_thread = 250000;
    tally t;
    {
        cf::thread_pool_executor pool(2);
        soak(
            submitters, per_thread, 10000, [&](int i) { return pool.submit([i] { return 2 * i; }); }, t);
    }
    BOOST_TEST(t.sum.load() == expected_sum(submitters * per_thread));
    BOOST_TEST(eventually([&] { return t.callbacks.load() == static_cast<long long>(submitters * per_thread); }));
}

BOOST_AUTO_TEST_CASE(two_hundred_thousand_process_pool_tasks)
{
    constexpr std::size_t submitters = 4;
    constexpr std::size_t per_thread = 50000;
    resource_check resources;
    tally t;
    {
        cf::process_pool_executor pool(2);
        soak(
            submitters, per_thread, 5000, [&](int i) { return pool.submit(pf::mul, i, 2); }, t);
        BOOST_TEST(!pool.broken());
    }
    BOOST_TEST(t.sum.load() == expected_sum(submitters * per_thread));
    BOOST_TEST(eventually([&] { return t.callbacks.load() == static_cast<long long>(submitters * per_thread); }));
    resources.verify();
}

// Worker recycling under soak: every worker serves a bounded number of tasks
// and is replaced, thousands of times over, without losing one.
BOOST_AUTO_TEST_CASE(process_pool_tasks_with_worker_recycling)
{
    constexpr std::size_t submitters = 2;
    constexpr std::size_t per_thread = 10000;
    resource_check resources;
    tally t;
    {
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 2, .max_tasks_per_child = 50});
        soak(
            submitters, per_thread, 1000, [&](int i) { return pool.submit(pf::mul, i, 2); }, t);
    }
    BOOST_TEST(t.sum.load() == expected_sum(submitters * per_thread));
    BOOST_TEST(eventually([&] { return t.callbacks.load() == static_cast<long long>(submitters * per_thread); }));
    resources.verify();
}

BOOST_CONCURRENT_FUTURES_TEST_MAIN()
