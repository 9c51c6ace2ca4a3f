//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Asio sections of the tutorial: completion tokens, the pool as an Asio
// executor, coroutines, and cancellation. One function per section; main runs
// them in order, and the test command compares the output with
// tutorial_asio.expected, which the tutorial shows next to the code.

#include <boost/concurrent_futures.hpp>

#include "held_task.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <exception>
#include <future>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

// Rethrows what a coroutine spawned with co_spawn ended with.
void rethrow(std::exception_ptr e)
{
    if (e)
        std::rethrow_exception(e);
}

// The message of an exception_ptr, for printing.
std::string what(std::exception_ptr e)
{
    try
    {
        if (e)
            std::rethrow_exception(e);
        return "no exception";
    }
    catch (const std::exception& error)
    {
        return error.what();
    }
}

// tag::tokens[]
void tokens()
{
    cf::thread_pool_executor pool(2);
    asio::io_context io;
    cf::future<int> f = pool.submit([] { return 42; });

    // A callback: the signature is (std::exception_ptr, T); it runs on its
    // associated executor, here the io_context, never inside async_get.
    f.async_get(asio::bind_executor(io, [](std::exception_ptr e, int v) {
        std::cout << "callback: " << (e ? "failed" : std::to_string(v)) << '\n';
    }));
    io.run();

    // std::future: get() rethrows the task's exception.
    std::future<int> sf = f.async_get(asio::use_future);
    std::cout << "use_future: " << sf.get() << '\n';

    // deferred (the default token): nothing happens until the operation is started.
    auto op = cf::async_submit(pool, [] { return std::string("submitted when started"); });
    std::cout << "deferred: " << std::move(op)(asio::use_future).get() << '\n';
}
// end::tokens[]

// tag::coroutine[]
asio::awaitable<void> coroutine(cf::thread_pool_executor& pool)
{
    // use_awaitable throws the task's exception in the coroutine...
    try
    {
        co_await cf::async_submit(
            pool, []() -> int { throw std::runtime_error("task failed"); }, asio::use_awaitable);
    }
    catch (const std::runtime_error& e)
    {
        std::cout << "caught: " << e.what() << '\n';
    }
    // ...as_tuple hands it over instead.
    auto f = pool.submit([] { return 6 * 7; });
    auto [e, v] = co_await f.async_get(asio::as_tuple(asio::use_awaitable));
    std::cout << "as_tuple: " << (e ? "failed" : "ok") << ", " << v << '\n';
}
// end::coroutine[]

// tag::pool_executor[]
asio::awaitable<std::string> on_the_pool()
{
    co_return "a coroutine on the pool's threads";
}

void pool_as_asio_executor()
{
    cf::thread_pool_executor pool(2);
    auto ex = pool.get_executor(); // an asio::thread_pool executor
    std::promise<void> posted;
    asio::post(ex, [&posted] { posted.set_value(); });
    posted.get_future().get();

    auto strand = asio::make_strand(ex); // handlers on a strand never run concurrently
    std::cout << asio::co_spawn(strand, on_the_pool(), asio::use_future).get() << '\n';
}
// end::pool_executor[]

// tag::cancel_with_timer[]
using namespace asio::experimental::awaitable_operators;

asio::awaitable<void> with_a_deadline(cf::future<void> f)
{
    asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
    // The first to complete wins; the other is cancelled (cancellation_type::terminal).
    auto winner = co_await (f.async_get(asio::use_awaitable) || timer.async_wait(asio::use_awaitable));
    if (winner.index() == 1)
        std::cout << "the timer won; the task is untouched: " << f.state() << '\n';
}
// end::cancel_with_timer[]

void deadline()
{
    cf::thread_pool_executor pool(1);
    held_task hold;
    auto f = pool.submit(hold);
    hold.started.result(5s);
    asio::io_context io;
    asio::co_spawn(io, with_a_deadline(f), rethrow);
    io.run();
    hold.release.set_result();
}

// tag::cancel_submit[]
void withdraw_a_queued_task()
{
    cf::thread_pool_executor pool(1);
    held_task hold;
    pool.submit(hold); // keeps the only worker busy

    asio::io_context io;
    asio::cancellation_signal signal;
    auto handler =
        asio::bind_executor(io, [](std::exception_ptr e) { std::cout << "async_submit: " << what(e) << '\n'; });
    cf::async_submit(
        pool, [] { std::cout << "never printed\n"; }, asio::bind_cancellation_slot(signal.slot(), handler));
    // total: async_submit withdraws the task it queued, which has not started.
    asio::post(io, [&signal] { signal.emit(asio::cancellation_type::total); });
    io.run();
    hold.release.set_result();
}
// end::cancel_submit[]

// tag::async_wait_timeout[]
asio::awaitable<void> wait_a_little(std::vector<cf::future<int>> futures)
{
    // Python's wait(fs, timeout=0.02): completes after 20 ms with the sets as they are.
    auto [done, not_done] = co_await cf::async_wait(futures, 20ms, cf::return_when::all_completed, asio::use_awaitable);
    std::cout << done.size() << " done, " << not_done.size() << " not done\n";
}
// end::async_wait_timeout[]

void waiting()
{
    cf::future<int> finished;
    finished.set_result(1);
    cf::future<int> never;
    asio::io_context io;
    asio::co_spawn(io, wait_a_little({finished, never}), rethrow);
    io.run();
}

int main()
{
    tokens();
    {
        cf::thread_pool_executor pool(2);
        asio::io_context io;
        asio::co_spawn(io, coroutine(pool), rethrow);
        io.run();
    }
    pool_as_asio_executor();
    deadline();
    withdraw_a_queued_task();
    waiting();
}
