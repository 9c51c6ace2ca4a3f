//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Carrying out the pool core's actions for the process pool (process_shell.hpp):
// each action is done with the worker_channel it names; whatever fails while
// doing it is reported to the core as a fault of that worker.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "process_shell.hpp"

#include <algorithm>
#include <csignal>
#include <optional>

namespace boost {
namespace concurrent_futures {
namespace detail {

process_shell::process_shell(asio::io_context& io, pool_config config,
                             std::function<void(std::vector<long>)> workers_changed)
    : io_(io), work_(asio::make_work_guard(io)), executable_(config.program), core_(std::move(config)),
      workers_changed_(std::move(workers_changed))
{
}

process_shell::~process_shell()
{
    for (auto& ch : channels_)
        ch->release();
}

void process_shell::carry_out() noexcept
{
    for (;;)
    {
        while (core_.has_action())
        {
            std::optional<worker_id> about;
            try
            {
                pool_action a = core_.next_action();
                if (a.worker != 0)
                    about = a.worker;
                perform(a);
            }
            catch (...)
            {
                core_.fault(about, std::current_exception());
            }
        }
        // Frames queued by this round of actions leave together.
        std::vector<std::shared_ptr<worker_channel>> writes;
        writes.swap(unflushed_);
        for (auto& ch : writes)
        {
            try
            {
                ch->flush();
            }
            catch (...)
            {
                core_.fault(ch->id(), std::current_exception());
            }
        }
        if (!core_.has_action())
            return;
    }
}

void process_shell::perform(pool_action& a)
{
    if (a.type == pool_action_type::start_workers)
    {
        for (std::size_t i = 0; i < a.count; ++i)
            start(a.worker + i);
        return;
    }
    if (a.type == pool_action_type::finished)
    {
        work_.reset(); // run() returns once the last handlers are done
        return;
    }
    auto it = std::find_if(channels_.begin(), channels_.end(), [&](const auto& ch) { return ch->id() == a.worker; });
    if (it == channels_.end())
        return;
    const std::shared_ptr<worker_channel> ch = *it;
    switch (a.type)
    {
    case pool_action_type::send:
        if (ch->queue_frame(a.frame, a.task_id, a.payload, a.region.get()))
            unflushed_.push_back(ch);
        break;
    case pool_action_type::arm_timer:
        ch->arm_deadline(a.delay, a.generation);
        break;
    case pool_action_type::disarm_timer:
        ch->disarm_deadline();
        break;
    case pool_action_type::kill:
        ch->signal(SIGKILL);
        break;
    case pool_action_type::terminate:
        ch->signal(SIGTERM);
        break;
    case pool_action_type::close:
        ch->close();
        break;
    case pool_action_type::watch_exit:
        ch->expect_exit();
        break;
    case pool_action_type::release:
        ch->release();
        channels_.erase(it);
        publish_workers();
        break;
    case pool_action_type::start_workers:
    case pool_action_type::finished:
        break;
    }
}

void process_shell::start(worker_id id)
{
    // Allocated before the process exists: nothing is lost if this throws.
    auto ch = std::make_shared<worker_channel>(io_, id, *this);
    channels_.reserve(channels_.size() + 1);
    long pid = -1;
    try
    {
        pid = ch->launch(executable_);
    }
    catch (const std::exception& e)
    {
        core_.start_failed(id, e.what());
        return;
    }
    channels_.push_back(ch);
    core_.worker_started(id, pid);
    publish_workers();
}

void process_shell::publish_workers() noexcept
{
    try
    {
        std::vector<long> pids;
        pids.reserve(channels_.size());
        for (auto& ch : channels_)
            pids.push_back(ch->pid());
        workers_changed_(std::move(pids));
    }
    catch (...)
    {
        // Out of memory: worker_pids() shows the last list until the next change.
    }
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
