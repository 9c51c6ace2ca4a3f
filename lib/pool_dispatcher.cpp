//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Who runs what (detail/pool_dispatcher.hpp): the pending queue, the
// hand-out rule, which worker gets the next task, recycling, shutdown and
// breaking the pool. Tasks come from submit(); what happens to workers comes
// from the transport shell through pool_worker_events.cpp; the actions that
// follow go back to the shell through next_action().

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/pool_answer.hpp>
#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {

std::chrono::milliseconds hello_timeout_or(std::chrono::milliseconds fallback)
{
    if (const char* text = std::getenv("BOOST_CONCURRENT_FUTURES_HELLO_TIMEOUT_MS"))
    {
        char* end = nullptr;
        const long ms = std::strtol(text, &end, 10);
        if (end != text && *end == '\0' && ms > 0)
            return std::chrono::milliseconds(ms);
    }
    return fallback;
}

namespace {

std::exception_ptr default_broken(const std::string& message)
{
    return std::make_exception_ptr(broken_executor(message));
}

// A pending task nobody will run: cancelled, and its waiters told.
void cancel_task(pool_task& task) noexcept
{
    try
    {
        task.request.future->cancel();
        task.request.future->set_running_or_notify_cancel();
    }
    catch (...)
    {
        // Completed by hand before: nothing waits on it.
    }
}

// PENDING -> RUNNING; false if it was cancelled (now noticed) or completed by hand.
bool start_running(pool_task& task) noexcept
{
    try
    {
        return task.request.future->set_running_or_notify_cancel();
    }
    catch (...)
    {
        return false;
    }
}

} // namespace

pool_action pool_dispatcher::action(pool_action_type type, worker_id worker)
{
    pool_action a;
    a.type = type;
    a.worker = worker;
    return a;
}

pool_dispatcher::pool_dispatcher(pool_config config) : config_(std::move(config))
{
    if (config_.max_workers == 0)
        throw std::invalid_argument(config_.pool_name + ": max_workers must be greater than 0");
    if (config_.worker_depth == 0)
        throw std::invalid_argument(config_.pool_name + ": a worker must hold at least one task");
    if (config_.max_tasks_per_child)
    {
        if (*config_.max_tasks_per_child == 0)
            throw std::invalid_argument(config_.pool_name + ": max_tasks_per_child must be >= 1");
        if (config_.supply != worker_supply::on_demand)
            throw std::invalid_argument(config_.pool_name +
                                        ": max_tasks_per_child needs workers that can be started on demand");
    }
    if (!config_.make_broken)
        config_.make_broken = &default_broken;
    out_of_memory_ = config_.make_broken(config_.breakage + ": the " + config_.pool_name +
                                         " ran out of memory; the " + config_.pool_name + " is not usable anymore");
}

pool_action pool_dispatcher::next_action()
{
    pool_action a = std::move(actions_.front());
    actions_.pop_front();
    return a;
}

void pool_dispatcher::push(pool_action a)
{
    actions_.push_back(std::move(a));
}

const pool_worker* pool_dispatcher::find(worker_id id) const noexcept
{
    for (const auto& w : workers_)
        if (w.id == id)
            return &w;
    return nullptr;
}

pool_worker* pool_dispatcher::find(worker_id id) noexcept
{
    return const_cast<pool_worker*>(static_cast<const pool_dispatcher&>(*this).find(id));
}

// --- tasks, shutdown, signals -------------------------------------------------------

void pool_dispatcher::submit(call_request request)
{
    pool_task task{0, std::move(request), false};
    if (broken_)
    {
        fail_task(task, broken_);
        return;
    }
    try
    {
        pending_.push_back(std::move(task));
    }
    catch (...)
    {
        fail_task(task, std::current_exception());
        return;
    }
    after_event();
}

void pool_dispatcher::shutdown(bool cancel_futures)
{
    shutting_down_ = true;
    if (cancel_futures)
    {
        // Cancelled and noticed at once, so nothing waits on them.
        for (auto& task : pending_)
            cancel_task(task);
        pending_.clear();
    }
    after_event();
}

void pool_dispatcher::signal_workers(bool force)
{
    shutdown(true);
    for (auto& w : workers_)
        apply(w, w.machine.resume(worker_event::signal, worker_input{w.tasks, exit_kind::unknown, force}));
    after_event();
}

// --- deciding -----------------------------------------------------------------------

void pool_dispatcher::after_event()
{
    sweep();
    dispatch();
    maybe_finish();
}

void pool_dispatcher::dispatch()
{
    if (broken_)
    {
        fail_pending();
        return;
    }
    while (!pending_.empty() && handed_out_ < config_.max_workers + config_.extra_queued)
    {
        pool_worker* w = pick_worker();
        if (!w)
            break;
        pool_task task = std::move(pending_.front());
        pending_.pop_front();
        if (!start_running(task))
            continue; // cancelled meanwhile: noticed, never sent
        try
        {
            assign(*w, task);
        }
        catch (...)
        {
            fail_task(task, std::current_exception()); // unless it is in flight already
            throw;
        }
    }
}

// An idle worker first; else a new one, if the supply allows; else the least
// loaded one with room. Null: nobody can take a task now.
pool_worker* pool_dispatcher::pick_worker()
{
    pool_worker* best = nullptr;
    bool launching = false;
    for (auto& w : workers_)
    {
        if (w.machine.state() == worker_state::launching)
            launching = true;
        if (!w.machine.accepts_tasks() ||
            (config_.max_tasks_per_child && w.tasks_assigned >= *config_.max_tasks_per_child))
            continue;
        if (w.tasks == 0)
            return &w;
        if (w.tasks < config_.worker_depth && (!best || w.tasks < best->tasks))
            best = &w;
    }
    if (launching)
        return nullptr; // the next task goes to the worker on its way
    if (!start_blocked_)
    {
        if (config_.supply == worker_supply::on_demand && workers_.size() < config_.max_workers)
        {
            start_workers(1);
            return nullptr;
        }
        if (config_.supply == worker_supply::all_at_once && !started_all_)
        {
            start_workers(config_.max_workers - std::min(config_.max_workers, workers_.size()));
            return nullptr;
        }
    }
    return best;
}

void pool_dispatcher::start_workers(std::size_t count)
{
    started_all_ = true;
    if (count == 0)
        return;
    const std::size_t before = workers_.size();
    pool_action a = action(pool_action_type::start_workers, next_worker_id_);
    a.count = count;
    try
    {
        for (std::size_t i = 0; i < count; ++i)
            workers_.emplace_back().id = next_worker_id_ + i;
        push(std::move(a));
    }
    catch (...)
    {
        workers_.resize(before); // never announced: nobody will start them
        throw;
    }
    next_worker_id_ += count;
}

void pool_dispatcher::assign(pool_worker& w, pool_task& task)
{
    task.id = next_task_id_++;
    w.in_flight.push_back(std::move(task));
    pool_task& placed = w.in_flight.back();
    ++w.tasks;
    ++w.tasks_assigned;
    ++handed_out_;
    pool_action a = action(pool_action_type::send, w.id);
    a.frame = placed.request.chunk ? wire::kind::chunk : wire::kind::task;
    a.task_id = placed.id;
    a.payload = std::move(placed.request.payload); // sent: the worker has it now
    if (placed.request.region)
    {
        placed.sent_region = std::make_shared<shared_region>(std::move(placed.request.region));
        a.region = placed.sent_region;
    }
    push(std::move(a));
    apply(w, w.machine.resume(worker_event::task_assigned, worker_input{w.tasks}));
}

void pool_dispatcher::send_initializer(pool_worker& w)
{
    if (config_.initializer_function.empty())
        return;
    pool_task init;
    init.initializer = true;
    init.id = next_task_id_++;
    init.request.function = config_.initializer_function;
    pool_action a = action(pool_action_type::send, w.id);
    a.frame = wire::kind::initialize;
    a.task_id = init.id;
    a.payload = config_.initializer_payload;
    push(std::move(a));
    w.in_flight.push_back(std::move(init));
}

// A worker that used up its tasks retires once it has answered them all.
void pool_dispatcher::maybe_retire(pool_worker& w)
{
    if (config_.max_tasks_per_child && w.tasks == 0 && w.tasks_assigned >= *config_.max_tasks_per_child)
        apply(w, w.machine.resume(worker_event::stop, worker_input{0}));
}

void pool_dispatcher::maybe_finish()
{
    if (!shutting_down_ || finished_ || !pending_.empty() || handed_out_ != 0)
        return;
    // Nothing left to run: send every worker home.
    for (auto& w : workers_)
        apply(w, w.machine.resume(worker_event::stop, worker_input{w.tasks}));
    if (!workers_.empty())
        return;
    finished_ = true;
    push(action(pool_action_type::finished, 0));
}

// Workers that are gone leave: quietly if they ended well, breaking the pool
// otherwise.
void pool_dispatcher::sweep()
{
    for (;;)
    {
        auto it = std::find_if(workers_.begin(), workers_.end(),
                               [](const pool_worker& w) { return w.machine.state() == worker_state::gone; });
        if (it == workers_.end())
            return;
        // (Told to stop before its initializer's answer was read, it may hold
        // the initializer still: that is no task.)
        if (it->machine.failed() || it->tasks != 0)
            break_pool(describe(*it));
        // Whatever it still held (a broken pool failed it already).
        for (auto& task : it->in_flight)
            fail_task(task, broken_);
        handed_out_ -= it->tasks;
        const worker_id id = it->id;
        if (it->pid != -1)
            start_blocked_ = false; // room for a new one (not a start that just failed)
        workers_.erase(it);
        push(action(pool_action_type::release, id));
    }
}

void pool_dispatcher::break_pool(const std::string& why) noexcept
{
    if (broken_)
        return;
    std::string message;
    try
    {
        message = config_.breakage + ": " + why + "; the " + config_.pool_name + " is not usable anymore";
        broken_ = config_.make_broken(message);
    }
    catch (...)
    {
        broken_ = out_of_memory_;
    }
    if (config_.on_broken)
    {
        try
        {
            config_.on_broken(message);
        }
        catch (...)
        {
            // The shell sees broken() all the same.
        }
    }
    for (auto& w : workers_)
    {
        for (auto& task : w.in_flight)
            fail_task(task, broken_);
        w.in_flight.clear();
        w.tasks = 0;
        try
        {
            apply(w, w.machine.resume(worker_event::put_down));
        }
        catch (...)
        {
            // Out of memory: it is killed when the pool goes.
        }
    }
    handed_out_ = 0;
    fail_pending();
}

void pool_dispatcher::fail_pending() noexcept
{
    for (auto& task : pending_)
        fail_task(task, broken_);
    pending_.clear();
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
