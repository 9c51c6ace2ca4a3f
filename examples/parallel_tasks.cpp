//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Launching parallel tasks on a thread pool with Python's idiom: a map from
// each future to its input, consumed with as_completed.
// Python's time.sleep(n) seconds become n tenths of a second here.

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <ranges>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

namespace {

// Whole lines only: workers print concurrently.
void say(const std::string& line)
{
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    std::cout << line << '\n';
}

std::string str(auto&&... parts)
{
    std::ostringstream os;
    (os << ... << parts);
    return os.str();
}

// 1. Using ThreadPoolExecutor: squares, reported by input number.
void example_1()
{
    auto worker = [](int number) {
        say(str("Worker ", number, " starting"));
        int result = number * number;
        say(str("Worker ", number, " finished, result: ", result));
        return result;
    };
    cf::thread_pool_executor executor(3);
    std::unordered_map<cf::future<int>, int> future_to_number;
    for (int i = 0; i < 10; ++i)
        future_to_number.emplace(executor.submit(worker, i), i);

    // as_completed takes any range of futures: here, the map's keys.
    for (auto& future : cf::as_completed(std::views::keys(future_to_number)))
    {
        const int number = future_to_number.at(future);
        try
        {
            say(str("Worker ", number, " completed with result: ", future.result()));
        }
        catch (const std::exception& exc)
        {
            say(str("Worker ", number, " generated an exception: ", exc.what()));
        }
    }
}

// 3. I/O-bound: each worker sleeps for its number.
void example_3()
{
    auto worker = [](int number) {
        say(str("Worker ", number, " starting"));
        std::this_thread::sleep_for(number * 100ms);
        say(str("Worker ", number, " finished"));
    };
    cf::thread_pool_executor executor(3);
    std::unordered_map<cf::future<void>, int> future_to_number;
    std::vector<cf::future<void>> futures;
    for (int i = 0; i < 10; ++i)
    {
        futures.push_back(executor.submit(worker, i));
        future_to_number.emplace(futures.back(), i);
    }
    for (auto& future : cf::as_completed(futures))
    {
        try
        {
            future.result();
            say(str("Worker ", future_to_number.at(future), " completed"));
        }
        catch (const std::exception& exc)
        {
            say(str("Worker ", future_to_number.at(future), " generated an exception: ", exc.what()));
        }
    }
}

// 5. Future objects in a list, results as they complete.
void example_5()
{
    auto worker = [](int number) {
        say(str("Worker ", number, " starting"));
        std::this_thread::sleep_for(number * 100ms);
        int result = number * number;
        say(str("Worker ", number, " finished, result: ", result));
        return result;
    };
    cf::thread_pool_executor executor(3);
    std::vector<cf::future<int>> future_list;
    for (int i = 0; i < 10; ++i)
        future_list.push_back(executor.submit(worker, i));
    for (auto& future : cf::as_completed(future_list))
    {
        try
        {
            say(str("Worker completed with result: ", future.result()));
        }
        catch (const std::exception& exc)
        {
            say(str("Worker finished with an exception: ", exc.what()));
        }
    }
}

} // namespace

int main()
{
    std::cout << "-- 1. ThreadPoolExecutor\n";
    example_1();
    std::cout << "-- 3. ThreadPoolExecutor for I/O-bound tasks\n";
    example_3();
    std::cout << "-- 5. ThreadPoolExecutor and Future objects\n";
    example_5();
}
