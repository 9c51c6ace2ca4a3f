//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A tour of the concurrent.futures API, method by method:
// Executor.submit / map / shutdown, Future.cancel / done / result / exception /
// add_done_callback / set_running_or_notify_cancel / set_result /
// set_exception, the module functions wait and as_completed, and the
// exception classes.

#include <boost/concurrent_futures.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <chrono>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>

namespace cf = boost::concurrent_futures;
namespace mp = boost::multiprecision;
using namespace std::chrono_literals;

namespace {

// executor.submit(pow, 323, 1235): Python's integers are unbounded; so is cpp_int.
void submit_pow()
{
    std::cout << "-- submit(pow, 323, 1235)\n";
    cf::thread_pool_executor executor(1);
    auto future =
        executor.submit([](mp::cpp_int base, unsigned exp) { return mp::cpp_int(mp::pow(base, exp)); }, 323, 1235u);
    const std::string digits = future.result().str();
    std::cout << digits.substr(0, 40) << "... (" << digits.size() << " digits)\n";
}

// [executor.submit(lambda x: x**2, n) for n in range(1000)]
void squares()
{
    std::cout << "-- 1000 squares on 4 workers\n";
    cf::thread_pool_executor executor(4);
    std::vector<cf::future<long>> futures;
    for (long n = 0; n < 1000; ++n)
        futures.push_back(executor.submit([](long x) { return x * x; }, n));
    long total = 0;
    for (auto& f : futures)
        total += f.result();
    std::cout << "sum of squares 0..999 = " << total << '\n';
}

// executor.map(download_file, urls): I/O-bound work (simulated with a sleep).
void map_downloads()
{
    std::cout << "-- map(download_file, urls)\n";
    const std::vector<std::string> urls{"url1", "url2", "url3", "url4", "url5"};
    cf::thread_pool_executor executor(5);
    auto started = std::chrono::steady_clock::now();
    auto sizes = executor
                     .map(
                         [](const std::string& url) {
                             std::this_thread::sleep_for(100ms); // the network
                             return url.size() * 1000;
                         },
                         urls)
                     .to_vector();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << sizes.size() << " downloads in " << ms.count() << " ms (five 100 ms downloads, in parallel)\n";
}

// shutdown(wait=True), and what happens after it.
void shutdown()
{
    std::cout << "-- shutdown\n";
    cf::thread_pool_executor executor(4);
    for (int i = 0; i < 4; ++i)
        executor.submit([] { std::this_thread::sleep_for(20ms); });
    executor.shutdown(true);  // waits for the four tasks
    executor.shutdown(false); // idempotent
    try
    {
        executor.submit([] {});
    }
    catch (const std::runtime_error& e)
    {
        std::cout << "RuntimeError: " << e.what() << '\n';
    }
}

// cancel() succeeds only before the task starts.
void cancel_and_running()
{
    std::cout << "-- cancel() and running()\n";
    cf::thread_pool_executor executor(1);
    auto first = executor.submit([] { std::this_thread::sleep_for(100ms); });
    auto second = executor.submit([] { std::cout << "never printed\n"; });
    std::this_thread::sleep_for(20ms);
    std::cout << std::boolalpha << "first running: " << first.running() << ", cancel(): " << first.cancel() << '\n';
    std::cout << "second cancel(): " << second.cancel() << ", cancelled(): " << second.cancelled() << '\n';
}

// future.result(timeout=5) and future.exception(timeout=5).
void result_and_exception_with_timeout()
{
    std::cout << "-- result(timeout) and exception(timeout)\n";
    cf::thread_pool_executor executor(2);
    auto slow = executor.submit(
        [](int seconds_tenths) {
            std::this_thread::sleep_for(seconds_tenths * 100ms);
            return seconds_tenths * seconds_tenths;
        },
        3);
    try
    {
        std::cout << slow.result(100ms) << '\n';
    }
    catch (const cf::timeout_error&)
    {
        std::cout << "Timed out waiting for the result\n";
    }
    std::cout << "Result: " << slow.result(5s) << '\n';

    auto failing = executor.submit([]() -> int { throw std::runtime_error("something went wrong"); });
    if (auto e = failing.exception(5s))
    {
        try
        {
            std::rethrow_exception(e);
        }
        catch (const std::exception& ex)
        {
            std::cout << "An exception occurred: " << ex.what() << '\n';
        }
    }
}

// add_done_callback, set_result and set_exception on a future made by hand.
void callbacks_and_manual_futures()
{
    std::cout << "-- add_done_callback / set_result / set_exception\n";
    cf::future<int> future;
    future.add_done_callback([](const cf::future<int>& f) { std::cout << "callback sees " << f.result() << '\n'; });
    future.set_result(42);

    cf::future<std::string> greeting;
    greeting.set_result("Hello, world!");
    std::cout << greeting.result() << '\n';

    cf::future<int> failed;
    failed.set_exception(std::invalid_argument("Something went wrong"));
    try
    {
        failed.result();
    }
    catch (const std::exception& e)
    {
        std::cout << "An error occurred: " << e.what() << '\n';
    }
}

// set_running_or_notify_cancel is how an executor honours cancel(): a tiny
// executor that runs work on a thread of its own, written against the public API.
class one_thread_executor
{
public:
    template <class F>
    cf::future<std::invoke_result_t<F>> submit(F fn)
    {
        cf::future<std::invoke_result_t<F>> future;
        threads_.emplace_back([future, fn]() mutable {
            std::this_thread::sleep_for(20ms); // give the caller a chance to cancel
            if (!future.set_running_or_notify_cancel())
                return; // cancelled: never run
            try
            {
                future.set_result(fn());
            }
            catch (...)
            {
                future.set_exception(std::current_exception());
            }
        });
        return future;
    }
    ~one_thread_executor()
    {
        for (auto& t : threads_)
            t.join();
    }

private:
    std::vector<std::thread> threads_;
};

void custom_executor()
{
    std::cout << "-- a custom executor using set_running_or_notify_cancel\n";
    one_thread_executor executor;
    auto kept = executor.submit([] { return 1; });
    auto dropped = executor.submit([] { return 2; });
    dropped.cancel();
    auto [done, not_done] = cf::wait(std::vector{kept, dropped}, 5s);
    std::cout << "kept: " << kept.result() << ", dropped cancelled: " << std::boolalpha << dropped.cancelled()
              << ", both done for wait(): " << (done.size() == 2) << '\n';
}

// wait(futures, timeout=1) splits into done and not_done.
void wait_with_timeout()
{
    std::cout << "-- wait(futures, timeout)\n";
    cf::thread_pool_executor executor(2);
    std::vector<cf::future<int>> futures;
    for (int i = 0; i < 5; ++i)
        futures.push_back(executor.submit(
            [](int n) {
                std::this_thread::sleep_for(n * 100ms);
                return n * n;
            },
            i));
    auto [done, not_done] = cf::wait(futures, 250ms);
    std::cout << "Completed: " << done.size() << ", not completed: " << not_done.size() << '\n';
    auto all = cf::wait(futures, cf::return_when::all_completed);
    std::cout << "after waiting for all: " << all.done.size() << " done\n";
}

// CancelledError, TimeoutError, BrokenExecutor, InvalidStateError.
void exception_classes()
{
    std::cout << "-- the exception classes\n";
    cf::future<int> cancelled;
    cancelled.cancel();
    try
    {
        cancelled.result();
    }
    catch (const cf::cancelled_error&)
    {
        std::cout << "The future was cancelled.\n";
    }

    cf::thread_pool_executor one(1);
    auto sleeper = one.submit([] { std::this_thread::sleep_for(300ms); });
    try
    {
        sleeper.result(50ms);
    }
    catch (const cf::timeout_error&)
    {
        std::cout << "The task timed out.\n";
    }

    try
    {
        cf::thread_pool_executor zero(0);
    }
    catch (const std::invalid_argument& e)
    {
        std::cout << "ValueError: " << e.what() << '\n';
    }

    cf::set_log_handler([](cf::log_level, std::string_view) {}); // keep the demo's output tidy
    cf::thread_pool_executor broken(cf::thread_pool_options{
        .max_workers = 1, .initializer = [] { throw std::runtime_error("initializer failed"); }});
    auto doomed = broken.submit([] { return 0; });
    try
    {
        doomed.result(5s);
    }
    catch (const cf::broken_executor& e)
    {
        std::cout << "The executor is broken: " << e.what() << '\n';
    }
    cf::set_log_handler({});

    cf::future<int> finished;
    finished.set_result(1);
    try
    {
        finished.set_result(2);
    }
    catch (const cf::invalid_state_error& e)
    {
        std::cout << "InvalidStateError: " << e.what() << '\n';
    }
}

} // namespace

int main()
{
    submit_pow();
    squares();
    map_downloads();
    shutdown();
    cancel_and_running();
    result_and_exception_with_timeout();
    callbacks_and_manual_futures();
    custom_executor();
    wait_with_timeout();
    exception_classes();
}
