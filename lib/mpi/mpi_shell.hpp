//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The MPI pool's manager side, the second shell around the pool core (as
// lib/process_shell.cpp is for pipes): it owns the pool_dispatcher, reports
// what the ranks' transport saw (answer frames, lost ranks) and the deadlines
// that passed as its events, and carries out its actions over MPI (spawn the
// workers, send a frame, arm a deadline, signal a rank, release it). It makes
// no scheduling decision.
//
// How the core's worker words map onto ranks (rank_group.hpp):
//   - a worker's hello is its rank's fresh hello frame (one per pool);
//   - stop: the wire stop frame; the rank answers with a fresh hello, which
//     is its "exit" for this pool (it goes on serving the next pool, or
//     leaves when the link ends);
//   - kill (put down, or the pool broke): the rank is let go from this pool:
//     told to stop, its later frames dropped, reported exited at once (a
//     rank of a static world is never killed: under mpirun that ends the job);
//   - a rank the transport loses (its process exited, seen through its pidfd)
//     exited and its stream closed: that breaks the pool;
//   - terminate: SIGTERM to a rank on this machine.
// Runs on the pool's manager thread only.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_MPI_SHELL_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_MPI_SHELL_HPP

#include "launch.hpp"
#include "rank_group.hpp"

#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

class mpi_shell
{
public:
    // Where the ranks come from: a group borrowed (static world: `borrowed`)
    // or owned (a communicator split: `owned`), or spawned when the core asks
    // (`spawn`). `transport_ready` hears the transport once there is one (for
    // wake-ups from other threads).
    mpi_shell(pool_config config, rank_group* borrowed, std::unique_ptr<rank_group> owned,
              std::optional<spawn_request> spawn, std::function<void(root_transport*)> transport_ready);

    mpi_shell(const mpi_shell&) = delete;
    mpi_shell& operator=(const mpi_shell&) = delete;

    pool_dispatcher& dispatcher() noexcept { return core_; }

    // Calls `event(dispatcher())`, then carries out the actions; an exception
    // faults worker `id` (or the pool) instead of getting lost.
    template <class Event>
    void report(std::optional<worker_id> id, Event&& event) noexcept
    {
        try
        {
            event(core_);
        }
        catch (...)
        {
            core_.fault(id, std::current_exception());
        }
        carry_out();
    }

    // A fixed group: adds its ranks to the core (their stored hellos too).
    void begin() noexcept;

    // Null before a spawn.
    root_transport* transport() noexcept { return group_ ? &group_->transport() : nullptr; }

    // Waits for the transport (or the next deadline) and reports what happened.
    void step() noexcept;

    // After finished(): gives the static world back, or ends the link of
    // owned ranks (spawned workers leave; silent ones on this machine are
    // killed). Idempotent.
    void end() noexcept;

private:
    struct member
    {
        worker_id id = 0;
        std::size_t rank = 0;
        std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
        std::uint64_t generation = 0;
        bool greeted = false; // its hello went to the core
        bool let_go = false;  // put down: nothing more of it counts
    };
    struct exit_report
    {
        worker_id id;
        exit_kind kind;
        std::string how;
        bool closed; // its stream ended too
    };

    void carry_out() noexcept;
    void perform(const pool_action& a);
    void spawn(worker_id first, std::size_t count);
    void join(worker_id id, std::size_t rank);
    void handle_events() noexcept;
    void on_answer(std::size_t rank, std::string& bytes);
    void on_lost(std::size_t rank, const std::string& reason);
    void fire_timers() noexcept;
    bool answers_expected() const noexcept;
    member* by_id(worker_id id) noexcept;
    member* by_rank(std::size_t rank) noexcept;
    void send_frame(member& m, wire::kind kind, std::uint64_t task_id, std::string_view payload);
    // "MPI worker 1234 (rank 1 on host n1)": the pool core's describe_worker.
    std::string describe(long pid) const;
    static pool_config described(pool_config config, const mpi_shell* self);

    pool_dispatcher core_;
    rank_group* group_ = nullptr;
    std::unique_ptr<rank_group> owned_;
    std::optional<spawn_request> spawn_;
    std::function<void(root_transport*)> transport_ready_;
    std::vector<member> members_;
    std::vector<exit_report> exits_; // reported after the actions that caused them
    root_events events_;
    // How long the manager keeps probing after the last answer it expected.
    static constexpr std::chrono::microseconds linger{100};
    std::chrono::steady_clock::time_point last_busy_{};
    bool ended_ = false;
};

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
