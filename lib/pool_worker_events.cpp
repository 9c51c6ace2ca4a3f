//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What the transport shell reports about one worker (started, a frame, the
// end of its stream, its exit, a deadline, a fault of the shell itself),
// turned into events of that worker's machine, answers settled, and the
// consequences for the pool; the actions that follow go back to the shell
// (detail/pool_dispatcher.hpp). Who gets the next task is decided in
// pool_dispatcher.cpp.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/pool_answer.hpp>
#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <algorithm>
#include <new>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

std::string duration_text(std::chrono::milliseconds d)
{
    if (d.count() % 1000 == 0)
        return std::to_string(d.count() / 1000) + " s";
    return std::to_string(d.count()) + " ms";
}

} // namespace

worker_id pool_dispatcher::add_worker(long pid)
{
    pool_worker& w = workers_.emplace_back();
    w.id = next_worker_id_++;
    w.pid = pid;
    const worker_id id = w.id;
    apply(w, w.machine.resume(worker_event::started));
    send_initializer(w);
    after_event();
    return id;
}

void pool_dispatcher::worker_started(worker_id id, long pid)
{
    pool_worker* w = find(id);
    if (!w)
        return;
    w->pid = pid;
    apply(*w, w->machine.resume(worker_event::started));
    if (w->machine.state() == worker_state::starting)
        send_initializer(*w);
    start_blocked_ = false;
    after_event();
}

void pool_dispatcher::start_failed(worker_id id, const std::string& why)
{
    pool_worker* w = find(id);
    if (!w)
        return;
    apply(*w, w->machine.resume(worker_event::start_failed));
    const bool others = std::any_of(workers_.begin(), workers_.end(), [&](const pool_worker& o) {
        return o.id != id && o.machine.state() != worker_state::gone;
    });
    if (!others)
        break_pool("could not start a " + config_.worker_noun + ": " + why);
    else
    {
        log(log_level::warning, config_.pool_name + ": could not start another " + config_.worker_noun + " (" + why +
                                    "); going on with the workers there are");
        start_blocked_ = true;
    }
    after_event();
}

void pool_dispatcher::frame_received(worker_id id, const wire::frame& frame)
{
    pool_worker* w = find(id);
    if (!w || !w->machine.listening())
        return;
    const answer_verdict verdict = check_answer(
        w->machine.greeted(), w->in_flight.empty() ? nullptr : &w->in_flight.front(), frame, config_.program);
    switch (verdict.kind)
    {
    case answer_kind::hello:
        apply(*w, w->machine.resume(worker_event::hello, worker_input{w->tasks}));
        break;
    case answer_kind::violation:
        put_down(*w, verdict.why);
        break;
    case answer_kind::initialized:
        w->in_flight.pop_front();
        break;
    case answer_kind::initializer_failed:
        w->in_flight.pop_front();
        log(log_level::critical, "Exception in initializer: " + verdict.why);
        break_pool("the initializer failed in " +
                   (config_.describe_worker ? config_.describe_worker(w->pid)
                                            : config_.worker_noun + " " + std::to_string(w->pid)) +
                   " (" + verdict.why + ")");
        break;
    case answer_kind::settles:
    {
        pool_task task = std::move(w->in_flight.front());
        w->in_flight.pop_front();
        --w->tasks;
        --handed_out_;
        // Only errors name the worker: no words made for every result.
        const std::string worker = frame.head.type == wire::kind::error && config_.describe_worker
                                       ? config_.describe_worker(w->pid)
                                       : std::string();
        settle_answer(task, frame, w->pid, config_.pool_name, worker);
        // Read: the worker may reuse the answer's region (before any stop).
        if (frame.head.flags & wire::flag_shared)
        {
            pool_action done = action(pool_action_type::send, w->id);
            done.frame = wire::kind::region_done;
            done.task_id = task.id;
            push(std::move(done));
        }
        apply(*w, w->machine.resume(worker_event::task_answered, worker_input{w->tasks}));
        maybe_retire(*w);
        break;
    }
    }
    after_event();
}

void pool_dispatcher::stream_failed(worker_id id, const std::string& why)
{
    pool_worker* w = find(id);
    if (!w || !w->machine.listening())
        return;
    put_down(*w, "broke the protocol: " + why);
    after_event();
}

void pool_dispatcher::channel_closed(worker_id id)
{
    if (pool_worker* w = find(id))
    {
        apply(*w, w->machine.resume(worker_event::stream_closed, worker_input{w->tasks}));
        after_event();
    }
}

void pool_dispatcher::send_failed(worker_id id, const std::string& why)
{
    if (pool_worker* w = find(id))
    {
        w->send_error = why;
        apply(*w, w->machine.resume(worker_event::send_failed, worker_input{w->tasks}));
        after_event();
    }
}

void pool_dispatcher::exited(worker_id id, exit_kind kind, const std::string& how)
{
    if (pool_worker* w = find(id))
    {
        w->ending = how;
        apply(*w, w->machine.resume(worker_event::exited, worker_input{w->tasks, kind}));
        after_event();
    }
}

void pool_dispatcher::timer_expired(worker_id id, std::uint64_t generation)
{
    pool_worker* w = find(id);
    if (!w || generation != w->timer_generation)
        return; // re-armed or disarmed since
    apply(*w, w->machine.resume(worker_event::timer_expired, worker_input{w->tasks}));
    after_event();
}

void pool_dispatcher::fault(std::optional<worker_id> id, const std::exception_ptr& error) noexcept
{
    try
    {
        std::string what;
        try
        {
            std::rethrow_exception(error);
        }
        catch (const std::bad_alloc&)
        {
            what = "ran out of memory (std::bad_alloc)";
        }
        catch (...)
        {
            what = "failed: " + describe_exception(error);
        }
        if (pool_worker* w = id ? find(*id) : nullptr)
            put_down(*w, "could not be served: the parent " + what);
        else
            break_pool("the " + config_.pool_name + "'s manager " + what);
    }
    catch (...)
    {
        break_pool("the " + config_.pool_name + "'s manager failed");
    }
    try
    {
        after_event();
    }
    catch (...)
    {
        // Broken already: what is left is failing and stopping workers, which
        // the next event carries on.
    }
}

// Turns what the worker's machine decided into actions.
void pool_dispatcher::apply(pool_worker& w, const worker_step& step)
{
    using namespace worker_do;
    const unsigned todo = step.actions;
    if (todo & send_stop)
    {
        pool_action a = action(pool_action_type::send, w.id);
        a.frame = wire::kind::stop;
        push(std::move(a));
    }
    if (todo & (arm_timer | disarm_timer))
    {
        ++w.timer_generation;
        pool_action a = action((todo & arm_timer) ? pool_action_type::arm_timer : pool_action_type::disarm_timer, w.id);
        a.generation = w.timer_generation;
        a.delay = step.timer == worker_timer::hello        ? config_.hello_timeout
                  : step.timer == worker_timer::stop_grace ? config_.stop_grace
                                                           : config_.exit_grace;
        push(std::move(a));
    }
    if (todo & kill)
        push(action(pool_action_type::kill, w.id));
    else if (todo & terminate)
        push(action(pool_action_type::terminate, w.id));
    if (todo & close)
        push(action(pool_action_type::close, w.id));
    if (todo & watch_exit)
        push(action(pool_action_type::watch_exit, w.id));
    // release: by sweep(), once nothing of it is needed here.
    if (step.fault == worker_fault::none)
        return;
    if (w.trouble.empty())
    {
        switch (step.fault)
        {
        case worker_fault::no_hello:
            w.trouble = "did not say hello within " + duration_text(config_.hello_timeout) + ": is '" +
                        config_.program +
                        "' a Boost.ConcurrentFutures worker program (its main calls cf::serve_if_worker(argc, argv) "
                        "first, or returns cf::worker_main(argc, argv))?";
            break;
        case worker_fault::no_exit:
            w.trouble = "did not exit within " + duration_text(config_.stop_grace) + " of being told to stop";
            break;
        case worker_fault::not_reading:
            w.trouble = "stopped reading its tasks (" + w.send_error + ")";
            break;
        case worker_fault::none:
            break;
        }
    }
    break_pool(describe(w));
}

// Something went wrong with this worker: it is put down, and the pool breaks.
void pool_dispatcher::put_down(pool_worker& w, const std::string& why)
{
    if (w.trouble.empty())
        w.trouble = why;
    apply(w, w.machine.resume(worker_event::put_down));
    break_pool(describe(w));
}

std::string pool_dispatcher::describe(const pool_worker& w) const
{
    std::string out = config_.worker_noun + " " + std::to_string(w.pid) + " ";
    if (!w.trouble.empty())
        out += w.trouble + " and was killed";
    else if (!w.ending.empty())
        out += w.ending;
    else
        out += "ended unexpectedly";
    return out;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
