//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// First steps with a thread pool, as Python's concurrent.futures introductions
// take them: submit and result, map, as_completed, done(), and exceptions.
// Python's time.sleep(n) seconds become n tenths of a second here.

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

namespace {

void sleep_tenths(int n)
{
    std::this_thread::sleep_for(n * 100ms);
}

// Example 1: with ThreadPoolExecutor(max_workers=3) as executor: ...
void submit_and_collect_in_order()
{
    std::cout << "-- submit five tasks, collect results in submission order\n";
    auto task = [](int n) {
        sleep_tenths(1);
        return n * n;
    };
    cf::thread_pool_executor executor(3);
    std::vector<cf::future<int>> futures;
    for (int i = 0; i < 5; ++i)
        futures.push_back(executor.submit(task, i));
    for (auto& f : futures)
        std::cout << f.result() << '\n';
}

// "with ThreadPoolExecutor(max_workers=3) as executor: future = executor.submit(task, 5)"
void single_result()
{
    std::cout << "-- one task\n";
    cf::thread_pool_executor executor(3);
    auto future = executor.submit([](int n) { return n * n; }, 5);
    std::cout << future.result() << '\n'; // 25
}

// executor.map(task, [1, 2, 3, 4, 5])
void map_in_order()
{
    std::cout << "-- map over a list\n";
    cf::thread_pool_executor executor(3);
    for (int result : executor.map([](int n) { return n * n; }, std::vector{1, 2, 3, 4, 5}))
        std::cout << result << '\n'; // the squares, in input order
}

// Example 3: as_completed(futures) yields each future as it finishes.
void as_completed_order()
{
    std::cout << "-- as_completed: shortest sleep first\n";
    auto delayed_square = [](int x) {
        sleep_tenths(x);
        return x * x;
    };
    cf::thread_pool_executor executor;
    std::vector<cf::future<int>> futures;
    for (int i = 0; i < 5; ++i)
        futures.push_back(executor.submit(delayed_square, i));
    for (auto& f : cf::as_completed(futures))
        std::cout << f.result() << '\n';
}

// future.done() before and after the task had time to finish.
void done_flag()
{
    std::cout << "-- done() while running, then after\n";
    cf::thread_pool_executor executor(1);
    auto future = executor.submit([] {
        sleep_tenths(1);
        return std::string("Task completed");
    });
    std::cout << std::boolalpha << future.done() << '\n'; // false: not yet
    std::this_thread::sleep_for(150ms);
    std::cout << future.done() << '\n';   // true
    std::cout << future.result() << '\n'; // Task completed
}

// Example 4: an exception in the task is re-raised by result().
void exceptions()
{
    std::cout << "-- exceptions travel to result()\n";
    auto faulty_task = [](int x) {
        if (x == 2)
            throw std::invalid_argument("Bad value");
        return x;
    };
    cf::thread_pool_executor executor;
    auto future = executor.submit(faulty_task, 2);
    try
    {
        std::cout << future.result() << '\n';
    }
    catch (const std::exception& e)
    {
        std::cout << "Caught: " << e.what() << '\n';
    }

    auto other = executor.submit([]() -> int { throw std::runtime_error("Task error"); });
    try
    {
        other.result();
    }
    catch (const std::exception& e)
    {
        std::cout << e.what() << '\n'; // Task error
    }
}

} // namespace

int main()
{
    submit_and_collect_in_order();
    single_result();
    map_in_order();
    as_completed_order();
    done_flag();
    exceptions();
}
