//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::future and cf::any_future: CPython's test_future.py cases, plus what a
// C++ handle adds (copies, hashing, value types, many waiters).

#define BOOST_TEST_MODULE future
#include "test_support.hpp"

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/future.hpp>

#include <memory>
#include <regex>
#include <set>
#include <unordered_set>

using namespace test_support;

namespace {

bool matches(const std::string& text, const std::string& pattern)
{
    return std::regex_search(text, std::regex(pattern));
}

} // namespace

BOOST_AUTO_TEST_SUITE(done_callbacks)

BOOST_AUTO_TEST_CASE(with_result)
{
    int seen = 0;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>& g) { seen = g.result(); });
    f.set_result(5);
    BOOST_TEST(seen == 5);
}

BOOST_AUTO_TEST_CASE(with_exception)
{
    std::string seen;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>& g) {
        try
        {
            std::rethrow_exception(g.exception());
        }
        catch (const std::exception& e)
        {
            seen = e.what();
        }
    });
    f.set_exception(std::runtime_error("test"));
    BOOST_TEST(seen == "test");
}

BOOST_AUTO_TEST_CASE(with_cancel)
{
    bool was_cancelled = false;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>& g) { was_cancelled = g.cancelled(); });
    BOOST_TEST(f.cancel());
    BOOST_TEST(was_cancelled);
}

BOOST_AUTO_TEST_CASE(raises_is_logged_and_next_still_runs)
{
    log_capture log;
    bool raising_was_called = false;
    bool fn_was_called = false;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>&) {
        raising_was_called = true;
        throw std::runtime_error("doh!");
    });
    f.add_done_callback([&](const cf::future<int>&) { fn_was_called = true; });
    f.set_result(5);
    BOOST_TEST(raising_was_called);
    BOOST_TEST(fn_was_called);
    BOOST_TEST(log.contains("std::runtime_error: doh!"));
    BOOST_TEST(log.contains("ERROR: exception calling callback for <future at 0x"));
}

BOOST_AUTO_TEST_CASE(already_successful_runs_at_once)
{
    int seen = 0;
    cf::future<int> f;
    f.set_result(5);
    f.add_done_callback([&](const cf::future<int>& g) { seen = g.result(); });
    BOOST_TEST(seen == 5);
}

BOOST_AUTO_TEST_CASE(already_failed_runs_at_once)
{
    bool got = false;
    cf::future<int> f;
    f.set_exception(std::runtime_error("test"));
    f.add_done_callback([&](const cf::future<int>& g) { got = static_cast<bool>(g.exception()); });
    BOOST_TEST(got);
}

BOOST_AUTO_TEST_CASE(already_cancelled_runs_at_once)
{
    bool was_cancelled = false;
    cf::future<int> f;
    BOOST_TEST(f.cancel());
    f.add_done_callback([&](const cf::future<int>& g) { was_cancelled = g.cancelled(); });
    BOOST_TEST(was_cancelled);
}

BOOST_AUTO_TEST_CASE(raises_already_succeeded)
{
    log_capture log;
    cf::future<int> f;
    f.set_result(5);
    f.add_done_callback([](const cf::future<int>&) { throw std::runtime_error("doh!"); });
    BOOST_TEST(log.contains("exception calling callback for"));
    BOOST_TEST(log.contains("doh!"));
}

BOOST_AUTO_TEST_CASE(non_std_exception_is_named)
{
    log_capture log;
    cf::future<int> f;
    f.add_done_callback([](const cf::future<int>&) { throw 42; });
    f.set_result(1);
    BOOST_TEST(log.contains(": int"));
}

BOOST_AUTO_TEST_CASE(run_in_order_of_adding)
{
    std::vector<int> order;
    cf::future<void> f;
    for (int i = 0; i < 20; ++i)
        f.add_done_callback([&order, i](const cf::future<void>&) { order.push_back(i); });
    f.set_result();
    BOOST_TEST(order.size() == 20u);
    for (int i = 0; i < 20; ++i)
        BOOST_TEST(order[static_cast<std::size_t>(i)] == i);
}

BOOST_AUTO_TEST_CASE(run_once_even_if_cancelled_twice)
{
    int calls = 0;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>&) { ++calls; });
    BOOST_TEST(f.cancel());
    BOOST_TEST(f.cancel());
    f.set_running_or_notify_cancel();
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(run_on_the_completing_thread)
{
    std::thread::id completer;
    std::thread::id ran_on;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>&) { ran_on = std::this_thread::get_id(); });
    std::thread t([&] {
        completer = std::this_thread::get_id();
        f.set_result(1);
    });
    t.join();
    BOOST_TEST((ran_on == completer));
}

BOOST_AUTO_TEST_CASE(callback_may_add_callbacks_and_read_the_future)
{
    std::vector<int> order;
    cf::future<int> f;
    f.add_done_callback([&](const cf::future<int>& g) {
        order.push_back(g.result());
        // Already done: runs at once, inside this callback.
        g.add_done_callback([&](const cf::future<int>&) { order.push_back(-1); });
        const cf::any_future any = g;
        any.add_done_callback([&](const cf::any_future&) { order.push_back(-2); });
    });
    f.set_result(7);
    BOOST_TEST((order == std::vector<int>{7, -1, -2}));
}

BOOST_AUTO_TEST_CASE(dropped_pending_future_frees_its_callbacks)
{
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> weak = token;
    {
        cf::future<int> f;
        f.add_done_callback([token](const cf::future<int>&) {});
        token.reset();
        BOOST_TEST(!weak.expired());
    }
    BOOST_TEST(weak.expired());
}

BOOST_AUTO_TEST_CASE(custom_log_handler_can_be_restored)
{
    std::vector<std::string> seen;
    auto previous = cf::set_log_handler([&](cf::log_level, std::string_view m) { seen.emplace_back(m); });
    {
        cf::future<int> f;
        f.add_done_callback([](const cf::future<int>&) { throw std::logic_error("x"); });
        f.set_result(1);
    }
    cf::set_log_handler(std::move(previous));
    BOOST_TEST(seen.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(states)

BOOST_AUTO_TEST_CASE(repr)
{
    BOOST_TEST(matches(pending_future().describe(), "^<future at 0x[0-9a-f]+ state=pending>$"));
    BOOST_TEST(matches(running_future().describe(), "^<future at 0x[0-9a-f]+ state=running>$"));
    BOOST_TEST(matches(cancelled_future().describe(), "^<future at 0x[0-9a-f]+ state=cancelled>$"));
    BOOST_TEST(matches(cancelled_and_notified_future().describe(), "^<future at 0x[0-9a-f]+ state=cancelled>$"));
    BOOST_TEST(matches(exception_future().describe(),
                       "^<future at 0x[0-9a-f]+ state=finished raised test_support::os_error>$"));
    BOOST_TEST(matches(successful_future().describe(), "^<future at 0x[0-9a-f]+ state=finished returned int>$"));
    std::ostringstream os;
    os << successful_future();
    BOOST_TEST(matches(os.str(), "returned int"));
}

BOOST_AUTO_TEST_CASE(state_names)
{
    BOOST_TEST(cf::to_string(cf::future_state::cancelled_and_notified) == "CANCELLED_AND_NOTIFIED");
    BOOST_TEST((pending_future().state() == cf::future_state::pending));
    BOOST_TEST((running_future().state() == cf::future_state::running));
    BOOST_TEST((cancelled_future().state() == cf::future_state::cancelled));
    BOOST_TEST((cancelled_and_notified_future().state() == cf::future_state::cancelled_and_notified));
    BOOST_TEST((successful_future().state() == cf::future_state::finished));
}

BOOST_AUTO_TEST_CASE(cancel)
{
    auto f1 = pending_future();
    auto f2 = running_future();
    auto f3 = cancelled_future();
    auto f4 = cancelled_and_notified_future();
    auto f5 = exception_future();
    auto f6 = successful_future(5);

    BOOST_TEST(f1.cancel());
    BOOST_TEST((f1.state() == cf::future_state::cancelled));
    BOOST_TEST(!f2.cancel());
    BOOST_TEST((f2.state() == cf::future_state::running));
    BOOST_TEST(f3.cancel());
    BOOST_TEST((f3.state() == cf::future_state::cancelled));
    BOOST_TEST(f4.cancel());
    BOOST_TEST((f4.state() == cf::future_state::cancelled_and_notified));
    BOOST_TEST(!f5.cancel());
    BOOST_TEST((f5.state() == cf::future_state::finished));
    BOOST_TEST(!f6.cancel());
    BOOST_TEST((f6.state() == cf::future_state::finished));
}

BOOST_AUTO_TEST_CASE(cancelled_done_running)
{
    BOOST_TEST(!pending_future().cancelled());
    BOOST_TEST(!running_future().cancelled());
    BOOST_TEST(cancelled_future().cancelled());
    BOOST_TEST(cancelled_and_notified_future().cancelled());
    BOOST_TEST(!exception_future().cancelled());
    BOOST_TEST(!successful_future().cancelled());

    BOOST_TEST(!pending_future().done());
    BOOST_TEST(!running_future().done());
    BOOST_TEST(cancelled_future().done());
    BOOST_TEST(cancelled_and_notified_future().done());
    BOOST_TEST(exception_future().done());
    BOOST_TEST(successful_future().done());

    BOOST_TEST(!pending_future().running());
    BOOST_TEST(running_future().running());
    BOOST_TEST(!cancelled_future().running());
    BOOST_TEST(!cancelled_and_notified_future().running());
    BOOST_TEST(!exception_future().running());
    BOOST_TEST(!successful_future().running());
}

BOOST_AUTO_TEST_CASE(set_running_or_notify_cancel_transitions)
{
    auto f = pending_future();
    BOOST_TEST(f.set_running_or_notify_cancel());
    BOOST_TEST(f.running());

    auto c = cancelled_future();
    BOOST_TEST(!c.set_running_or_notify_cancel());
    BOOST_TEST((c.state() == cf::future_state::cancelled_and_notified));
}

BOOST_AUTO_TEST_CASE(set_running_or_notify_cancel_in_wrong_state)
{
    log_capture log;
    BOOST_CHECK_THROW(running_future().set_running_or_notify_cancel(), cf::invalid_state_error);
    BOOST_CHECK_THROW(successful_future().set_running_or_notify_cancel(), cf::invalid_state_error);
    BOOST_CHECK_THROW(cancelled_and_notified_future().set_running_or_notify_cancel(), cf::invalid_state_error);
    BOOST_TEST(log.contains("CRITICAL: set_running_or_notify_cancel: future in unexpected state RUNNING"));
}

BOOST_AUTO_TEST_CASE(multiple_set_result)
{
    auto f = pending_future();
    f.set_result(1);
    try
    {
        f.set_result(2);
        BOOST_FAIL("expected invalid_state_error");
    }
    catch (const cf::invalid_state_error& e)
    {
        BOOST_TEST(matches(e.what(), "^FINISHED: <future at 0x[0-9a-f]+ state=finished returned int>$"));
    }
    BOOST_TEST(f.done());
    BOOST_TEST(f.result() == 1);
}

BOOST_AUTO_TEST_CASE(multiple_set_exception)
{
    auto f = pending_future();
    f.set_exception(std::invalid_argument("first"));
    try
    {
        f.set_exception(std::runtime_error("second"));
        BOOST_FAIL("expected invalid_state_error");
    }
    catch (const cf::invalid_state_error& e)
    {
        BOOST_TEST(
            matches(e.what(), "^FINISHED: <future at 0x[0-9a-f]+ state=finished raised std::invalid_argument>$"));
    }
    BOOST_CHECK_THROW(f.result(), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(set_after_cancel_is_invalid)
{
    auto f = cancelled_future();
    try
    {
        f.set_result(1);
        BOOST_FAIL("expected invalid_state_error");
    }
    catch (const cf::invalid_state_error& e)
    {
        BOOST_TEST(matches(e.what(), "^CANCELLED: <future at 0x[0-9a-f]+ state=cancelled>$"));
    }
    BOOST_CHECK_THROW(cancelled_and_notified_future().set_exception(std::runtime_error("x")), cf::invalid_state_error);
}

BOOST_AUTO_TEST_CASE(set_exception_needs_an_exception)
{
    cf::future<int> f;
    BOOST_CHECK_THROW(f.set_exception(std::exception_ptr()), std::invalid_argument);
    BOOST_TEST(!f.done());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(results)

BOOST_AUTO_TEST_CASE(result_with_timeout)
{
    BOOST_CHECK_THROW(pending_future().result(0s), cf::timeout_error);
    BOOST_CHECK_THROW(running_future().result(0s), cf::timeout_error);
    BOOST_CHECK_THROW(cancelled_future().result(0s), cf::cancelled_error);
    BOOST_CHECK_THROW(cancelled_and_notified_future().result(0s), cf::cancelled_error);
    BOOST_CHECK_THROW(exception_future().result(0s), os_error);
    BOOST_TEST(successful_future().result(0s) == 42);
}

BOOST_AUTO_TEST_CASE(timeouts_negative_tiny_and_huge)
{
    BOOST_CHECK_THROW(pending_future().result(-5s), cf::timeout_error);
    BOOST_CHECK_THROW(pending_future().result(1ns), cf::timeout_error);
    BOOST_CHECK_THROW(pending_future().result(std::chrono::duration<double>(0.01)), cf::timeout_error);
    // Effectively forever: must not overflow into the past.
    auto f = pending_future();
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(20ms);
        f.set_result(3);
    });
    BOOST_TEST(f.result(std::chrono::hours::max()) == 3);
    t.join();
}

BOOST_AUTO_TEST_CASE(result_waits_for_other_thread)
{
    auto f = pending_future();
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(50ms);
        f.set_result(42);
    });
    BOOST_TEST(f.result(long_timeout) == 42);
    t.join();
}

BOOST_AUTO_TEST_CASE(result_with_cancel)
{
    auto f = pending_future();
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(50ms);
        f.cancel();
    });
    BOOST_CHECK_THROW(f.result(long_timeout), cf::cancelled_error);
    t.join();
}

BOOST_AUTO_TEST_CASE(exception_with_timeout)
{
    BOOST_CHECK_THROW(pending_future().exception(0s), cf::timeout_error);
    BOOST_CHECK_THROW(running_future().exception(0s), cf::timeout_error);
    BOOST_CHECK_THROW(cancelled_future().exception(0s), cf::cancelled_error);
    BOOST_CHECK_THROW(cancelled_and_notified_future().exception(0s), cf::cancelled_error);
    BOOST_CHECK_THROW(std::rethrow_exception(exception_future().exception(0s)), os_error);
    BOOST_TEST(!successful_future().exception(0s));
}

BOOST_AUTO_TEST_CASE(exception_with_success)
{
    auto f = pending_future();
    std::thread t([f]() mutable {
        std::this_thread::sleep_for(50ms);
        f.set_exception(os_error());
    });
    BOOST_CHECK_THROW(std::rethrow_exception(f.exception(long_timeout)), os_error);
    t.join();
}

BOOST_AUTO_TEST_CASE(result_is_a_reference_to_the_shared_value)
{
    cf::future<std::string> f;
    f.set_result(std::string(100, 'x'));
    const std::string& a = f.result();
    cf::future<std::string> copy = f;
    BOOST_TEST(&a == &copy.result());
}

BOOST_AUTO_TEST_CASE(move_only_values)
{
    cf::future<std::unique_ptr<int>> f;
    f.set_result(std::make_unique<int>(9));
    BOOST_TEST(*f.result() == 9);
}

BOOST_AUTO_TEST_CASE(void_future)
{
    cf::future<void> f;
    f.set_result();
    f.result();
    BOOST_TEST(!f.exception());
    BOOST_TEST(matches(f.describe(), "returned void"));
}

BOOST_AUTO_TEST_CASE(value_destroyed_with_last_handle)
{
    BOOST_TEST(tracked::live() == 0);
    {
        cf::future<tracked> f;
        f.set_result(tracked(3));
        cf::future<tracked> g = f;
        BOOST_TEST(tracked::live() == 1);
        BOOST_TEST(g.result().value == 3);
    }
    BOOST_TEST(tracked::live() == 0);
    {
        cf::future<tracked> never_set;
    }
    BOOST_TEST(tracked::live() == 0);
}

BOOST_AUTO_TEST_CASE(many_concurrent_waiters_all_wake)
{
    cf::future<int> f;
    std::atomic<int> woke{0};
    std::vector<std::thread> waiters;
    for (int i = 0; i < 16; ++i)
        waiters.emplace_back([&, f] {
            if (f.result(long_timeout) == 11)
                ++woke;
        });
    std::this_thread::sleep_for(20ms);
    f.set_result(11);
    for (auto& t : waiters)
        t.join();
    BOOST_TEST(woke.load() == 16);
}

BOOST_AUTO_TEST_CASE(timed_out_waiters_leave_no_trace)
{
    // Waiters that time out unregister; completing afterwards touches none of them.
    cf::future<int> f;
    std::vector<std::thread> waiters;
    std::atomic<int> timeouts{0};
    for (int i = 0; i < 8; ++i)
        waiters.emplace_back([&, f] {
            try
            {
                (void)f.result(5ms);
            }
            catch (const cf::timeout_error&)
            {
                ++timeouts;
            }
        });
    for (auto& t : waiters)
        t.join();
    BOOST_TEST(timeouts.load() == 8);
    f.set_result(1);
    BOOST_TEST(f.result() == 1);
}

BOOST_AUTO_TEST_CASE(racing_set_result_has_one_winner)
{
    for (int round = 0; round < 200; ++round)
    {
        cf::future<int> f;
        std::atomic<int> winners{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&, i] {
                try
                {
                    cf::future<int> g = f;
                    g.set_result(i);
                    ++winners;
                }
                catch (const cf::invalid_state_error&)
                {
                }
            });
        for (auto& t : threads)
            t.join();
        BOOST_TEST(winners.load() == 1);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(handles)

BOOST_AUTO_TEST_CASE(copies_share_identity)
{
    cf::future<int> a;
    cf::future<int> b = a;
    cf::future<int> c;
    BOOST_TEST((a == b));
    BOOST_TEST((a != c));
    BOOST_TEST(std::hash<cf::future<int>>{}(a) == std::hash<cf::future<int>>{}(b));
    std::unordered_set<cf::future<int>> set{a, b, c};
    BOOST_TEST(set.size() == 2u);
    std::set<cf::future<int>> ordered{a, b, c};
    BOOST_TEST(ordered.size() == 2u);
}

BOOST_AUTO_TEST_CASE(moved_from_is_invalid)
{
    cf::future<int> a;
    cf::future<int> b = std::move(a);
    BOOST_TEST(!a.valid());
    BOOST_TEST(b.valid());
}

BOOST_AUTO_TEST_CASE(any_future_round_trip)
{
    cf::future<std::string> s;
    cf::future<int> i;
    cf::any_future as = s;
    cf::any_future ai = i;
    BOOST_TEST((as == cf::any_future(s)));
    BOOST_TEST((as != ai));
    BOOST_TEST(std::hash<cf::any_future>{}(as) == std::hash<cf::future<std::string>>{}(s));
    BOOST_TEST(as.holds<std::string>());
    BOOST_TEST(!as.holds<int>());
    BOOST_CHECK_THROW(as.as<int>(), std::invalid_argument);
    s.set_result("hello");
    BOOST_TEST(as.done());
    BOOST_TEST(as.as<std::string>().result() == "hello");
    BOOST_TEST((as.as<std::string>() == s));
}

BOOST_AUTO_TEST_CASE(any_future_observers_and_errors)
{
    cf::future<int> f;
    cf::any_future a = f;
    BOOST_CHECK_THROW(a.result(0s), cf::timeout_error);
    bool called = false;
    a.add_done_callback([&](const cf::any_future& g) { called = g.cancelled(); });
    BOOST_TEST(a.cancel());
    BOOST_TEST(called);
    BOOST_CHECK_THROW(a.result(), cf::cancelled_error);
    BOOST_CHECK_THROW(a.exception(), cf::cancelled_error);

    cf::future<double> g;
    cf::any_future b = g;
    g.set_exception(std::out_of_range("range"));
    BOOST_CHECK_THROW(b.result(), std::out_of_range);
    BOOST_TEST(static_cast<bool>(b.exception(1s)));
}

BOOST_AUTO_TEST_SUITE_END()
