//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Allocation budget of the hot path: submitting a small task costs one
// allocation (the task, which also holds Asio's queue operation), waiting and
// adding waiters cost none. Counted by replacing the global operator new.

#define BOOST_TEST_MODULE allocations
#include "test_support.hpp"

#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
std::atomic<bool> counting{false};
} // namespace

void* operator new(std::size_t n)
{
    if (counting.load(std::memory_order_relaxed))
        allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}

void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

using namespace test_support;

namespace {

struct counter
{
    counter()
    {
        allocations = 0;
        counting = true;
    }
    ~counter() { counting = false; }
    long value() const { return allocations.load(); }
};

} // namespace

BOOST_AUTO_TEST_CASE(one_allocation_per_submitted_task)
{
    cf::thread_pool_executor executor(2);
    // Warm up: threads, Asio's per-thread state.
    for (int i = 0; i < 100; ++i)
        executor.submit([] { return 1; }).result(long_timeout);

    constexpr int n = 10000;
    std::vector<cf::future<int>> fs;
    fs.reserve(n);
    long used = 0;
    {
        counter c;
        for (int i = 0; i < n; ++i)
            fs.push_back(executor.submit([i] { return i; }));
        for (auto& f : fs)
            (void)f.result(long_timeout);
        used = c.value();
    }
    BOOST_TEST_MESSAGE("allocations for " << n << " tasks: " << used);
    // One per task; blocked waits allocate nothing.
    BOOST_TEST(used <= n + 16);
}

BOOST_AUTO_TEST_CASE(waiting_allocates_nothing)
{
    cf::future<int> f;
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(20ms);
        f.set_result(1);
    });
    long used = 0;
    {
        counter c;
        (void)f.result(long_timeout);
        used = c.value();
    }
    t.join();
    BOOST_TEST(used == 0);
}
