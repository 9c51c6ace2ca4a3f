//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The transitions of one worker's life (detail/pool_worker.hpp): from the
// events the dispatcher passes on to what the transport shell must do.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/pool_worker.hpp>

namespace boost {
namespace concurrent_futures {
namespace detail {

const char* to_string(worker_state s) noexcept
{
    switch (s)
    {
    case worker_state::launching:
        return "launching";
    case worker_state::starting:
        return "starting";
    case worker_state::idle:
        return "idle";
    case worker_state::busy:
        return "busy";
    case worker_state::stopping:
        return "stopping";
    case worker_state::stopped:
        return "stopped";
    case worker_state::failing:
        return "failing";
    case worker_state::draining:
        return "draining";
    case worker_state::dying:
        return "dying";
    case worker_state::gone:
        return "gone";
    }
    return "unknown";
}

worker_step worker_machine::go(worker_state next, unsigned actions, worker_timer timer)
{
    state_ = next;
    if (actions & worker_do::arm_timer)
        timer_ = timer;
    else if (actions & worker_do::disarm_timer)
        timer_ = worker_timer::none;
    return worker_step{actions, timer, worker_fault::none};
}

worker_step worker_machine::put_down(worker_fault fault)
{
    using namespace worker_do;
    worker_step step;
    switch (state_)
    {
    case worker_state::launching:
        failed_ = true; // killed as soon as it has started
        return step;
    case worker_state::draining:
        step = go(worker_state::gone, close | disarm_timer | release); // already exited
        break;
    case worker_state::dying:
    case worker_state::gone:
        return step;
    default:
        step = go(worker_state::dying, kill | close | watch_exit | disarm_timer);
        break;
    }
    failed_ = true;
    step.fault = fault;
    return step;
}

// Its stream or its process ends while it was not told to stop: that breaks
// the pool. True (and failed() from now on) if so.
bool worker_machine::unasked_end() noexcept
{
    if (!accepts_tasks() && state_ != worker_state::failing)
        return false;
    failed_ = true;
    return true;
}

worker_step worker_machine::deadline_passed()
{
    using namespace worker_do;
    const worker_timer which = timer_;
    timer_ = worker_timer::none;
    switch (which)
    {
    case worker_timer::hello:
        if (state_ == worker_state::starting || (state_ == worker_state::stopping && !greeted_))
            return put_down(worker_fault::no_hello);
        break;
    case worker_timer::stop_grace:
        if (state_ == worker_state::stopping || state_ == worker_state::stopped)
            return put_down(worker_fault::no_exit);
        break;
    case worker_timer::exit_grace:
        if (state_ == worker_state::failing)
            return put_down(worker_fault::not_reading);
        if (state_ == worker_state::draining) // what it wrote before it went has been read
            return go(worker_state::gone, close | release);
        if (state_ == worker_state::dying) // its stream ended, but it lingers
            return worker_step{kill};
        break;
    case worker_timer::none:
        break;
    }
    return {};
}

worker_step worker_machine::resume(worker_event event, const worker_input& in)
{
    using namespace worker_do;
    using s = worker_state;
    switch (event)
    {
    case worker_event::started:
        if (state_ != s::launching)
            return {};
        if (failed_)
            return go(s::dying, kill | close | watch_exit);
        return go(s::starting, arm_timer, worker_timer::hello);

    case worker_event::start_failed:
        return state_ == s::launching ? go(s::gone, release) : worker_step{};

    case worker_event::hello:
        greeted_ = true;
        if (state_ == s::starting)
            return go(in.tasks ? s::busy : s::idle, disarm_timer);
        if (state_ == s::stopping && timer_ == worker_timer::hello)
            return go(s::stopping, arm_timer, worker_timer::stop_grace);
        return {};

    case worker_event::task_assigned:
        return state_ == s::idle ? go(s::busy, nothing) : worker_step{};

    case worker_event::task_answered:
        return state_ == s::busy && in.tasks == 0 ? go(s::idle, nothing) : worker_step{};

    case worker_event::stop:
        if (!accepts_tasks() || in.tasks != 0)
            return {};
        // Before its hello, the hello deadline stays: it is the shorter one.
        if (timer_ == worker_timer::hello)
            return go(s::stopping, send_stop | watch_exit);
        return go(s::stopping, send_stop | watch_exit | arm_timer, worker_timer::stop_grace);

    case worker_event::put_down:
        return put_down(worker_fault::none);

    case worker_event::signal:
        if (accepts_tasks() || state_ == s::stopping || state_ == s::stopped || state_ == s::failing)
            return worker_step{(in.force ? kill : terminate) | watch_exit};
        return {};

    case worker_event::stream_closed:
        if (unasked_end())
            return go(s::dying, watch_exit | arm_timer, worker_timer::exit_grace); // its exit status says how
        if (state_ == s::stopping)
            return go(s::stopped, nothing);
        if (state_ == s::draining)
            return go(s::gone, close | disarm_timer | release);
        return {};

    case worker_event::send_failed:
        if (!accepts_tasks())
            return {};
        failed_ = true;
        return go(s::failing, watch_exit | arm_timer, worker_timer::exit_grace);

    case worker_event::exited:
        if (unasked_end())
            return go(s::draining, arm_timer, worker_timer::exit_grace);
        if (state_ == s::stopping || state_ == s::stopped)
        {
            // Told to stop, and gone: clean unless its status says otherwise.
            // A lost status is no evidence of trouble, and it holds no task;
            // nothing it could still write matters.
            failed_ = failed_ || in.exit == exit_kind::failed;
            return go(s::gone, close | disarm_timer | release);
        }
        if (state_ == s::dying)
            return go(s::gone, disarm_timer | release);
        return {};

    case worker_event::timer_expired:
        return deadline_passed();
    }
    return {};
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
