//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The two classic ThreadPoolExecutor deadlocks (tasks waiting on each other,
// a task waiting on its own pool), each shown the safe way. Nothing here can hang: every wait that could is bounded.

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <iostream>
#include <optional>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

namespace {

// Pitfall 1: two tasks that each wait for the other's result.
//
//     a = executor.submit(wait_on_b)   # wait_on_b does b.result()
//     b = executor.submit(wait_on_a)   # wait_on_a does a.result()
//
// Neither can finish first. With a timeout the cycle shows up as an error
// instead of a hang; the real fix is to give each task what it needs.
void mutual_wait()
{
    std::cout << "-- mutual wait, bounded: the cycle becomes a timeout_error\n";
    cf::thread_pool_executor executor(2);
    // Each task publishes its result here, after reading the other's.
    cf::future<int> a_result;
    cf::future<int> b_result;
    auto wait_on = [](const char* name, cf::future<int> other, cf::future<int> mine, int value) {
        try
        {
            mine.set_result(other.result(300ms) + value);
        }
        catch (const cf::timeout_error&)
        {
            std::cout << name << ": the other task never finished (it is waiting for me)\n";
            mine.set_exception(std::current_exception());
        }
    };
    auto a = executor.submit(wait_on, "wait_on_b", b_result, a_result, 5);
    auto b = executor.submit(wait_on, "wait_on_a", a_result, b_result, 6);
    a.result();
    b.result();

    std::cout << "-- mutual wait, fixed: pass values, not a cycle of futures\n";
    auto fixed_a = executor.submit([] { return 5; });
    auto fixed_b = executor.submit([fixed_a] { return fixed_a.result(5s) + 1; }); // b depends on a only
    std::cout << "a = " << fixed_a.result() << ", b = " << fixed_b.result() << '\n';
}

// Pitfall 2: a task that waits for a future which can only run on the worker
// it occupies.
//
//     executor = ThreadPoolExecutor(max_workers=1)
//     def wait_on_future():
//         f = executor.submit(pow, 5, 2)
//         print(f.result())      # the only worker is busy running us
//     executor.submit(wait_on_future)
void waiting_on_own_pool()
{
    std::cout << "-- waiting inside a one-worker pool, bounded\n";
    cf::thread_pool_executor executor(1);
    auto outer = executor.submit([&executor] {
        auto f = executor.submit([] { return 5 * 5; });
        try
        {
            return f.result(300ms);
        }
        catch (const cf::timeout_error&)
        {
            std::cout << "the inner task cannot start while this one holds the only worker\n";
            return -1;
        }
    });
    const int returned = outer.result();
    std::cout << "outer returned " << returned << '\n';

    std::cout << "-- fixed: chain with a callback instead of blocking a worker\n";
    cf::future<int> printed; // completed by the callback
    auto f = executor.submit([] { return 5 * 5; });
    f.add_done_callback([printed](const cf::future<int>& done) mutable { printed.set_result(done.result()); });
    std::cout << "pow(5, 2) = " << printed.result(5s) << '\n';

    std::cout << "-- fixed: submit from outside, or use a second pool for the inner work\n";
    cf::thread_pool_executor inner_pool(1);
    auto outer2 = executor.submit([&inner_pool] { return inner_pool.submit([] { return 5 * 5; }).result(5s); });
    const int returned2 = outer2.result();
    std::cout << "outer returned " << returned2 << '\n';
}

} // namespace

int main()
{
    mutual_wait();
    waiting_on_own_pool();
}
