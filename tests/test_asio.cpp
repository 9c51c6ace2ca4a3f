//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Asio integration: future::async_get, async_submit, async_wait and
// async_as_completed with every kind of completion token, handler executors
// and allocators, per-operation cancellation, and context shutdown.

#define BOOST_TEST_MODULE asio
#include "asio_test_support.hpp"

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <future>
#include <semaphore>

using namespace test_support;

namespace {

// What a cancellation test observes of one completion.
struct observed_completion
{
    bool called = false;
    std::exception_ptr error;
    int value = 0;

    // A handler on `io`, bound to `signal`'s slot, that records its call.
    auto handler(asio::io_context& io, asio::cancellation_signal& signal)
    {
        return asio::bind_cancellation_slot(signal.slot(), asio::bind_executor(io, [this](std::exception_ptr e, int v) {
                                                called = true;
                                                error = e;
                                                value = v;
                                            }));
    }
};

// A one-thread pool whose worker is held until `gate` opens: what is submitted
// next stays queued. Opens the gate and joins the pool when destroyed.
struct blocked_pool
{
    event gate;
    cf::thread_pool_executor pool{1};
    join_on_exit guard{pool, {&gate}};

    blocked_pool()
    {
        pool.submit([this] { gate.wait(); });
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(async_get)

BOOST_AUTO_TEST_CASE(use_future_success_exception_and_cancelled)
{
    cf::thread_pool_executor pool(2);
    auto ok = pool.submit([] { return 42; }).async_get(asio::use_future);
    BOOST_TEST(get_bounded(ok) == 42);

    auto failing = pool.submit([]() -> int { throw std::domain_error("bad"); }).async_get(asio::use_future);
    BOOST_CHECK_THROW(get_bounded(failing), std::domain_error);

    cf::future<std::string> cancelled;
    cancelled.cancel();
    auto c = cancelled.async_get(asio::use_future);
    BOOST_CHECK_THROW(get_bounded(c), cf::cancelled_error);

    cf::future<void> v;
    auto vf = v.async_get(asio::use_future);
    v.set_result();
    BOOST_REQUIRE(vf.wait_for(long_timeout) == std::future_status::ready);
    vf.get();
}

BOOST_AUTO_TEST_CASE(use_awaitable_in_a_users_io_context)
{
    asio::io_context io;
    cf::thread_pool_executor pool(2);
    auto result = asio::co_spawn(
        io,
        [&]() -> asio::awaitable<int> {
            int a = co_await pool.submit([] { return 20; }).async_get(asio::use_awaitable);
            int b = 0;
            try
            {
                b = co_await pool.submit([]() -> int { throw std::runtime_error("in task"); })
                        .async_get(asio::use_awaitable);
            }
            catch (const std::runtime_error& e)
            {
                b = std::string(e.what()) == "in task" ? 22 : -1;
            }
            co_return a + b;
        },
        asio::use_future);
    std::thread runner([&] { io.run(); });
    BOOST_TEST(get_bounded(result) == 42);
    runner.join();
}

BOOST_AUTO_TEST_CASE(a_future_captured_by_value_is_awaitable)
{
    // A lambda's copies are const unless it is mutable: waiting must not need
    // a mutable handle (Python's futures are plain references).
    asio::io_context io;
    cf::thread_pool_executor pool(1);
    const auto f = pool.submit([] { return std::string("co"); });
    auto result = asio::co_spawn(
        io, [f]() -> asio::awaitable<std::string> { co_return co_await f.async_get(asio::use_awaitable); },
        asio::use_future);
    std::thread runner([&] { io.run(); });
    BOOST_TEST(get_bounded(result) == "co");
    runner.join();
}

BOOST_AUTO_TEST_CASE(deferred_and_as_tuple)
{
    cf::thread_pool_executor pool(1);
    auto f = pool.submit([] { return std::string("deferred"); });
    auto op = f.async_get(asio::deferred); // nothing happens yet
    std::promise<std::string> got;
    std::move(op)([&](std::exception_ptr e, std::string s) { got.set_value(e ? "error" : s); });
    auto g = got.get_future();
    BOOST_TEST(get_bounded(g) == "deferred");

    auto default_token = f.async_get(); // asio::deferred by default
    std::promise<std::string> got2;
    std::move(default_token)([&](std::exception_ptr, std::string s) { got2.set_value(s); });
    auto g2 = got2.get_future();
    BOOST_TEST(get_bounded(g2) == "deferred");

    asio::io_context io;
    std::exception_ptr error;
    int value = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto failing = pool.submit([]() -> int { throw std::logic_error("x"); });
            std::tie(error, value) = co_await failing.async_get(asio::experimental::as_tuple(asio::use_awaitable));
        },
        asio::detached);
    BOOST_TEST(run_until(io, [&] { return static_cast<bool>(error); }));
    BOOST_CHECK_THROW(std::rethrow_exception(error), std::logic_error);
}

BOOST_AUTO_TEST_CASE(never_invoked_inside_the_initiating_call)
{
    // Already done, and this thread is inside the handler's context: still
    // posted, not run within async_get().
    asio::io_context io;
    cf::future<int> done;
    done.set_result(1);
    bool called = false;
    bool returned = false;
    asio::post(io, [&] {
        done.async_get(asio::bind_executor(io, [&](std::exception_ptr, int) { called = true; }));
        returned = !called;
    });
    BOOST_TEST(run_until(io, [&] { return called; }));
    BOOST_TEST(returned);
}

BOOST_AUTO_TEST_CASE(handler_runs_on_its_executor_not_on_the_pool)
{
    asio::io_context io;
    cf::thread_pool_executor pool(cf::thread_pool_options{.max_workers = 1, .thread_name_prefix = "asio_t"});
    // The name may be empty (Windows' main thread has none): ran says it ran.
    std::string ran_on;
    bool ran = false;
    bool in_io = false;
    pool.submit([] {
            std::this_thread::sleep_for(10ms);
            return 1;
        })
        .async_get(asio::bind_executor(io, [&](std::exception_ptr, int) {
            ran_on = current_thread_name();
            in_io = io.get_executor().running_in_this_thread();
            ran = true;
        }));
    BOOST_TEST(run_until(io, [&] { return ran; }));
    BOOST_TEST(in_io);
    BOOST_TEST(ran_on.rfind("asio_t", 0) != 0u);

    // Bound to a strand of the pool itself: runs there.
    auto strand = asio::make_strand(pool.get_executor());
    std::promise<bool> on_strand;
    pool.submit([] { return 2; }).async_get(asio::bind_executor(strand, [&](std::exception_ptr, int) {
        on_strand.set_value(strand.running_in_this_thread());
    }));
    auto s = on_strand.get_future();
    BOOST_TEST(get_bounded(s));
}

BOOST_AUTO_TEST_CASE(keeps_the_io_context_running_while_waiting)
{
    asio::io_context io;
    cf::future<int> f;
    int value = 0;
    f.async_get(asio::bind_executor(io, [&](std::exception_ptr, int v) { value = v; }));
    std::thread completer([f]() mutable {
        std::this_thread::sleep_for(50ms);
        f.set_result(7);
    });
    io.run(); // returns only once the handler ran: the wait counts as work
    completer.join();
    BOOST_TEST(value == 7);
}

BOOST_AUTO_TEST_CASE(waiting_does_not_block_the_io_thread)
{
    asio::io_context io;
    cf::thread_pool_executor pool(1);
    event release;
    join_on_exit guard{pool, {&release}};
    auto slow = pool.submit([&] {
        release.wait();
        return 1;
    });
    int ticks = 0;
    bool got = false;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { got = co_await slow.async_get(asio::use_awaitable) == 1; },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer timer(io);
            for (int i = 0; i < 5; ++i)
            {
                timer.expires_after(5ms);
                co_await timer.async_wait(asio::use_awaitable);
                ++ticks;
            }
            release.set();
        },
        asio::detached);
    BOOST_TEST(run_until(io, [&] { return got; }));
    BOOST_TEST(ticks == 5); // the timer kept ticking while the coroutine waited
}

BOOST_AUTO_TEST_CASE(associated_allocator_is_used)
{
    counting_allocator_state counts;
    cf::future<int> f;
    std::promise<int> got;
    f.async_get(
        asio::bind_allocator(counting_allocator<void>(&counts), [&](std::exception_ptr, int v) { got.set_value(v); }));
    BOOST_TEST(counts.allocations.load() >= 1);
    f.set_result(3);
    auto g = got.get_future();
    BOOST_TEST(get_bounded(g) == 3);
    BOOST_TEST(eventually([&] { return counts.allocations.load() == counts.deallocations.load(); }));

    // The operations on many futures too.
    counting_allocator_state wait_counts;
    cf::future<int> pending;
    std::promise<std::size_t> waited;
    cf::async_wait(std::vector{pending}, cf::return_when::all_completed,
                   asio::bind_allocator(counting_allocator<void>(&wait_counts),
                                        [&](std::exception_ptr, cf::wait_result<cf::future<int>> r) {
                                            waited.set_value(r.done.size());
                                        }));
    BOOST_TEST(wait_counts.allocations.load() >= 1);

    counting_allocator_state next_counts;
    auto stream = cf::async_as_completed(std::vector{pending});
    std::promise<bool> streamed;
    stream.async_next(asio::bind_allocator(counting_allocator<void>(&next_counts),
                                           [&](std::exception_ptr, std::optional<cf::future<int>> next) {
                                               streamed.set_value(next.has_value());
                                           }));
    BOOST_TEST(next_counts.allocations.load() >= 1);

    pending.set_result(1);
    auto w = waited.get_future();
    BOOST_TEST(get_bounded(w) == 1u);
    auto n = streamed.get_future();
    BOOST_TEST(get_bounded(n));
    BOOST_TEST(eventually([&] { return wait_counts.allocations.load() == wait_counts.deallocations.load(); }));
    BOOST_TEST(eventually([&] { return next_counts.allocations.load() == next_counts.deallocations.load(); }));
}

BOOST_AUTO_TEST_CASE(many_waiters_on_one_future)
{
    asio::io_context io;
    cf::future<int> f;
    int completed = 0;
    for (int i = 0; i < 200; ++i)
        f.async_get(asio::bind_executor(io, [&](std::exception_ptr e, int v) { completed += (!e && v == 5); }));
    std::thread t([f]() mutable { f.set_result(5); });
    BOOST_TEST(run_until(io, [&] { return completed == 200; }));
    t.join();
}

BOOST_AUTO_TEST_CASE(context_destroyed_with_a_wait_pending)
{
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> weak = token;
    cf::future<int> f;
    {
        asio::io_context io;
        f.async_get(asio::bind_executor(io, [token](std::exception_ptr, int) { BOOST_FAIL("must not run"); }));
        token.reset();
        BOOST_TEST(!weak.expired());
    }
    // Shutting the context down destroyed the pending operation and its handler.
    BOOST_TEST(weak.expired());
    f.set_result(1); // completes into nothing
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cancellation)

BOOST_AUTO_TEST_CASE(terminal_and_partial_end_the_wait_only)
{
    for (auto type : {asio::cancellation_type::terminal, asio::cancellation_type::partial})
    {
        asio::io_context io;
        cf::future<int> f;
        asio::cancellation_signal signal;
        std::exception_ptr error;
        bool called = false;
        f.async_get(asio::bind_cancellation_slot(signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int) {
                                                     called = true;
                                                     error = e;
                                                 })));
        asio::post(io, [&] { signal.emit(type); });
        BOOST_TEST(run_until(io, [&] { return called; }));
        BOOST_TEST(is_operation_aborted(error));
        BOOST_TEST((f.state() == cf::future_state::pending)); // the future itself is untouched
    }
}

BOOST_AUTO_TEST_CASE(total_ends_the_wait_and_leaves_a_queued_task_alone)
{
    // Someone else's task: cancelling it would be a side effect, which total
    // cancellation must not have. The wait ends; the task runs later.
    asio::io_context io;
    std::atomic<bool> ran{false};
    blocked_pool blocked;
    auto queued = blocked.pool.submit([&] {
        ran = true;
        return 1;
    });
    asio::cancellation_signal signal;
    observed_completion seen;
    queued.async_get(seen.handler(io, signal));
    asio::post(io, [&] { signal.emit(asio::cancellation_type::total); });
    BOOST_TEST(run_until(io, [&] { return seen.called; }));
    BOOST_TEST(is_operation_aborted(seen.error));
    BOOST_TEST(!queued.cancelled());
    blocked.gate.set();
    BOOST_TEST(queued.result(long_timeout) == 1);
    BOOST_TEST(ran.load());
}

BOOST_AUTO_TEST_CASE(total_while_running_cannot_stop_the_task)
{
    asio::io_context io;
    event started;
    event gate;
    cf::thread_pool_executor pool(1);
    join_on_exit guard{pool, {&gate}};
    auto running = pool.submit([&] {
        started.set();
        gate.wait();
        return 3;
    });
    BOOST_TEST(started.wait());
    asio::cancellation_signal signal;
    bool called = false;
    std::exception_ptr error;
    running.async_get(
        asio::bind_cancellation_slot(signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int) {
                                         called = true;
                                         error = e;
                                     })));
    asio::post(io, [&] { signal.emit(asio::cancellation_type::total); });
    BOOST_TEST(run_until(io, [&] { return called; }));
    BOOST_TEST(is_operation_aborted(error));
    gate.set();
    BOOST_TEST(running.result(long_timeout) == 3);
}

BOOST_AUTO_TEST_CASE(after_completion_is_harmless)
{
    asio::io_context io;
    cf::future<int> f;
    f.set_result(9);
    asio::cancellation_signal signal;
    int value = 0;
    f.async_get(asio::bind_cancellation_slot(signal.slot(),
                                             asio::bind_executor(io, [&](std::exception_ptr, int v) { value = v; })));
    BOOST_TEST(run_until(io, [&] { return value == 9; }));
    signal.emit(asio::cancellation_type::terminal); // nothing is listening any more
    BOOST_TEST(value == 9);
}

BOOST_AUTO_TEST_CASE(awaitable_operators_cancel_the_loser)
{
    using namespace asio::experimental::awaitable_operators;
    asio::io_context io;
    cf::future<int> never;
    std::optional<std::size_t> winner;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer timer(io, 20ms);
            auto r = co_await (never.async_get(asio::use_awaitable) || timer.async_wait(asio::use_awaitable));
            winner = r.index();
        },
        asio::detached);
    BOOST_TEST(run_until(io, [&] { return winner.has_value(); }));
    BOOST_TEST(*winner == 1u); // the timer won; the wait was cancelled, not the future
    BOOST_TEST((never.state() == cf::future_state::pending));
}

BOOST_AUTO_TEST_CASE(parallel_group_race_leaves_the_future_alone)
{
    // wait_for_one() cancels the losers with cancellation_type::all: the
    // timer winning must not cancel the user's queued task.
    asio::io_context io;
    blocked_pool blocked;
    auto queued = blocked.pool.submit([] { return 5; });
    asio::steady_timer timer(io, 10ms);
    std::optional<std::array<std::size_t, 2>> order;
    std::exception_ptr wait_error;
    asio::experimental::make_parallel_group(queued.async_get(asio::deferred), timer.async_wait(asio::deferred))
        .async_wait(asio::experimental::wait_for_one(),
                    asio::bind_executor(io, [&](std::array<std::size_t, 2> o, std::exception_ptr e, int,
                                                boost::system::error_code) {
                        order = o;
                        wait_error = e;
                    }));
    BOOST_TEST(run_until(io, [&] { return order.has_value(); }));
    BOOST_TEST((*order)[0] == 1u); // the timer won
    BOOST_TEST(is_operation_aborted(wait_error));
    BOOST_TEST((queued.state() == cf::future_state::pending));
    blocked.gate.set();
    BOOST_TEST(queued.result(long_timeout) == 5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(async_submit)

BOOST_AUTO_TEST_CASE(tokens_and_outcomes)
{
    cf::thread_pool_executor pool(2);
    auto f = cf::async_submit(
        pool, [] { return 6 * 7; }, asio::use_future);
    BOOST_TEST(get_bounded(f) == 42);
    auto v = cf::async_submit(
        pool, [] {}, asio::use_future);
    BOOST_REQUIRE(v.wait_for(long_timeout) == std::future_status::ready);
    v.get();
    auto e = cf::async_submit(
        pool, []() -> int { throw std::out_of_range("oops"); }, asio::use_future);
    BOOST_CHECK_THROW(get_bounded(e), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(deferred_submits_when_started)
{
    cf::thread_pool_executor pool(1);
    std::atomic<bool> ran{false};
    auto op = cf::async_submit(
        pool,
        [&] {
            ran = true;
            return 1;
        },
        asio::deferred);
    std::this_thread::sleep_for(20ms);
    BOOST_TEST(!ran.load());
    std::promise<int> got;
    std::move(op)([&](std::exception_ptr, int v) { got.set_value(v); });
    auto g = got.get_future();
    BOOST_TEST(get_bounded(g) == 1);
    BOOST_TEST(ran.load());
}

BOOST_AUTO_TEST_CASE(refused_submission_completes_with_the_error)
{
    cf::thread_pool_executor pool(1);
    pool.shutdown();
    auto f = cf::async_submit(
        pool, [] { return 1; }, asio::use_future);
    BOOST_CHECK_THROW(get_bounded(f), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(in_a_coroutine_on_the_pool_itself)
{
    cf::thread_pool_executor pool(2);
    auto result = asio::co_spawn(
        pool.get_executor(),
        [&]() -> asio::awaitable<int> {
            int sum = 0;
            for (int i = 0; i < 10; ++i)
                sum += co_await cf::async_submit(
                    pool, [i] { return i; }, asio::use_awaitable);
            co_return sum;
        },
        asio::use_future);
    BOOST_TEST(get_bounded(result) == 45);
}

BOOST_AUTO_TEST_CASE(cancellation_withdraws_a_task_that_has_not_started)
{
    // The future is async_submit's own: nobody else can observe it, so any
    // cancellation type withdraws the task before it starts. It never runs.
    for (auto type :
         {asio::cancellation_type::total, asio::cancellation_type::partial, asio::cancellation_type::terminal})
    {
        asio::io_context io;
        std::atomic<bool> ran{false};
        blocked_pool blocked;
        asio::cancellation_signal signal;
        observed_completion seen;
        cf::async_submit(
            blocked.pool,
            [&] {
                ran = true;
                return 1;
            },
            seen.handler(io, signal));
        asio::post(io, [&] { signal.emit(type); });
        BOOST_TEST(run_until(io, [&] { return seen.called; }));
        BOOST_TEST(is_operation_aborted(seen.error));
        blocked.gate.set();
        blocked.pool.shutdown(true);
        BOOST_TEST(!ran.load());
    }
}

BOOST_AUTO_TEST_CASE(a_running_task_ignores_total_but_not_terminal_cancellation)
{
    // Once the task runs, ending the wait would hide what it did: total
    // cancellation is not honoured (the result arrives); terminal ends the wait.
    for (auto type : {asio::cancellation_type::total, asio::cancellation_type::terminal})
    {
        asio::io_context io;
        event started;
        event gate;
        cf::thread_pool_executor pool(1);
        join_on_exit guard{pool, {&gate}};
        asio::cancellation_signal signal;
        observed_completion seen;
        cf::async_submit(
            pool,
            [&] {
                started.set();
                gate.wait();
                return 8;
            },
            seen.handler(io, signal));
        BOOST_TEST(started.wait());
        asio::post(io, [&] {
            signal.emit(type);
            gate.set();
        });
        BOOST_TEST(run_until(io, [&] { return seen.called; }));
        if (type == asio::cancellation_type::total)
        {
            BOOST_TEST(!seen.error);
            BOOST_TEST(seen.value == 8);
        }
        else
        {
            BOOST_TEST(is_operation_aborted(seen.error));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(async_wait_and_as_completed)

BOOST_AUTO_TEST_CASE(async_wait_modes)
{
    cf::future<int> a;
    cf::future<int> b;
    auto first = cf::async_wait(std::vector{a, b}, cf::return_when::first_completed, asio::use_future);
    b.set_result(2);
    auto r1 = get_bounded(first);
    BOOST_TEST(r1.done.size() == 1u);
    BOOST_TEST(r1.done.count(b) == 1u);

    auto all = cf::async_wait(std::vector{a, b}, asio::use_future);
    std::thread t([a]() mutable {
        std::this_thread::sleep_for(10ms);
        a.set_result(1);
    });
    auto r2 = get_bounded(all);
    t.join();
    BOOST_TEST(r2.done.size() == 2u);

    cf::future<int> c;
    auto failed = exception_future();
    auto fe = cf::async_wait(std::vector{c, failed}, cf::return_when::first_exception, asio::use_future);
    auto r3 = get_bounded(fe);
    BOOST_TEST(r3.done.count(failed) == 1u);
    BOOST_TEST(r3.not_done.count(c) == 1u);
}

BOOST_AUTO_TEST_CASE(async_wait_timeout_returns_the_sets)
{
    cf::future<int> never;
    auto done = successful_future();
    std::promise<cf::wait_result<cf::future<int>>> got;
    // A plain callback runs on the system executor's threads.
    cf::async_wait(std::vector{never, done}, 30ms, cf::return_when::all_completed,
                   [&](std::exception_ptr e, cf::wait_result<cf::future<int>> r) {
                       if (e)
                           got.set_exception(e);
                       else
                           got.set_value(std::move(r));
                   });
    auto f = got.get_future();
    auto result = get_bounded(f);
    BOOST_TEST(result.done.size() == 1u);
    BOOST_TEST(result.not_done.count(never) == 1u);
}

BOOST_AUTO_TEST_CASE(async_wait_cancelled)
{
    asio::io_context io;
    cf::future<int> never;
    asio::cancellation_signal signal;
    std::exception_ptr error;
    bool called = false;
    cf::async_wait(
        std::vector{never}, cf::return_when::all_completed,
        asio::bind_cancellation_slot(
            signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, cf::wait_result<cf::future<int>> r) {
                called = true;
                error = e;
                BOOST_TEST(r.not_done.size() == 1u);
            })));
    asio::post(io, [&] { signal.emit(asio::cancellation_type::terminal); });
    BOOST_TEST(run_until(io, [&] { return called; }));
    BOOST_TEST(is_operation_aborted(error));
}

BOOST_AUTO_TEST_CASE(futures_cancelled_while_queued_complete_async_waits)
{
    // A future cancelled before its task starts settles when the executor
    // notices (CANCELLED_AND_NOTIFIED): an async wait and a stream must hear it.
    asio::io_context io;
    event release;
    cf::thread_pool_executor pool(1);
    set_on_exit unblock{release};
    auto blocker = pool.submit([&] { release.wait(); });
    auto queued = pool.submit([] { return 1; });
    bool waited = false;
    std::optional<cf::future<int>> streamed;
    cf::async_wait(std::vector{queued}, cf::return_when::all_completed,
                   asio::bind_executor(io, [&](std::exception_ptr e, cf::wait_result<cf::future<int>> r) {
                       BOOST_TEST(!e);
                       BOOST_TEST(r.done.count(queued) == 1u);
                       waited = true;
                   }));
    auto stream = cf::async_as_completed(std::vector{queued});
    stream.async_next(
        asio::bind_executor(io, [&](std::exception_ptr e, std::optional<cf::future<int>> f) {
            BOOST_TEST(!e);
            streamed = f;
        }));
    BOOST_TEST(queued.cancel());
    release.set();
    BOOST_TEST(run_until(io, [&] { return waited && streamed.has_value(); }));
    BOOST_TEST((queued.state() == cf::future_state::cancelled_and_notified));
    BOOST_TEST((*streamed == queued));
}

BOOST_AUTO_TEST_CASE(async_wait_mixed_types_and_many_futures)
{
    cf::future<int> i;
    cf::future<std::string> s;
    auto w = cf::async_wait({i, s}, cf::return_when::all_completed, asio::use_future);
    i.set_result(1);
    s.set_result("s");
    BOOST_TEST(get_bounded(w).done.size() == 2u);

    std::vector<cf::future<int>> many(5000);
    auto big = cf::async_wait(many, asio::use_future);
    std::thread t([&many] {
        for (std::size_t k = 0; k < many.size(); ++k)
            many[k].set_result(static_cast<int>(k));
    });
    BOOST_TEST(get_bounded(big).done.size() == 5000u);
    t.join();
}

BOOST_AUTO_TEST_CASE(stream_yields_in_completion_order_then_ends)
{
    asio::io_context io;
    std::vector<cf::future<int>> fs(4);
    auto already = successful_future(100);
    fs.push_back(already);
    std::vector<int> order;
    bool ended = false;
    // Only the future done before the stream exists may come first.
    std::binary_semaphore stream_made(0);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto stream = cf::async_as_completed(fs);
            stream_made.release();
            BOOST_TEST(stream.size() == 5u);
            while (auto f = co_await stream.async_next(asio::use_awaitable))
                order.push_back(f->result());
            ended = true;
        },
        asio::detached);
    std::thread t([fs, &stream_made]() mutable {
        if (!stream_made.try_acquire_for(long_timeout))
            return; // run_until below fails the test
        for (int k : {2, 0, 3, 1})
        {
            std::this_thread::sleep_for(5ms);
            fs[static_cast<std::size_t>(k)].set_result(k);
        }
    });
    BOOST_TEST(run_until(io, [&] { return ended; }));
    t.join();
    BOOST_TEST((order == std::vector<int>{100, 2, 0, 3, 1}));
}

BOOST_AUTO_TEST_CASE(stream_timeout_message)
{
    std::vector<cf::future<int>> fs{successful_future(), pending_future(), pending_future()};
    auto stream = cf::async_as_completed(fs, 20ms);
    auto first = stream.async_next(asio::use_future);
    BOOST_TEST(get_bounded(first).has_value());
    auto second = stream.async_next(asio::use_future);
    try
    {
        get_bounded(second);
        BOOST_FAIL("expected timeout_error");
    }
    catch (const cf::timeout_error& e)
    {
        BOOST_TEST(std::string(e.what()) == "2 (of 3) futures unfinished");
    }
}

BOOST_AUTO_TEST_CASE(stream_cancellation_and_one_at_a_time)
{
    asio::io_context io;
    std::vector<cf::future<int>> fs(2);
    auto stream = cf::async_as_completed(fs);
    asio::cancellation_signal signal;
    std::exception_ptr first_error;
    std::exception_ptr second_error;
    int calls = 0;
    stream.async_next(asio::bind_cancellation_slot(
        signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, std::optional<cf::future<int>>) {
            ++calls;
            first_error = e;
        })));
    stream.async_next(asio::bind_executor(io, [&](std::exception_ptr e, std::optional<cf::future<int>>) {
        ++calls;
        second_error = e;
    }));
    asio::post(io, [&] { signal.emit(asio::cancellation_type::terminal); });
    BOOST_TEST(run_until(io, [&] { return calls == 2; }));
    BOOST_CHECK_THROW(std::rethrow_exception(second_error), std::logic_error);
    BOOST_TEST(is_operation_aborted(first_error));
    // Still usable after a cancelled wait.
    fs[1].set_result(1);
    std::optional<cf::future<int>> next;
    stream.async_next(asio::bind_executor(io, [&](std::exception_ptr, std::optional<cf::future<int>> f) { next = f; }));
    BOOST_TEST(run_until(io, [&] { return next.has_value(); }));
    BOOST_TEST((*next == fs[1]));
}

BOOST_AUTO_TEST_CASE(stream_destroyed_early)
{
    std::vector<cf::future<int>> fs(100);
    {
        auto stream = cf::async_as_completed(fs);
        fs[0].set_result(0);
        auto f = stream.async_next(asio::use_future);
        BOOST_TEST((*get_bounded(f) == fs[0]));
    }
    for (std::size_t k = 1; k < fs.size(); ++k)
        fs[k].set_result(static_cast<int>(k));
}

BOOST_AUTO_TEST_CASE(stream_destroyed_with_a_pending_next)
{
    // As Asio's I/O objects do: the pending operation completes with
    // operation_aborted, so the io_context is not left with work forever.
    asio::io_context io;
    cf::future<int> never;
    std::exception_ptr error;
    bool called = false;
    {
        auto stream = cf::async_as_completed(std::vector{never});
        stream.async_next(asio::bind_executor(io, [&](std::exception_ptr e, std::optional<cf::future<int>> f) {
            called = true;
            error = e;
            BOOST_TEST(!f.has_value());
        }));
    }
    BOOST_TEST(run_until(io, [&] { return called; }));
    BOOST_TEST(is_operation_aborted(error));
    // Nothing else keeps the context busy: it runs out of work (stopped)
    // rather than running until the bound.
    io.restart();
    io.run_for(5s);
    BOOST_TEST(io.stopped());
    BOOST_TEST(!never.done());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(executor_integration)

BOOST_AUTO_TEST_CASE(post_dispatch_co_spawn_parallel_group)
{
    cf::thread_pool_executor pool(2);
    auto ex = pool.get_executor();
    auto posted = asio::post(ex, asio::use_future([] { return 1; }));
    auto dispatched = asio::dispatch(ex, asio::use_future([] { return 2; }));
    auto spawned = asio::co_spawn(
        ex, []() -> asio::awaitable<int> { co_return 3; }, asio::use_future);
    BOOST_TEST(get_bounded(posted) + get_bounded(dispatched) + get_bounded(spawned) == 6);

    auto f1 = pool.submit([] { return 10; });
    auto f2 = pool.submit([] { return 20; });
    std::promise<int> sum;
    asio::experimental::make_parallel_group(f1.async_get(asio::deferred), f2.async_get(asio::deferred))
        .async_wait(asio::experimental::wait_for_all(), [&](std::array<std::size_t, 2>, std::exception_ptr, int a,
                                                            std::exception_ptr, int b) { sum.set_value(a + b); });
    auto s = sum.get_future();
    BOOST_TEST(get_bounded(s) == 30);
}

BOOST_AUTO_TEST_SUITE_END()
