//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Who owns an asynchronous operation, and for how long: deferred operations
// launched after the future or stream they came from is gone, and io_contexts
// destroyed while other threads settle, cancel and withdraw what their pending
// async_get / async_wait / async_next / async_submit operations wait on
// (including from inside a done-callback). Meant for AddressSanitizer and
// ThreadSanitizer; the counts checked after every round (each handler run or
// destroyed, none run outside its context) catch what they cannot.

#define BOOST_TEST_MODULE async_lifetime
#include "asio_test_support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/post.hpp>

#include <array>
#include <optional>
#include <random>
#include <thread>
#include <vector>

using namespace test_support;

BOOST_AUTO_TEST_SUITE(deferred_operations)

BOOST_AUTO_TEST_CASE(async_get_launched_after_the_last_future_handle_is_gone)
{
    asio::io_context io;
    cf::thread_pool_executor pool(1);
    // The future is a temporary: only the deferred operation refers to its state.
    auto op = pool.submit([] { return std::string("kept alive"); }).async_get(asio::deferred);
    auto done_op = [] {
        cf::future<int> f;
        f.set_result(7);
        return f.async_get();
    }();
    std::string text;
    int value = 0;
    std::move(op)(asio::bind_executor(io, [&](std::exception_ptr e, std::string s) { text = e ? "error" : s; }));
    std::move(done_op)(asio::bind_executor(io, [&](std::exception_ptr e, int v) { value = e ? -1 : v; }));
    BOOST_TEST(run_until(io, [&] { return !text.empty() && value != 0; }));
    BOOST_TEST(text == "kept alive");
    BOOST_TEST(value == 7);
}

BOOST_AUTO_TEST_CASE(async_next_launched_after_its_stream_is_gone)
{
    // As for a stream destroyed with a pending async_next: operation_aborted.
    asio::io_context io;
    cf::future<int> f;
    f.set_result(1);
    auto op = cf::async_as_completed(std::vector{f}).async_next();
    bool called = false;
    std::exception_ptr error;
    std::move(op)(asio::bind_executor(io, [&](std::exception_ptr e, std::optional<cf::future<int>> next) {
        called = true;
        error = e;
        BOOST_TEST(!next.has_value());
    }));
    BOOST_TEST(run_until(io, [&] { return called; }));
    BOOST_TEST(is_operation_aborted(error));
}

BOOST_AUTO_TEST_CASE(async_wait_launched_after_the_futures_are_gone)
{
    asio::io_context io;
    auto op = [] {
        cf::future<int> a;
        cf::future<int> b;
        a.set_result(1);
        return cf::async_wait(std::vector{a, b}, cf::return_when::first_completed);
    }();
    std::optional<std::size_t> done;
    std::move(op)(
        asio::bind_executor(io, [&](std::exception_ptr, cf::wait_result<cf::future<int>> r) { done = r.done.size(); }));
    BOOST_TEST(run_until(io, [&] { return done.has_value(); }));
    BOOST_TEST(*done == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// What one round of the teardown stress expects of its handlers: each one is
// either run (inside its io_context) or destroyed unrun, exactly once.
struct handler_census
{
    std::atomic<int> live{0};
    std::atomic<int> ran{0};
    std::atomic<int> ran_outside{0};
};

// Carried by every handler of a round: counts itself alive, and counts a run
// that happens anywhere but in a thread running the round's io_context.
class census_token
{
public:
    census_token(handler_census& c, asio::io_context& io) : census_(&c), io_(&io) { ++census_->live; }
    census_token(const census_token& o) : census_(o.census_), io_(o.io_) { ++census_->live; }
    census_token& operator=(const census_token&) = delete;
    ~census_token() { --census_->live; }

    void ran() const
    {
        ++census_->ran;
        if (!io_->get_executor().running_in_this_thread())
            ++census_->ran_outside;
    }

private:
    handler_census* census_;
    asio::io_context* io_;
};

// How the io_context of a round ends.
enum class teardown
{
    destroyed_while_settling,   // by the main thread, while the settlers work
    destroyed_in_done_callback, // by a settler, inside a done-callback of a future its operations wait on
    run_then_destroyed,         // run on its own thread while the settlers work, then destroyed
};

constexpr std::size_t futures_per_round = 6;
constexpr int settler_threads = 2;

// A short, random head start, so the settlers' work and the teardown
// interleave differently from one round to the next.
void jitter(std::mt19937& rng)
{
    const int spins = std::uniform_int_distribution<int>(0, 2000)(rng);
    for (volatile int i = 0; i < spins; i = i + 1)
    {
    }
}

// One round: operations of every kind pending on futures that two settler
// threads complete or cancel while the io_context is torn down.
class teardown_round
{
public:
    teardown_round(teardown mode, cf::thread_pool_executor& pool, std::uint32_t seed)
        : mode_(mode), pool_(pool), io_(std::make_unique<asio::io_context>()), rng_(seed), futures_(futures_per_round)
    {
        for (auto& s : settler_seeds_)
            s = static_cast<std::uint32_t>(rng_());
    }

    // Runs before the settlers start.
    void start_operations()
    {
        asio::io_context& io = *io_;
        if (mode_ == teardown::destroyed_in_done_callback)
        {
            // First in futures_[0]'s callback list: its operations below come
            // after it, so they are detached and owned by the settling thread
            // while the context goes away under them.
            futures_[0].add_done_callback([this](const cf::future<int>&) { destroy_context(); });
        }
        for (std::size_t i = 0; i < futures_.size(); ++i)
        {
            auto& f = futures_[i];
            f.async_get(asio::bind_executor(io, [t = token()](std::exception_ptr, int) { t.ran(); }));
            f.async_get(asio::bind_cancellation_slot(
                signals_[i % signals_.size()].slot(),
                asio::bind_executor(io, [t = token()](std::exception_ptr, int) { t.ran(); })));
        }
        cf::async_wait(futures_, cf::return_when::first_completed,
                       asio::bind_executor(io, [t = token()](std::exception_ptr, auto) { t.ran(); }));
        cf::async_wait(futures_, 1ms, cf::return_when::all_completed,
                       asio::bind_executor(io, [t = token()](std::exception_ptr, auto) { t.ran(); }));
        cf::async_wait(
            std::vector{futures_[1], futures_[2]}, cf::return_when::all_completed,
            asio::bind_cancellation_slot(
                signals_.back().slot(), asio::bind_executor(io, [t = token()](std::exception_ptr, auto) { t.ran(); })));
        for (auto& stream : streams_)
        {
            stream.emplace(cf::async_as_completed(futures_));
            stream->async_next(asio::bind_executor(io, [t = token()](std::exception_ptr, auto) { t.ran(); }));
        }
        cf::async_submit(
            pool_, [] { return 1; }, asio::bind_executor(io, [t = token()](std::exception_ptr, int) { t.ran(); }));
        if (mode_ != teardown::destroyed_in_done_callback)
        {
            // Cancellations are emitted inside the context, as Asio requires.
            for (auto& s : signals_)
                asio::post(io, [&s] { s.emit(asio::cancellation_type::all); });
        }
        // One stream goes away at once: its async_next completes with
        // operation_aborted, posted into the context.
        streams_[1].reset();
    }

    // Each settler takes every other future: completes or cancels it.
    void settle(int settler)
    {
        std::mt19937 rng(settler_seeds_[static_cast<std::size_t>(settler)]);
        jitter(rng);
        for (std::size_t i = static_cast<std::size_t>(settler); i < futures_.size(); i += settler_threads)
        {
            if (std::uniform_int_distribution<int>(0, 2)(rng) == 0)
                futures_[i].cancel();
            else if (futures_[i].set_running_or_notify_cancel())
                futures_[i].set_result(static_cast<int>(i));
        }
    }

    // The main thread's part while the settlers work.
    void tear_down()
    {
        switch (mode_)
        {
        case teardown::destroyed_while_settling:
            jitter(rng_);
            io_->poll();
            destroy_context();
            break;
        case teardown::destroyed_in_done_callback:
            break; // futures_[0]'s settler does it
        case teardown::run_then_destroyed:
        {
            std::thread runner([this] { io_->run_for(2ms); });
            runner.join();
            destroy_context();
            break;
        }
        }
    }

    // After the settlers are done: every handler ran in its context or was destroyed.
    void check()
    {
        streams_[0].reset(); // ends its async_next (if any) into nothing: the context is gone
        BOOST_TEST(context_destroyed_.load());
        BOOST_TEST(census_.live.load() == 0, census_.live.load() << " handlers outlived their io_context");
        BOOST_TEST(census_.ran_outside.load() == 0);
    }

    int handlers_run() const { return census_.ran.load(); }

private:
    census_token token() { return census_token(census_, *io_); }

    void destroy_context()
    {
        io_.reset();
        context_destroyed_ = true;
    }

    teardown mode_;
    cf::thread_pool_executor& pool_;
    handler_census census_;
    std::unique_ptr<asio::io_context> io_;
    std::atomic<bool> context_destroyed_{false};
    std::mt19937 rng_; // the main thread's
    std::array<std::uint32_t, settler_threads> settler_seeds_;
    std::vector<cf::future<int>> futures_;
    std::array<asio::cancellation_signal, 3> signals_;
    std::array<std::optional<cf::as_completed_stream<cf::future<int>>>, 2> streams_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(context_teardown)

// Many rounds of: operations of every kind pending on an io_context, two
// threads settling or cancelling their futures, a pool task settling another,
// and the context destroyed at the same time (by the main thread, or by a
// settling thread from inside a done-callback). No operation may be touched
// after its owner let go of it, no thread may touch the destroyed context,
// nothing may deadlock, and every handler is run or destroyed exactly once.
BOOST_AUTO_TEST_CASE(io_context_destroyed_while_futures_settle)
{
    cf::thread_pool_executor pool(1);
    constexpr int rounds_per_mode = 300;
    int handlers_run = 0;
    for (teardown mode :
         {teardown::destroyed_while_settling, teardown::destroyed_in_done_callback, teardown::run_then_destroyed})
    {
        for (int round = 0; round < rounds_per_mode; ++round)
        {
            teardown_round r(mode, pool, static_cast<std::uint32_t>(round * 7919 + static_cast<int>(mode)));
            r.start_operations();
            // Not std::barrier: under mingw-w64 it can lose its wakeup (see start_barrier).
            start_barrier sync(settler_threads + 1);
            std::vector<std::thread> settlers;
            for (int s = 0; s < settler_threads; ++s)
                settlers.emplace_back([&, s] {
                    sync.arrive_and_wait();
                    r.settle(s);
                });
            BOOST_TEST(sync.arrive_and_wait());
            r.tear_down();
            for (auto& t : settlers)
                t.join();
            // The pool's task may still be completing its async_submit.
            BOOST_REQUIRE_NO_THROW(pool.submit([] {}).result(long_timeout));
            r.check();
            handlers_run += r.handlers_run();
        }
    }
    BOOST_TEST_MESSAGE(handlers_run << " handlers ran before their context was destroyed");
    BOOST_TEST(handlers_run > 0);
}

BOOST_AUTO_TEST_SUITE_END()
