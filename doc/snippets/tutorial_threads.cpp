//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The thread-pool sections of the tutorial: submitting, futures and
// callbacks, cancelling, wait / as_completed / map, options and shutting
// down. One function per section; main runs them in order, and the test
// command compares the output with tutorial_threads.expected, which the
// tutorial shows next to the code.

#include <boost/concurrent_futures.hpp>

#include "held_task.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <ranges>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

// tag::submit[]
int add(int a, int b)
{
    return a + b;
}

void submitting()
{
    cf::thread_pool_executor pool(2);

    cf::future<int> sum = pool.submit(add, 2, 3); // a function and its arguments
    auto shout = pool.submit([](std::string s) { return s + "!"; }, "hello");
    auto owner = pool.submit([](std::unique_ptr<int> p) { return *p; }, std::make_unique<int>(42));

    std::cout << sum.result() << ' ' << shout.result() << ' ' << owner.result() << '\n';
}
// end::submit[]

// tag::exceptions[]
void exceptions()
{
    cf::thread_pool_executor pool(1);
    auto f = pool.submit([]() -> int { throw std::invalid_argument("bad value"); });
    try
    {
        f.result(); // rethrows the task's exception
    }
    catch (const std::invalid_argument& e)
    {
        std::cout << "result() rethrew: " << e.what() << '\n';
    }
    std::exception_ptr e = f.exception(); // or hands it over without throwing
    std::cout << "exception() is " << (e ? "set" : "null") << '\n';
}
// end::exceptions[]

// tag::timeouts[]
void timeouts()
{
    cf::thread_pool_executor pool(1);
    cf::future<void> gate; // a pending future, completed by hand: here, a latch
    auto f = pool.submit([gate] {
        gate.result();
        return 7;
    });
    try
    {
        f.result(10ms);
    }
    catch (const cf::timeout_error& e)
    {
        std::cout << "after 10 ms: " << e.what() << '\n';
    }
    gate.set_result();
    std::cout << "then: " << f.result(5s) << '\n';
}
// end::timeouts[]

// tag::callbacks[]
void callbacks()
{
    cf::thread_pool_executor pool(1);
    cf::future<void> gate;
    auto f = pool.submit([gate] {
        gate.result();
        return 6 * 7;
    });

    cf::future<std::string> message; // set by the second callback
    f.add_done_callback([](const cf::future<int>& done) { std::cout << "first callback: " << done.result() << '\n'; });
    f.add_done_callback([message](const cf::future<int>& done) mutable {
        message.set_result("second callback: " + std::to_string(done.result()));
    });
    gate.set_result(); // the task ends; its callbacks run on the worker thread, in order
    std::cout << message.result(5s) << '\n';

    f.add_done_callback([](const cf::future<int>&) { std::cout << "added when done: runs at once, here\n"; });
}
// end::callbacks[]

// tag::cancel[]
void cancelling()
{
    cf::thread_pool_executor pool(1);
    held_task hold;
    auto running = pool.submit(hold);
    auto queued = pool.submit([] { std::cout << "never printed\n"; });
    hold.started.result(5s);

    std::cout << std::boolalpha << "cancel the running task: " << running.cancel() << '\n';
    std::cout << "cancel the queued task: " << queued.cancel() << ", now " << queued.state() << '\n';
    hold.release.set_result();
    try
    {
        queued.result();
    }
    catch (const cf::cancelled_error& e)
    {
        std::cout << "its result(): " << e.what() << '\n';
    }
}
// end::cancel[]

// tag::wait[]
void waiting()
{
    cf::thread_pool_executor pool(2);
    cf::future<void> gate;
    auto quick = pool.submit([] { return 1; });
    auto slow = pool.submit([gate] {
        gate.result();
        return 2;
    });
    std::vector<cf::future<int>> both{quick, slow};

    auto [done, not_done] = cf::wait(both, cf::return_when::first_completed);
    std::cout << "first_completed: " << done.size() << " done, " << not_done.size() << " not done\n";
    auto later = cf::wait(both, 20ms); // a timeout returns what is done by then, without throwing
    std::cout << "all_completed, 20 ms: " << later.done.size() << " done\n";
    gate.set_result();
    std::cout << "all_completed: " << cf::wait(both).done.size() << " done\n";
}
// end::wait[]

// tag::any_future[]
void mixed_types()
{
    cf::thread_pool_executor pool(2);
    cf::future<int> number = pool.submit([] { return 42; });
    cf::future<std::string> word = pool.submit([] { return std::string("forty-two"); });

    auto [done, not_done] = cf::wait({number, word}); // cf::any_future holds either
    for (const cf::any_future& f : done)
        if (f.holds<std::string>())
            std::cout << "the string: " << f.as<std::string>().result() << '\n';
}
// end::any_future[]

// tag::as_completed[]
void completion_order()
{
    cf::thread_pool_executor pool(3);
    cf::future<void> go;
    auto c = pool.submit([go] {
        go.result();
        return 'c';
    });
    auto b = pool.submit([c] {
        c.result(); // finishes after c
        return 'b';
    });
    auto a = pool.submit([b] {
        b.result(); // finishes after b
        return 'a';
    });

    auto in_completion_order = cf::as_completed(std::vector{a, b, c}, 5s);
    go.set_result();
    for (auto& f : in_completion_order)
        std::cout << f.result();
    std::cout << '\n';

    cf::future<int> finished;
    finished.set_result(1);
    cf::future<int> never; // nobody completes it
    try
    {
        for (auto& f : cf::as_completed(std::vector{never, finished}, 10ms))
            std::cout << "yielded " << f.result() << '\n';
    }
    catch (const cf::timeout_error& e)
    {
        std::cout << e.what() << '\n';
    }
}
// end::as_completed[]

// tag::map[]
void mapping()
{
    cf::thread_pool_executor pool(4);
    std::vector<int> numbers{1, 2, 3, 4};
    std::vector<std::string> names{"one", "two", "three"};

    // Like zip: the shortest range ends it. Results come in input order.
    for (const std::string& s :
         pool.map([](int n, const std::string& name) { return name + " = " + std::to_string(n); }, numbers, names))
        std::cout << s << '\n';

    auto checked = pool.map(
        [](int n) {
            if (n == 3)
                throw std::domain_error("three is not allowed");
            return n;
        },
        numbers);
    try
    {
        for (int n : checked)
            std::cout << n << '\n';
    }
    catch (const std::domain_error& e)
    {
        std::cout << "map rethrew: " << e.what() << '\n';
    }
}
// end::map[]

// tag::map_endless[]
void endless_input()
{
    cf::thread_pool_executor pool(2);
    int total = 0;
    // buffersize: at most 8 tasks ahead of the reader, so an endless range works.
    for (int square : pool.map([](int n) { return n * n; }, std::views::iota(1), cf::map_options{.buffersize = 8}))
    {
        if (square > 100)
            break; // leaving the loop destroys the range, which cancels what it submitted ahead
        total += square;
    }
    std::cout << "sum of the squares up to 100: " << total << '\n';
}
// end::map_endless[]

std::string current_thread_name()
{
    char name[16] = {};
    ::pthread_getname_np(::pthread_self(), name, sizeof name);
    return name;
}

// tag::options[]
void options()
{
    std::atomic<int> initialized{0};
    cf::thread_pool_executor pool(cf::thread_pool_options{
        .max_workers = 2,
        .thread_name_prefix = "render",
        .initializer = [&initialized] { ++initialized; }, // runs first in every worker thread
    });
    std::cout << "ran on " << pool.submit(current_thread_name).result() << ", " << initialized
              << " thread(s) started\n";

    cf::thread_pool_executor broken(cf::thread_pool_options{.initializer = [] { throw std::runtime_error("no GPU"); }});
    try
    {
        broken.submit([] { return 1; }).result(5s);
    }
    catch (const cf::broken_thread_pool& e)
    {
        std::cout << e.what() << '\n';
    }
}
// end::options[]

// tag::log_handler[]
void logging()
{
    auto previous = cf::set_log_handler([](cf::log_level level, std::string_view message) {
        std::cout << "log " << cf::to_string(level) << ": " << message << '\n';
    });
    cf::future<int> f;
    f.add_done_callback([](const cf::future<int>&) { throw std::runtime_error("callback failed"); });
    f.add_done_callback([](const cf::future<int>& done) { std::cout << "next callback: " << done.result() << '\n'; });
    f.set_result(1);
    cf::set_log_handler(previous); // back to the default: one line on stderr
}
// end::log_handler[]

// tag::shutdown[]
void shutting_down()
{
    cf::thread_pool_executor pool(1);
    held_task hold;
    auto running = pool.submit(hold);
    auto queued = pool.submit([] { return 2; });
    hold.started.result(5s);

    pool.shutdown(/*wait=*/false, /*cancel_futures=*/true); // no new work; what has not started is cancelled
    try
    {
        pool.submit([] { return 3; });
    }
    catch (const std::runtime_error& e)
    {
        std::cout << "submit: " << e.what() << '\n';
    }
    hold.release.set_result();
    pool.shutdown(); // idempotent; wait=true waits for the running task and the threads
    std::cout << std::boolalpha << "running task done: " << running.done()
              << ", queued cancelled: " << queued.cancelled() << '\n';
}
// end::shutdown[]

int main()
{
    submitting();
    exceptions();
    timeouts();
    callbacks();
    cancelling();
    waiting();
    mixed_types();
    completion_order();
    mapping();
    endless_input();
    options();
    logging();
    shutting_down();
}
