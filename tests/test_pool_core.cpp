//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The pool core without processes: worker_machine's transitions one by one,
// then pool_dispatcher driven by scripted events (workers started, hellos,
// answers, exits, deadlines), checking the actions it asks for and the
// futures it settles: the max_workers + 1 hand-out rule, idle workers first,
// cancellation, shutdown, recycling, breaking with tasks in every state, and
// protocol violations.

#define BOOST_TEST_MODULE pool_core
#include "test_support.hpp"

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <algorithm>
#include <map>
#include <new>
#include <ostream>
#include <string>
#include <vector>

using namespace test_support;
namespace d = boost::concurrent_futures::detail;
namespace w = d::wire;
using d::pool_action_type;
using d::worker_event;
using d::worker_state;
using d::worker_timer;

// How Boost.Test prints the machine's enums.
namespace boost {
namespace concurrent_futures {
namespace detail {
std::ostream& operator<<(std::ostream& os, worker_state s)
{
    return os << to_string(s);
}
std::ostream& operator<<(std::ostream& os, worker_timer t)
{
    return os << "timer " << static_cast<int>(t);
}
std::ostream& operator<<(std::ostream& os, worker_fault f)
{
    return os << "fault " << static_cast<int>(f);
}
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

namespace {

bool contains(const std::string& text, const std::string& needle)
{
    return text.find(needle) != std::string::npos;
}

// --- worker_machine -----------------------------------------------------------------

namespace act = d::worker_do;

// A machine driven through `events` (with no task held) from launching.
d::worker_machine machine_after(std::initializer_list<worker_event> events)
{
    d::worker_machine m;
    for (auto e : events)
        m.resume(e);
    return m;
}

// --- pool_dispatcher harness ----------------------------------------------------------

void read_int(d::state_base& s, std::string_view payload)
{
    static_cast<d::result_state<int>&>(s).set_value(std::stoi(std::string(payload)));
}

std::exception_ptr make_broken(const std::string& message)
{
    return std::make_exception_ptr(cf::broken_process_pool(message));
}

struct harness
{
    explicit harness(d::pool_config c = {}) : core(configure(std::move(c), this)) {}

    static d::pool_config configure(d::pool_config c, harness* self)
    {
        if (c.program.empty())
            c.program = "/path/to/worker";
        c.make_broken = &make_broken;
        c.on_broken = [self](const std::string& message) { self->on_broken(message); };
        return c;
    }

    // Every future settled at the time the pool broke (to check the hook comes first).
    void on_broken(const std::string& message)
    {
        broken_messages.push_back(message);
        for (auto& f : futures)
            done_when_broken += f.done() && !f.cancelled();
    }

    cf::future<int> submit(bool chunk = false)
    {
        cf::future<int> f;
        core.submit(d::call_request{boost::intrusive_ptr<d::state_base>(d::future_access::state(f)), "fn",
                                    "payload " + std::to_string(futures.size()), chunk, &read_int});
        futures.push_back(f);
        return f;
    }

    // Takes the queued actions; starts workers when asked (pid 1000 + id),
    // unless `start_fails` says why not.
    std::vector<d::pool_action> run()
    {
        std::vector<d::pool_action> taken;
        while (core.has_action())
        {
            d::pool_action a = core.next_action();
            taken.push_back(a);
            if (a.type == pool_action_type::start_workers)
                for (std::size_t i = 0; i < a.count; ++i)
                {
                    if (start_fails.empty())
                        core.worker_started(a.worker + i, 1000 + static_cast<long>(a.worker + i));
                    else
                        core.start_failed(a.worker + i, start_fails);
                }
            if (a.type == pool_action_type::arm_timer)
                generation[a.worker] = a.generation;
        }
        all.insert(all.end(), taken.begin(), taken.end());
        return taken;
    }

    void frame(d::worker_id id, w::kind k, std::uint64_t task, std::string payload = {})
    {
        core.frame_received(id, w::frame{w::header{static_cast<std::uint32_t>(payload.size()), k, 0, task},
                                         std::move(payload)});
    }
    void hello(d::worker_id id, std::uint32_t version = w::protocol_version)
    {
        frame(id, w::kind::hello, 0, w::encode_hello(w::hello{version, 1000 + static_cast<long>(id)}));
    }
    void answer(d::worker_id id, std::uint64_t task, int value) { frame(id, w::kind::result, task, std::to_string(value)); }
    void expire(d::worker_id id) { core.timer_expired(id, generation[id]); }

    const d::pool_worker& worker(d::worker_id id) const
    {
        const d::pool_worker* p = core.find(id);
        BOOST_REQUIRE(p);
        return *p;
    }
    worker_state state(d::worker_id id) const { return worker(id).machine.state(); }

    d::pool_dispatcher core;
    std::vector<cf::future<int>> futures;
    std::vector<d::pool_action> all;
    std::vector<std::string> broken_messages;
    std::size_t done_when_broken = 0;
    std::string start_fails;
    std::map<d::worker_id, std::uint64_t> generation;
};

std::vector<d::pool_action> of_type(const std::vector<d::pool_action>& actions, pool_action_type t,
                                    d::worker_id worker = 0)
{
    std::vector<d::pool_action> out;
    for (const auto& a : actions)
        if (a.type == t && (worker == 0 || a.worker == worker))
            out.push_back(a);
    return out;
}

// Task frames sent (not the initializer, not stop).
std::vector<d::pool_action> tasks_sent(const std::vector<d::pool_action>& actions, d::worker_id worker = 0)
{
    std::vector<d::pool_action> out;
    for (const auto& a : of_type(actions, pool_action_type::send, worker))
        if (a.frame == w::kind::task || a.frame == w::kind::chunk)
            out.push_back(a);
    return out;
}

bool has(const std::vector<d::pool_action>& actions, pool_action_type t, d::worker_id worker)
{
    return !of_type(actions, t, worker).empty();
}

bool stop_sent(const std::vector<d::pool_action>& actions, d::worker_id worker)
{
    for (const auto& a : of_type(actions, pool_action_type::send, worker))
        if (a.frame == w::kind::stop)
            return true;
    return false;
}

std::string error_text(const cf::future<int>& f)
{
    try
    {
        f.result(0s);
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    return "(no exception)";
}

d::pool_config workers(std::size_t n)
{
    d::pool_config c;
    c.max_workers = n;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(worker_machine)

BOOST_AUTO_TEST_CASE(starts_and_says_hello)
{
    d::worker_machine m;
    BOOST_TEST(m.state() == worker_state::launching);
    BOOST_TEST(!m.accepts_tasks());
    auto step = m.resume(worker_event::started);
    BOOST_TEST(m.state() == worker_state::starting);
    BOOST_TEST(step.actions == act::arm_timer);
    BOOST_TEST(step.timer == worker_timer::hello);
    BOOST_TEST(m.accepts_tasks()); // tasks may be queued behind its hello
    step = m.resume(worker_event::hello);
    BOOST_TEST(m.state() == worker_state::idle);
    BOOST_TEST(step.actions == act::disarm_timer);
    BOOST_TEST(m.greeted());

    d::worker_machine loaded = machine_after({worker_event::started});
    loaded.resume(worker_event::task_assigned);
    BOOST_TEST(loaded.state() == worker_state::starting);
    loaded.resume(worker_event::hello, {1});
    BOOST_TEST(loaded.state() == worker_state::busy);
}

BOOST_AUTO_TEST_CASE(start_failure)
{
    d::worker_machine m;
    const auto step = m.resume(worker_event::start_failed);
    BOOST_TEST(m.state() == worker_state::gone);
    BOOST_TEST(step.actions == act::release);
    BOOST_TEST(!m.failed());
}

BOOST_AUTO_TEST_CASE(idle_and_busy)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    BOOST_TEST(m.resume(worker_event::task_assigned, {1}).actions == act::nothing);
    BOOST_TEST(m.state() == worker_state::busy);
    m.resume(worker_event::task_assigned, {2});
    m.resume(worker_event::task_answered, {1});
    BOOST_TEST(m.state() == worker_state::busy);
    m.resume(worker_event::task_answered, {0});
    BOOST_TEST(m.state() == worker_state::idle);
}

BOOST_AUTO_TEST_CASE(stop_then_exit_cleanly_in_either_order)
{
    for (bool stream_first : {true, false})
        for (auto how : {d::exit_kind::clean, d::exit_kind::unknown})
        {
            auto m = machine_after({worker_event::started, worker_event::hello});
            auto step = m.resume(worker_event::stop);
            BOOST_TEST(m.state() == worker_state::stopping);
            BOOST_TEST(step.actions == (act::send_stop | act::watch_exit | act::arm_timer));
            BOOST_TEST(step.timer == worker_timer::stop_grace);
            if (stream_first)
            {
                BOOST_TEST(m.resume(worker_event::stream_closed).actions == act::nothing);
                BOOST_TEST(m.state() == worker_state::stopped);
            }
            step = m.resume(worker_event::exited, {0, how});
            BOOST_TEST(m.state() == worker_state::gone);
            // Gone at once: its stream may be held open by a process it left behind.
            BOOST_TEST(step.actions == (act::close | act::disarm_timer | act::release));
            // A lost exit status (SIGCHLD ignored) is no trouble after a stop.
            BOOST_TEST(!m.failed());
        }
}

BOOST_AUTO_TEST_CASE(stop_then_a_failed_exit)
{
    auto m = machine_after({worker_event::started, worker_event::hello, worker_event::stop});
    m.resume(worker_event::exited, {0, d::exit_kind::failed});
    BOOST_TEST(m.state() == worker_state::gone);
    BOOST_TEST(m.failed());
}

BOOST_AUTO_TEST_CASE(stop_ignored_while_holding_tasks_or_stopping)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    m.resume(worker_event::task_assigned, {1});
    BOOST_TEST(m.resume(worker_event::stop, {1}).actions == act::nothing);
    BOOST_TEST(m.state() == worker_state::busy);
    auto stopping = machine_after({worker_event::started, worker_event::hello, worker_event::stop});
    BOOST_TEST(stopping.resume(worker_event::stop).actions == act::nothing);
}

BOOST_AUTO_TEST_CASE(stop_before_hello_keeps_the_hello_deadline)
{
    auto m = machine_after({worker_event::started});
    auto step = m.resume(worker_event::stop);
    BOOST_TEST(step.actions == (act::send_stop | act::watch_exit));
    BOOST_TEST(m.timer() == worker_timer::hello);
    // Its hello comes: now the stop grace runs.
    step = m.resume(worker_event::hello);
    BOOST_TEST(step.actions == act::arm_timer);
    BOOST_TEST(step.timer == worker_timer::stop_grace);
    BOOST_TEST(m.state() == worker_state::stopping);

    // Or it never comes.
    auto mute = machine_after({worker_event::started, worker_event::stop});
    step = mute.resume(worker_event::timer_expired);
    BOOST_TEST(mute.state() == worker_state::dying);
    BOOST_TEST(step.fault == d::worker_fault::no_hello);
}

BOOST_AUTO_TEST_CASE(no_hello_in_time)
{
    auto m = machine_after({worker_event::started});
    const auto step = m.resume(worker_event::timer_expired);
    BOOST_TEST(m.state() == worker_state::dying);
    BOOST_TEST(step.actions == (act::kill | act::close | act::watch_exit | act::disarm_timer));
    BOOST_TEST(step.fault == d::worker_fault::no_hello);
    BOOST_TEST(m.failed());
    BOOST_TEST(m.resume(worker_event::exited, {0, d::exit_kind::failed}).actions == (act::disarm_timer | act::release));
    BOOST_TEST(m.state() == worker_state::gone);
}

BOOST_AUTO_TEST_CASE(no_exit_after_stop)
{
    auto m = machine_after({worker_event::started, worker_event::hello, worker_event::stop});
    const auto step = m.resume(worker_event::timer_expired);
    BOOST_TEST(m.state() == worker_state::dying);
    BOOST_TEST(step.fault == d::worker_fault::no_exit);
    BOOST_TEST((step.actions & act::kill) != 0u);
}

BOOST_AUTO_TEST_CASE(stream_ends_unexpectedly)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    auto step = m.resume(worker_event::stream_closed);
    BOOST_TEST(m.state() == worker_state::dying);
    BOOST_TEST(step.actions == (act::watch_exit | act::arm_timer));
    BOOST_TEST(step.timer == worker_timer::exit_grace);
    BOOST_TEST(m.failed());
    // It lingers: killed.
    step = m.resume(worker_event::timer_expired);
    BOOST_TEST(step.actions == act::kill);
    BOOST_TEST(m.state() == worker_state::dying);
    m.resume(worker_event::exited, {0, d::exit_kind::failed});
    BOOST_TEST(m.state() == worker_state::gone);
}

BOOST_AUTO_TEST_CASE(exits_unexpectedly_then_drains)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    m.resume(worker_event::task_assigned, {1});
    auto step = m.resume(worker_event::exited, {1, d::exit_kind::clean});
    BOOST_TEST(m.state() == worker_state::draining);
    BOOST_TEST(step.actions == act::arm_timer);
    BOOST_TEST(step.timer == worker_timer::exit_grace);
    BOOST_TEST(m.failed()); // exiting unasked breaks the pool, whatever its status
    BOOST_TEST(m.listening()); // what it wrote before it went is still read
    step = m.resume(worker_event::stream_closed);
    BOOST_TEST(m.state() == worker_state::gone);
    BOOST_TEST(step.actions == (act::close | act::disarm_timer | act::release));

    // Its stream never ends (a process it left holds it): gone after the grace.
    auto held = machine_after({worker_event::started, worker_event::hello, worker_event::exited});
    step = held.resume(worker_event::timer_expired);
    BOOST_TEST(held.state() == worker_state::gone);
    BOOST_TEST(step.actions == (act::close | act::release));
}

BOOST_AUTO_TEST_CASE(stops_reading)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    auto step = m.resume(worker_event::send_failed);
    BOOST_TEST(m.state() == worker_state::failing);
    BOOST_TEST(step.actions == (act::watch_exit | act::arm_timer));
    BOOST_TEST(!m.accepts_tasks());
    BOOST_TEST(m.listening());
    step = m.resume(worker_event::timer_expired);
    BOOST_TEST(m.state() == worker_state::dying);
    BOOST_TEST(step.fault == d::worker_fault::not_reading);

    auto exits = machine_after({worker_event::started, worker_event::hello, worker_event::send_failed});
    exits.resume(worker_event::exited, {0, d::exit_kind::failed});
    BOOST_TEST(exits.state() == worker_state::draining);
}

BOOST_AUTO_TEST_CASE(put_down_from_every_state)
{
    const std::vector<std::pair<std::vector<worker_event>, worker_state>> cases = {
        {{worker_event::started}, worker_state::dying},
        {{worker_event::started, worker_event::hello}, worker_state::dying},
        {{worker_event::started, worker_event::hello, worker_event::stop}, worker_state::dying},
        {{worker_event::started, worker_event::hello, worker_event::stop, worker_event::stream_closed},
         worker_state::dying},
        {{worker_event::started, worker_event::hello, worker_event::send_failed}, worker_state::dying},
        {{worker_event::started, worker_event::hello, worker_event::exited}, worker_state::gone},
    };
    for (const auto& [events, after] : cases)
    {
        d::worker_machine m;
        for (auto e : events)
            m.resume(e);
        const auto step = m.resume(worker_event::put_down);
        BOOST_TEST(m.state() == after);
        BOOST_TEST(m.failed());
        if (after == worker_state::dying)
            BOOST_TEST(step.actions == (act::kill | act::close | act::watch_exit | act::disarm_timer));
        else
            BOOST_TEST(step.actions == (act::close | act::disarm_timer | act::release)); // exited already
        BOOST_TEST(!m.listening());
        BOOST_TEST(m.resume(worker_event::put_down).actions == act::nothing);
    }
}

BOOST_AUTO_TEST_CASE(put_down_while_launching)
{
    d::worker_machine m;
    BOOST_TEST(m.resume(worker_event::put_down).actions == act::nothing);
    BOOST_TEST(m.state() == worker_state::launching);
    // Killed as soon as it exists.
    BOOST_TEST(m.resume(worker_event::started).actions == (act::kill | act::close | act::watch_exit));
    BOOST_TEST(m.state() == worker_state::dying);
}

BOOST_AUTO_TEST_CASE(signals)
{
    auto m = machine_after({worker_event::started, worker_event::hello});
    BOOST_TEST(m.resume(worker_event::signal, {0, d::exit_kind::unknown, true}).actions ==
               (act::kill | act::watch_exit));
    BOOST_TEST(m.resume(worker_event::signal, {0, d::exit_kind::unknown, false}).actions ==
               (act::terminate | act::watch_exit));
    BOOST_TEST(m.state() == worker_state::idle);
    // Exited already: its pid may be someone else's now.
    auto exited = machine_after({worker_event::started, worker_event::hello, worker_event::exited});
    BOOST_TEST(exited.resume(worker_event::signal, {0, d::exit_kind::unknown, true}).actions == act::nothing);
}

BOOST_AUTO_TEST_CASE(gone_is_final_and_late_events_do_nothing)
{
    auto m = machine_after({worker_event::started, worker_event::hello, worker_event::stop, worker_event::exited});
    BOOST_TEST(m.state() == worker_state::gone);
    for (auto e : {worker_event::started, worker_event::start_failed, worker_event::hello, worker_event::task_assigned,
                   worker_event::task_answered, worker_event::stop, worker_event::put_down, worker_event::signal,
                   worker_event::stream_closed, worker_event::send_failed, worker_event::exited,
                   worker_event::timer_expired})
    {
        BOOST_TEST(m.resume(e).actions == act::nothing);
        BOOST_TEST(m.state() == worker_state::gone);
    }
    // A deadline that was never armed.
    auto idle = machine_after({worker_event::started, worker_event::hello});
    BOOST_TEST(idle.resume(worker_event::timer_expired).actions == act::nothing);
    BOOST_TEST(idle.state() == worker_state::idle);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hand_out)

BOOST_AUTO_TEST_CASE(at_most_max_workers_plus_one_each_worker_two)
{
    harness h(workers(2));
    for (int i = 0; i < 10; ++i)
        h.submit();
    auto actions = h.run();
    // Started one at a time, on demand: each new one is idle, so it takes the next task.
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).size() == 2u);
    BOOST_TEST(tasks_sent(actions, 1).size() == 2u);
    BOOST_TEST(tasks_sent(actions, 2).size() == 1u);
    BOOST_TEST(h.core.handed_out() == 3u);
    BOOST_TEST(h.core.pending() == 7u);
    std::size_t running = 0;
    for (auto& f : h.futures)
        running += f.running();
    BOOST_TEST(running == 3u);
    BOOST_TEST(h.futures[3].cancel()); // still pending: cancellable

    // Answers free room; the rule holds all along.
    h.hello(1);
    h.hello(2);
    std::size_t answered = 0;
    for (int round = 0; round < 20 && answered < 9; ++round)
    {
        for (d::worker_id id : {d::worker_id{1}, d::worker_id{2}})
        {
            const auto& wk = h.worker(id);
            if (!wk.in_flight.empty())
            {
                h.answer(id, wk.in_flight.front().id, 7);
                ++answered;
                h.run();
                BOOST_TEST(h.core.handed_out() <= 3u);
                BOOST_TEST(h.worker(1).tasks <= 2u);
                BOOST_TEST(h.worker(2).tasks <= 2u);
            }
        }
    }
    BOOST_TEST(answered == 9u);
    for (std::size_t i = 0; i < h.futures.size(); ++i)
    {
        if (i == 3)
        {
            BOOST_TEST((h.futures[i].state() == cf::future_state::cancelled_and_notified));
            continue;
        }
        BOOST_TEST(h.futures[i].result(0s) == 7);
    }
    // The cancelled one was never sent.
    BOOST_TEST(tasks_sent(h.all).size() == 9u);
}

BOOST_AUTO_TEST_CASE(an_idle_worker_first)
{
    harness h(workers(4));
    h.submit();
    h.run();
    h.hello(1);
    h.answer(1, h.worker(1).in_flight.front().id, 1);
    h.run();
    // The one worker is idle again: the next task goes to it, no new one starts.
    h.submit();
    const auto actions = h.run();
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).empty());
    BOOST_TEST(tasks_sent(actions, 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(chunks_travel_as_chunks)
{
    harness h(workers(1));
    h.submit(true);
    const auto sent = tasks_sent(h.run());
    BOOST_REQUIRE(sent.size() == 1u);
    BOOST_TEST((sent[0].frame == w::kind::chunk));
    BOOST_TEST(sent[0].payload == "payload 0");
}

BOOST_AUTO_TEST_CASE(a_worker_on_its_way_gets_the_next_task)
{
    // A transport that starts workers asynchronously answers later.
    harness h(workers(2));
    h.submit();
    auto a = h.core.next_action();
    BOOST_TEST((a.type == pool_action_type::start_workers));
    h.submit(); // worker 1 still launching: nothing else starts
    BOOST_TEST(!h.core.has_action());
    h.core.worker_started(a.worker, 77);
    const auto actions = h.run();
    BOOST_TEST(tasks_sent(actions, 1).size() == 1u);
    BOOST_TEST(tasks_sent(actions, 2).size() == 1u);
}

BOOST_AUTO_TEST_CASE(all_at_once_and_fixed_supplies)
{
    d::pool_config all = workers(3);
    all.supply = d::worker_supply::all_at_once;
    harness h(all);
    h.submit();
    const auto starts = of_type(h.run(), pool_action_type::start_workers);
    BOOST_REQUIRE(starts.size() == 1u);
    BOOST_TEST(starts[0].count == 3u);

    d::pool_config fixed = workers(2);
    fixed.supply = d::worker_supply::fixed;
    harness f(fixed);
    const auto first = f.core.add_worker(501);
    f.core.add_worker(502);
    for (int i = 0; i < 5; ++i)
        f.submit();
    const auto actions = f.run();
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).empty());
    BOOST_TEST(tasks_sent(actions).size() == 3u);
    BOOST_TEST(f.worker(first).pid == 501);

    fixed.max_tasks_per_child = 2;
    BOOST_CHECK_THROW(d::pool_dispatcher{fixed}, std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(initializer_first)
{
    d::pool_config c = workers(1);
    c.initializer_function = "init";
    c.initializer_payload = "init payload";
    harness h(c);
    h.submit();
    const auto sends = of_type(h.run(), pool_action_type::send, 1);
    BOOST_REQUIRE(sends.size() == 2u);
    BOOST_TEST((sends[0].frame == w::kind::initialize));
    BOOST_TEST(sends[0].payload == "init payload");
    BOOST_TEST((sends[1].frame == w::kind::task));
    BOOST_TEST(h.core.handed_out() == 1u); // the initializer is no task
    h.hello(1);
    h.frame(1, w::kind::initialized, sends[0].task_id);
    h.answer(1, sends[1].task_id, 5);
    h.run();
    BOOST_TEST(h.futures[0].result(0s) == 5);
    BOOST_TEST(!h.core.broken());
}

BOOST_AUTO_TEST_CASE(initializer_failure_breaks_the_pool)
{
    d::pool_config c = workers(1);
    c.initializer_function = "init";
    harness h(c);
    h.submit();
    const auto sends = of_type(h.run(), pool_action_type::send, 1);
    h.hello(1);
    h.frame(1, w::kind::error, sends[0].task_id,
            w::encode_error(w::error_origin::initializer_failed, "std::invalid_argument", "bad init"));
    h.run();
    BOOST_TEST(h.core.broken());
    const std::string what = error_text(h.futures[0]);
    BOOST_TEST(contains(what, "the initializer failed in worker process 1001 (std::invalid_argument: bad init)"),
               what);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(shutting_down)

BOOST_AUTO_TEST_CASE(cancel_futures_cancels_what_was_not_handed_out)
{
    harness h(workers(1));
    for (int i = 0; i < 6; ++i)
        h.submit();
    h.run();
    h.core.shutdown(true);
    h.run();
    BOOST_TEST(h.core.pending() == 0u);
    for (std::size_t i = 2; i < 6; ++i)
        BOOST_TEST((h.futures[i].state() == cf::future_state::cancelled_and_notified));
    // The two handed out finish, then the worker is told to stop.
    h.hello(1);
    const auto& sent = h.worker(1).in_flight;
    const auto first = sent[0].id;
    const auto second = sent[1].id;
    h.answer(1, first, 1);
    BOOST_TEST(!stop_sent(h.run(), 1));
    h.answer(1, second, 2);
    BOOST_TEST(stop_sent(h.run(), 1));
    BOOST_TEST(h.futures[1].result(0s) == 2);
    BOOST_TEST(!h.core.finished());
    h.core.channel_closed(1);
    h.core.exited(1, d::exit_kind::clean, "exited with status 0");
    const auto last = h.run();
    BOOST_TEST(has(last, pool_action_type::release, 1));
    BOOST_TEST(has(last, pool_action_type::finished, 0));
    BOOST_TEST(h.core.finished());
    BOOST_TEST(!h.core.broken());
}

BOOST_AUTO_TEST_CASE(without_cancel_everything_runs)
{
    harness h(workers(1));
    for (int i = 0; i < 4; ++i)
        h.submit();
    h.run();
    h.core.shutdown(false);
    h.run();
    h.hello(1);
    for (int i = 0; i < 4; ++i)
    {
        h.answer(1, h.worker(1).in_flight.front().id, i);
        h.run();
    }
    for (int i = 0; i < 4; ++i)
        BOOST_TEST(h.futures[static_cast<std::size_t>(i)].result(0s) == i);
    BOOST_TEST(stop_sent(h.all, 1));
}

BOOST_AUTO_TEST_CASE(idle_pool_finishes_at_once)
{
    harness h(workers(2));
    h.core.shutdown(false);
    BOOST_TEST(has(h.run(), pool_action_type::finished, 0));
}

BOOST_AUTO_TEST_CASE(lost_exit_status_after_stop_is_a_clean_exit)
{
    // SIGCHLD ignored: waitpid says ECHILD, the status is unknown.
    harness h(workers(1));
    h.submit();
    h.run();
    h.hello(1);
    h.answer(1, h.worker(1).in_flight.front().id, 3);
    h.core.shutdown(false);
    BOOST_TEST(stop_sent(h.run(), 1));
    h.core.exited(1, d::exit_kind::unknown, "exited (its status was taken by someone else)");
    const auto last = h.run();
    BOOST_TEST(!h.core.broken());
    BOOST_TEST(has(last, pool_action_type::finished, 0));
}

BOOST_AUTO_TEST_CASE(stopped_before_its_initializer_answer_was_read)
{
    // A worker started for a task cancelled meanwhile holds only the
    // initializer when the pool shuts down; its exit may be seen (pidfd)
    // before its answers are read. That is a clean exit.
    d::pool_config c = workers(1);
    c.initializer_function = "init";
    harness h(c);
    auto f = h.submit();
    const auto start = h.core.next_action();
    BOOST_TEST((start.type == pool_action_type::start_workers));
    BOOST_TEST(f.cancel());
    h.core.worker_started(start.worker, 77);
    h.core.shutdown(false);
    const auto actions = h.run();
    BOOST_TEST(stop_sent(actions, 1));
    BOOST_TEST(tasks_sent(actions).empty());
    h.core.exited(1, d::exit_kind::clean, "exited with status 0");
    BOOST_TEST(has(h.run(), pool_action_type::finished, 0));
    BOOST_TEST(!h.core.broken());
}

BOOST_AUTO_TEST_CASE(signal_workers_cancels_and_signals)
{
    harness h(workers(2));
    for (int i = 0; i < 5; ++i)
        h.submit();
    h.run();
    h.hello(1);
    h.hello(2);
    h.core.signal_workers(false);
    const auto actions = h.run();
    BOOST_TEST(has(actions, pool_action_type::terminate, 1));
    BOOST_TEST(has(actions, pool_action_type::terminate, 2));
    BOOST_TEST((h.futures[4].state() == cf::future_state::cancelled_and_notified));
    h.core.exited(1, d::exit_kind::failed, "was killed by signal 15");
    h.core.channel_closed(1);
    h.run();
    BOOST_TEST(contains(error_text(h.futures[0]), "worker process 1001 was killed by signal 15"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recycling)

BOOST_AUTO_TEST_CASE(retires_after_max_tasks_per_child_and_is_replaced)
{
    d::pool_config c = workers(1);
    c.max_tasks_per_child = 2;
    harness h(c);
    for (int i = 0; i < 5; ++i)
        h.submit();
    h.run();
    h.hello(1);
    BOOST_TEST(tasks_sent(h.all, 1).size() == 2u);
    h.answer(1, h.worker(1).in_flight.front().id, 0);
    auto actions = h.run();
    BOOST_TEST(tasks_sent(actions).empty()); // it has had its two
    BOOST_TEST(!stop_sent(actions, 1));
    h.answer(1, h.worker(1).in_flight.front().id, 1);
    actions = h.run();
    BOOST_TEST(stop_sent(actions, 1));
    // No replacement while it is still there (max_workers counts it).
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).empty());
    h.core.exited(1, d::exit_kind::clean, "exited with status 0");
    actions = h.run();
    BOOST_TEST(has(actions, pool_action_type::release, 1));
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).size() == 1u);
    BOOST_TEST(tasks_sent(actions, 2).size() == 2u);
    BOOST_TEST(!h.core.broken());
}

// An answer in a shared memory region, once settled, is followed by a
// region_done for its task (the worker may then reuse the region), sent
// before the stop of a worker that retires on it; answers on the pipe get none.
BOOST_AUTO_TEST_CASE(an_answer_in_a_region_is_handed_back_before_the_stop)
{
    d::pool_config c = workers(1);
    c.max_tasks_per_child = 2;
    harness h(c);
    auto first = h.submit();
    auto second = h.submit();
    h.run();
    h.hello(1);
    h.answer(1, h.worker(1).in_flight.front().id, 5);
    auto actions = h.run();
    BOOST_TEST(first.result(0s) == 5);
    for (const auto& a : of_type(actions, pool_action_type::send, 1))
        BOOST_TEST((a.frame != w::kind::region_done), "an answer on the pipe gets no region_done");

    const std::uint64_t task = h.worker(1).in_flight.front().id;
    w::frame f{w::header{static_cast<std::uint32_t>(w::region_ref_size), w::kind::result, w::flag_shared, task},
               w::encode_region_ref({0, 1})};
    f.region = d::shared_region::create(1);
    f.region.data()[0] = '7';
    f.region.resize(1);
    h.core.frame_received(1, f);
    actions = h.run();
    BOOST_TEST(second.result(0s) == 7);
    const auto sent = of_type(actions, pool_action_type::send, 1);
    BOOST_TEST_REQUIRE(sent.size() == 2u);
    BOOST_TEST((sent[0].frame == w::kind::region_done));
    BOOST_TEST(sent[0].task_id == task);
    BOOST_TEST(sent[0].payload.empty());
    BOOST_TEST((sent[1].frame == w::kind::stop)); // retired after its second task, after the region_done
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(breaking)

BOOST_AUTO_TEST_CASE(tasks_in_every_state_fail_or_are_notified)
{
    harness h(workers(1));
    auto running = h.submit();   // handed out, first: running in the worker
    auto queued = h.submit();    // handed out, second: waiting in the worker
    auto pending = h.submit();   // pending in the parent
    auto cancelled = h.submit(); // pending, then cancelled by its owner
    h.run();
    h.hello(1);
    BOOST_TEST(cancelled.cancel());
    BOOST_TEST(running.running());
    BOOST_TEST(queued.running());
    BOOST_TEST((pending.state() == cf::future_state::pending));
    // The worker is killed; it had written nothing more.
    h.core.exited(1, d::exit_kind::failed, "was killed by signal 9");
    h.run();
    BOOST_TEST(!h.core.broken()); // not yet: what it wrote before is read first
    BOOST_TEST(h.state(1) == worker_state::draining);
    h.core.channel_closed(1);
    const auto actions = h.run();
    BOOST_TEST(h.core.broken());
    BOOST_TEST(has(actions, pool_action_type::release, 1));
    BOOST_REQUIRE(h.broken_messages.size() == 1u);
    BOOST_TEST(h.done_when_broken == 0u); // told before any future failed
    const std::string message = h.broken_messages[0];
    BOOST_TEST(contains(message, "worker process 1001 was killed by signal 9"), message);
    BOOST_TEST(contains(message, "the process pool is not usable anymore"), message);
    for (auto* f : {&running, &queued, &pending})
    {
        BOOST_CHECK_THROW(f->result(0s), cf::broken_process_pool);
        BOOST_TEST(error_text(*f) == message);
    }
    BOOST_TEST((cancelled.state() == cf::future_state::cancelled_and_notified));
    // Later tasks fail at once.
    auto late = h.submit();
    BOOST_CHECK_THROW(late.result(0s), cf::broken_process_pool);
    BOOST_TEST(tasks_sent(h.run()).empty());
}

BOOST_AUTO_TEST_CASE(answers_written_before_an_exit_still_count)
{
    harness h(workers(1));
    auto first = h.submit();
    auto second = h.submit();
    h.run();
    h.hello(1);
    const auto first_id = h.worker(1).in_flight.front().id;
    h.core.exited(1, d::exit_kind::failed, "exited with status 3");
    h.answer(1, first_id, 11);
    h.core.channel_closed(1);
    h.run();
    BOOST_TEST(first.result(0s) == 11);
    BOOST_TEST(contains(error_text(second), "worker process 1001 exited with status 3"));
}

BOOST_AUTO_TEST_CASE(every_other_worker_is_killed)
{
    harness h(workers(3));
    for (int i = 0; i < 4; ++i)
        h.submit();
    h.run();
    for (d::worker_id id : {1, 2, 3})
        h.hello(id);
    h.core.channel_closed(2);
    h.core.exited(2, d::exit_kind::failed, "was killed by signal 9");
    const auto actions = h.run();
    BOOST_TEST(has(actions, pool_action_type::kill, 1));
    BOOST_TEST(has(actions, pool_action_type::kill, 3));
    BOOST_TEST(has(actions, pool_action_type::close, 1));
    BOOST_TEST(h.state(1) == worker_state::dying);
    // The pool finishes once they are reaped too.
    h.core.shutdown(false);
    h.core.exited(1, d::exit_kind::failed, "was killed by signal 9");
    h.core.exited(3, d::exit_kind::failed, "was killed by signal 9");
    BOOST_TEST(has(h.run(), pool_action_type::finished, 0));
}

BOOST_AUTO_TEST_CASE(start_failures)
{
    harness h(workers(2));
    h.start_fails = "no such program";
    h.submit();
    h.run();
    BOOST_TEST(h.core.broken());
    BOOST_TEST(contains(error_text(h.futures[0]), "could not start a worker process: no such program"));

    // With a worker running, a failed start is only a warning.
    harness g(workers(2));
    g.submit();
    g.run();
    g.start_fails = "out of processes";
    g.submit();
    g.submit();
    const auto actions = g.run();
    BOOST_TEST(!g.core.broken());
    BOOST_TEST(of_type(actions, pool_action_type::start_workers).size() == 1u); // tried once, not again and again
    BOOST_TEST(tasks_sent(g.all, 1).size() == 2u);
}

BOOST_AUTO_TEST_CASE(hello_deadline_names_the_program)
{
    harness h(workers(1));
    h.submit();
    auto actions = h.run();
    const auto timers = of_type(actions, pool_action_type::arm_timer, 1);
    BOOST_REQUIRE(timers.size() == 1u);
    BOOST_TEST(timers[0].delay.count() == 5000);
    h.core.timer_expired(1, timers[0].generation - 1); // stale: ignored
    BOOST_TEST(!h.core.broken());
    h.expire(1);
    actions = h.run();
    BOOST_TEST(h.core.broken());
    BOOST_TEST(has(actions, pool_action_type::kill, 1));
    const std::string what = error_text(h.futures[0]);
    BOOST_TEST(contains(what, "worker process 1001 did not say hello within 5 s: is '/path/to/worker' a "
                              "Boost.ConcurrentFutures worker program"),
               what);
}

BOOST_AUTO_TEST_CASE(a_fault_in_the_shell_puts_the_worker_down)
{
    harness h(workers(1));
    h.submit();
    h.run();
    h.hello(1);
    h.core.fault(1, std::make_exception_ptr(std::bad_alloc()));
    const auto actions = h.run();
    BOOST_TEST(has(actions, pool_action_type::kill, 1));
    const std::string what = error_text(h.futures[0]);
    BOOST_TEST(contains(what, "worker process 1001 could not be served: the parent ran out of memory "
                              "(std::bad_alloc) and was killed"),
               what);

    harness g(workers(1));
    g.submit();
    g.core.fault(std::nullopt, std::make_exception_ptr(std::runtime_error("oops")));
    g.run();
    BOOST_TEST(contains(error_text(g.futures[0]), "the process pool's manager failed: std::runtime_error: oops"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(protocol)

// One task handed to worker 1, which said hello; its task id.
std::uint64_t one_task(harness& h, bool greet = true)
{
    h.submit();
    h.run();
    if (greet)
        h.hello(1);
    return h.worker(1).in_flight.front().id;
}

void check_violation(harness& h, const std::string& needle)
{
    const auto actions = h.run();
    BOOST_TEST(h.core.broken());
    BOOST_TEST(has(actions, pool_action_type::kill, 1));
    BOOST_TEST(has(actions, pool_action_type::close, 1));
    BOOST_TEST(h.state(1) == worker_state::dying);
    const std::string what = error_text(h.futures[0]);
    BOOST_TEST(contains(what, "worker process 1001 " + needle), what);
    BOOST_TEST(contains(what, "and was killed"), what);
}

BOOST_AUTO_TEST_CASE(wrong_task_id)
{
    harness h(workers(1));
    const auto id = one_task(h);
    h.answer(1, id + 5, 1);
    check_violation(h, "broke the protocol: an answer for task " + std::to_string(id + 5) +
                           ", but its oldest task is " + std::to_string(id));
}

BOOST_AUTO_TEST_CASE(wrong_kind)
{
    harness h(workers(1));
    const auto id = one_task(h);
    h.frame(1, w::kind::chunk_result, id, w::encode_chunk_results(1, ""));
    check_violation(h, "broke the protocol: a chunk_result answer to a task");
}

BOOST_AUTO_TEST_CASE(a_frame_only_the_parent_sends)
{
    harness h(workers(1));
    one_task(h);
    h.frame(1, w::kind::task, 0);
    check_violation(h, "broke the protocol: it sent a task frame");
}

BOOST_AUTO_TEST_CASE(duplicate_answer)
{
    harness h(workers(1));
    auto first = h.submit();
    h.submit();
    h.run();
    h.hello(1);
    const auto id = h.worker(1).in_flight.front().id;
    h.answer(1, id, 1);
    h.answer(1, id, 1);
    h.futures.erase(h.futures.begin()); // check the second one
    check_violation(h, "broke the protocol: an answer for task " + std::to_string(id) + ", but its oldest task is");
    BOOST_TEST(first.result(0s) == 1);
}

BOOST_AUTO_TEST_CASE(answer_to_a_cancelled_task)
{
    // Cancelled while pending: never sent, so never answerable.
    harness h(workers(1));
    h.submit();
    auto second = h.submit();
    auto never_sent = h.submit();
    BOOST_TEST(never_sent.cancel());
    h.run();
    h.hello(1);
    const auto first = h.worker(1).in_flight.front().id;
    h.answer(1, first, 1);
    h.answer(1, first + 1, 2); // the second, handed out: fine
    h.run();
    BOOST_TEST(second.result(0s) == 2);
    h.answer(1, first + 2, 3); // what the cancelled one would have been
    h.futures = {h.submit()};
    check_violation(h, "broke the protocol: an answer for task " + std::to_string(first + 2));
}

BOOST_AUTO_TEST_CASE(frame_before_hello)
{
    harness h(workers(1));
    const auto id = one_task(h, false);
    h.answer(1, id, 1);
    check_violation(h, "broke the protocol: a result frame before its hello");
}

BOOST_AUTO_TEST_CASE(second_hello)
{
    harness h(workers(1));
    one_task(h);
    h.hello(1);
    check_violation(h, "broke the protocol: a second hello");
}

BOOST_AUTO_TEST_CASE(another_protocol_version)
{
    harness h(workers(1));
    one_task(h, false);
    h.hello(1, w::protocol_version + 1);
    check_violation(h, "speaks protocol version " + std::to_string(w::protocol_version + 1) +
                           ", this program speaks version " + std::to_string(w::protocol_version) +
                           ": '/path/to/worker' was built against another Boost.ConcurrentFutures");
}

BOOST_AUTO_TEST_CASE(garbage_on_the_stream)
{
    harness h(workers(1));
    one_task(h);
    h.core.stream_failed(1, "truncated frame");
    check_violation(h, "broke the protocol: truncated frame");
}

BOOST_AUTO_TEST_CASE(frames_after_being_put_down_are_ignored)
{
    harness h(workers(1));
    const auto id = one_task(h);
    h.answer(1, id + 9, 1);
    h.run();
    const std::string first = error_text(h.futures[0]);
    h.answer(1, id, 5); // read in the same chunk, after the violation
    h.run();
    BOOST_TEST(error_text(h.futures[0]) == first);
}

BOOST_AUTO_TEST_CASE(results_and_errors_settle_their_futures)
{
    harness h(workers(1));
    auto ok = h.submit();
    auto remote = h.submit();
    h.run();
    h.hello(1);
    const auto id = h.worker(1).in_flight.front().id;
    h.answer(1, id, 42);
    h.run();
    h.frame(1, w::kind::error, id + 1, w::encode_error(w::error_origin::raised, "some::error", "went wrong"));
    h.run();
    BOOST_TEST(ok.result(0s) == 42);
    BOOST_CHECK_THROW(remote.result(0s), cf::remote_error);
    BOOST_TEST(!h.core.broken());
    // An undecodable result fails only its own future.
    auto bad = h.submit();
    h.run();
    h.answer(1, h.worker(1).in_flight.front().id, 0);
    h.run();
    h.submit();
    h.run();
    h.frame(1, w::kind::result, h.worker(1).in_flight.front().id, "not a number");
    h.run();
    BOOST_CHECK_THROW(h.futures.back().result(0s), cf::serialization_error);
    BOOST_TEST(contains(error_text(h.futures.back()), "could not deserialize the result of 'fn' from worker 1001"));
    BOOST_TEST(!h.core.broken());
    BOOST_TEST(bad.result(0s) == 0);
}

BOOST_AUTO_TEST_CASE(errors_name_the_worker_as_the_pool_describes_it)
{
    // The MPI pool names a rank and its host, not only a pid.
    auto config = workers(1);
    config.describe_worker = [](long pid) { return "MPI worker " + std::to_string(pid) + " (rank 1 on host n1)"; };
    harness h(std::move(config));
    auto raised = h.submit();
    auto unknown = h.submit();
    h.run();
    h.hello(1);
    const auto id = h.worker(1).in_flight.front().id;
    h.frame(1, w::kind::error, id, w::encode_error(w::error_origin::raised, "some::error", "went wrong"));
    h.frame(1, w::kind::error, id + 1, w::encode_error(w::error_origin::unknown_function, "", "no function named 'fn'"));
    h.run();
    BOOST_CHECK_EXCEPTION(raised.result(0s), cf::remote_error, [](const cf::remote_error& e) {
        return e.where() == "MPI worker 1001 (rank 1 on host n1)" && e.pid() == 1001 &&
               contains(e.what(), "went wrong (in MPI worker 1001 (rank 1 on host n1))");
    });
    BOOST_TEST(contains(error_text(unknown), "(MPI worker 1001 (rank 1 on host n1))"));
    // Unset, the words stay as they were.
    harness plain(workers(1));
    auto f = plain.submit();
    plain.run();
    plain.hello(1);
    plain.frame(1, w::kind::error, plain.worker(1).in_flight.front().id,
                w::encode_error(w::error_origin::raised, "some::error", "went wrong"));
    plain.run();
    BOOST_CHECK_EXCEPTION(f.result(0s), cf::remote_error, [](const cf::remote_error& e) {
        return e.where() == "worker process 1001" && contains(e.what(), "(in worker process 1001)");
    });
}

BOOST_AUTO_TEST_SUITE_END()
