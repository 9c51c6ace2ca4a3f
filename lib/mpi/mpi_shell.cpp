//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Carrying out the pool core's actions over MPI and reporting the ranks'
// frames, losses and deadlines as its events (mpi_shell.hpp).

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "mpi_shell.hpp"

#include <boost/concurrent_futures/log.hpp>

#include <algorithm>
#include <csignal>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace w = wire;
using clock_type = std::chrono::steady_clock;

namespace {

// One MPI message holds exactly one frame: what is wrong with it, or nullopt.
std::optional<std::string> parse_frame(const std::string& bytes, w::frame& out)
{
    if (bytes.size() < w::header_size)
        return "a message of " + std::to_string(bytes.size()) + " bytes, shorter than a frame header";
    out.head = w::decode_header(reinterpret_cast<const unsigned char*>(bytes.data()));
    if (out.head.length != bytes.size() - w::header_size)
        return "a frame header announcing " + std::to_string(out.head.length) + " bytes in a message carrying " +
               std::to_string(bytes.size() - w::header_size);
    if (out.head.flags != 0) // payloads travel in the messages: never flag_shared
        return "a frame with flags " + std::to_string(out.head.flags) + " (MPI frames carry none)";
    out.payload.assign(bytes, w::header_size, std::string::npos);
    return std::nullopt;
}

// "exited" rather than the transport's whole sentence, which names the rank again.
std::string loss_words(const std::string& reason)
{
    static const std::string exited = " exited";
    if (reason.size() >= exited.size() && reason.compare(reason.size() - exited.size(), exited.size(), exited) == 0)
        return "exited";
    return "was lost: " + reason;
}

} // namespace

mpi_shell::mpi_shell(pool_config config, rank_group* borrowed, std::unique_ptr<rank_group> owned,
                     std::optional<spawn_request> spawn, std::function<void(root_transport*)> transport_ready)
    : core_(described(std::move(config), this)), group_(borrowed), owned_(std::move(owned)), spawn_(std::move(spawn)),
      transport_ready_(std::move(transport_ready))
{
    if (owned_)
        group_ = owned_.get();
    if (group_ && transport_ready_)
        transport_ready_(&group_->transport());
}

pool_config mpi_shell::described(pool_config config, const mpi_shell* self)
{
    config.describe_worker = [self](long pid) { return self->describe(pid); };
    return config;
}

std::string mpi_shell::describe(long pid) const
{
    std::string out = "MPI worker " + std::to_string(pid);
    for (const auto& m : members_)
        if (group_ && group_->pid(m.rank) == pid)
            return out + " (" + group_->label(m.rank) + ")";
    return out;
}

mpi_shell::member* mpi_shell::by_id(worker_id id) noexcept
{
    auto it = std::find_if(members_.begin(), members_.end(), [&](const member& m) { return m.id == id; });
    return it == members_.end() ? nullptr : &*it;
}

mpi_shell::member* mpi_shell::by_rank(std::size_t rank) noexcept
{
    auto it = std::find_if(members_.begin(), members_.end(), [&](const member& m) { return m.rank == rank; });
    return it == members_.end() ? nullptr : &*it;
}

void mpi_shell::join(worker_id id, std::size_t rank)
{
    members_.push_back(member{id, rank});
}

void mpi_shell::begin() noexcept
{
    if (!group_ || spawn_)
        return;
    report(std::nullopt, [&](pool_dispatcher& core) {
        for (std::size_t r = 0; r < group_->size() && members_.size() < core.config().max_workers; ++r)
        {
            if (group_->lost(r))
                continue;
            members_.reserve(members_.size() + 1);
            const worker_id id = core.add_worker(group_->pid(r));
            join(id, r);
            if (std::optional<std::string> hello = group_->take_hello(r))
                on_answer(r, *hello);
        }
    });
}

// --- actions ------------------------------------------------------------------------

void mpi_shell::carry_out() noexcept
{
    for (;;)
    {
        while (core_.has_action())
        {
            std::optional<worker_id> about;
            try
            {
                const pool_action a = core_.next_action();
                if (a.worker != 0)
                    about = a.worker;
                perform(a);
            }
            catch (...)
            {
                core_.fault(about, std::current_exception());
            }
        }
        if (exits_.empty())
            return;
        std::vector<exit_report> exits;
        exits.swap(exits_);
        for (const auto& e : exits)
        {
            try
            {
                core_.exited(e.id, e.kind, e.how);
                if (e.closed)
                    core_.channel_closed(e.id);
            }
            catch (...)
            {
                core_.fault(e.id, std::current_exception());
            }
        }
    }
}

void mpi_shell::send_frame(member& m, w::kind kind, std::uint64_t task_id, std::string_view payload)
{
    std::string frame;
    frame.reserve(w::header_size + payload.size());
    w::append_frame(frame, kind, task_id, payload);
    if (kind == w::kind::stop)
        group_->stop_sent(m.rank);
    group_->transport().send(m.rank, std::move(frame)); // a lost rank: its loss is reported
}

void mpi_shell::perform(const pool_action& a)
{
    if (a.type == pool_action_type::start_workers)
        return spawn(a.worker, a.count);
    if (a.type == pool_action_type::finished)
        return;
    member* m = by_id(a.worker);
    if (!m)
        return;
    switch (a.type)
    {
    case pool_action_type::send:
        if (!m->let_go)
            send_frame(*m, a.frame, a.task_id, a.payload);
        break;
    case pool_action_type::arm_timer:
        m->deadline = clock_type::now() + a.delay;
        m->generation = a.generation;
        break;
    case pool_action_type::disarm_timer:
        m->deadline = clock_type::time_point::max();
        break;
    case pool_action_type::kill:
        if (!m->let_go)
        {
            m->let_go = true;
            if (!group_->lost(m->rank))
            {
                // Its tasks are failed already; whatever it answers is dropped.
                if (!group_->draining(m->rank))
                    send_frame(*m, w::kind::stop, 0, {});
                exits_.push_back(exit_report{m->id, exit_kind::unknown, "was let go", false});
            }
        }
        break;
    case pool_action_type::terminate:
        group_->transport().signal(m->rank, SIGTERM);
        break;
    case pool_action_type::release:
        members_.erase(members_.begin() + (m - members_.data()));
        break;
    case pool_action_type::close:
    case pool_action_type::watch_exit: // exits are hellos after a stop, or losses: always seen
    case pool_action_type::start_workers:
    case pool_action_type::finished:
        break;
    }
}

void mpi_shell::spawn(worker_id first, std::size_t count)
{
    std::string failure;
    if (!spawn_ || group_)
        failure = "these MPI workers cannot be started again";
    else
    {
        try
        {
            spawn_request request = *spawn_;
            request.workers = count;
            owned_ = std::make_unique<rank_group>(spawn_link(request), 0);
            group_ = owned_.get();
            if (transport_ready_)
                transport_ready_(&group_->transport());
            group_->connect(core_.config().hello_timeout, events_);
        }
        catch (const std::exception& e)
        {
            failure = e.what();
        }
    }
    for (std::size_t i = 0; i < count; ++i)
    {
        const worker_id id = first + i;
        if (!failure.empty() || i >= group_->size())
            core_.start_failed(id, failure.empty() ? "MPI started fewer workers than asked" : failure);
        else if (group_->lost(i))
            core_.start_failed(id, "it said no hello");
        else
        {
            join(id, i);
            core_.worker_started(id, group_->pid(i));
        }
    }
    // Lost ranks were reported as failed starts: not again.
    if (group_)
        events_.lost.clear();
}

// --- events ---------------------------------------------------------------------------

void mpi_shell::on_answer(std::size_t rank, std::string& bytes)
{
    member* m = by_rank(rank);
    w::frame frame;
    if (auto bad = parse_frame(bytes, frame))
    {
        if (m && !m->let_go && !group_->draining(rank))
            core_.stream_failed(m->id, *bad);
        return;
    }
    if (frame.head.type == w::kind::hello)
    {
        if (!group_->hello_arrived(rank, frame.head.task_id, bytes))
            return; // answers a stop whose answer was not awaited: stale
        if (!m || m->let_go)
            return; // kept for the next pool
        const pool_worker* pw = std::as_const(core_).find(m->id);
        const worker_state s = pw ? pw->machine.state() : worker_state::gone;
        if (s == worker_state::stopping || s == worker_state::stopped)
        {
            // The answer to this pool's stop: done here, free for the next.
            core_.exited(m->id, exit_kind::clean, "stopped");
            return;
        }
        if (m->greeted)
        {
            core_.frame_received(m->id, frame); // a second hello: the core says what that is
            return;
        }
        m->greeted = true;
        group_->take_hello(rank);
        frame.head.task_id = 0;
        core_.frame_received(m->id, frame);
        return;
    }
    if (!m || m->let_go || group_->draining(rank))
        return; // a pool's that stopped it
    core_.frame_received(m->id, frame);
}

void mpi_shell::on_lost(std::size_t rank, const std::string& reason)
{
    member* m = by_rank(rank);
    if (!m)
        return;
    const std::string how = "(" + group_->label(rank) + ") " + loss_words(reason);
    if (m->let_go)
    {
        core_.exited(m->id, exit_kind::failed, how);
        return;
    }
    core_.exited(m->id, exit_kind::failed, how);
    core_.channel_closed(m->id);
}

void mpi_shell::handle_events() noexcept
{
    for (auto& a : events_.answers)
    {
        const auto rank = static_cast<std::size_t>(a.peer);
        member* m = by_rank(rank);
        report(m ? std::optional<worker_id>(m->id) : std::nullopt, [&](pool_dispatcher&) { on_answer(rank, a.bytes); });
    }
    for (const auto& l : events_.lost)
    {
        member* m = by_rank(l.worker);
        report(m ? std::optional<worker_id>(m->id) : std::nullopt,
               [&](pool_dispatcher&) { on_lost(l.worker, l.reason); });
    }
    events_.clear();
}

void mpi_shell::fire_timers() noexcept
{
    const auto now = clock_type::now();
    for (std::size_t i = 0; i < members_.size(); ++i)
    {
        if (members_[i].deadline > now)
            continue;
        members_[i].deadline = clock_type::time_point::max();
        const worker_id id = members_[i].id;
        const std::uint64_t generation = members_[i].generation;
        report(id, [&](pool_dispatcher& core) { core.timer_expired(id, generation); });
    }
}

bool mpi_shell::answers_expected() const noexcept
{
    for (const auto& m : members_)
    {
        if (m.let_go)
            continue;
        const pool_worker* pw = std::as_const(core_).find(m.id);
        if (!pw)
            continue;
        if (!pw->in_flight.empty())
            return true;
        const worker_state s = pw->machine.state();
        if (s == worker_state::starting || s == worker_state::stopping || s == worker_state::stopped)
            return true;
    }
    return false;
}

void mpi_shell::step() noexcept
{
    if (!group_)
        return;
    if (!events_.empty())
        handle_events();
    auto deadline = clock_type::time_point::max();
    for (const auto& m : members_)
        deadline = std::min(deadline, m.deadline);
    bool busy = answers_expected();
    const auto now = clock_type::now();
    if (busy)
        last_busy_ = now;
    else if (now - last_busy_ < linger)
    {
        // Just idle: a caller that got its result submits the next task within
        // microseconds; a short busy wait catches it without a sleep and a wake-up.
        busy = true;
        deadline = std::min(deadline, last_busy_ + linger);
    }
    try
    {
        group_->transport().wait(busy, events_, deadline);
    }
    catch (...)
    {
        core_.fault(std::nullopt, std::current_exception());
    }
    handle_events();
    fire_timers();
    carry_out();
}

void mpi_shell::end() noexcept
{
    if (ended_)
        return;
    ended_ = true;
    if (transport_ready_)
        transport_ready_(nullptr);
    if (!owned_)
    {
        give_back_world(group_);
        return;
    }
    try
    {
        root_events ignored;
        // Every rank answered its stop already, unless the pool broke: then a
        // rank may be stuck in a task.
        const auto grace = core_.broken() ? std::chrono::milliseconds(2000) : std::chrono::milliseconds(10000);
        for (std::size_t r : owned_->transport().stop(grace, ignored))
            owned_->transport().signal(r, SIGKILL);
    }
    catch (const std::exception& e)
    {
        log(log_level::warning, std::string("MPI pool: ending the link to its workers: ") + e.what());
    }
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
