//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The root's end of a link to its workers, driven by the pool's manager
// thread: it sends request frames, and wait() returns what happened since
// (answers, workers that said hello or goodbye, workers lost, wake-ups),
// sleeping by the progress engine's rules in between. The frames are opaque
// here (the pool core's wire frames); the link's own control messages
// (hello, stop, goodbye) are handled inside.
//
// Worker deaths: every worker says hello with its pid and machine; one on
// this machine is watched through a pidfd, so its death ends any wait and is
// reported at once, without an MPI call first: over TCP (spawned workers),
// the first MPI call that meets the dead peer's closed socket may take a
// second. Frames of a lost worker that arrive later never count: a death
// breaks the pool, which fails what that worker had anyway. A worker that
// breaks the protocol is reported lost the same way, and killed (as the
// process pool does) if on this machine, else told to stop. Workers on other hosts cannot be watched: MPI (Open
// MPI 4.1, no ULFM) never reports their death.
//
// Threads: everything but wake() belongs to one thread.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_ROOT_TRANSPORT_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_ROOT_TRANSPORT_HPP

#include "frame_channel.hpp"
#include "launch.hpp"
#include "peer_identity.hpp"
#include "process_watch.hpp"
#include "progress_engine.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

struct worker_loss
{
    std::size_t worker = 0;
    std::string reason; // "MPI worker 2 (pid 1234 on host n1) exited", or the protocol error
};

// What one wait() (or connect()/stop()) found. Appended to, never cleared
// by the transport: the caller clears it after handling.
struct BOOST_CONCURRENT_FUTURES_MPI_DECL root_events
{
    std::vector<received_frame> answers; // tag::answer frames in arrival order; peer = worker
    std::vector<std::size_t> ready;      // workers whose hello arrived
    std::vector<std::size_t> stopped;    // workers that said goodbye after stop
    std::vector<worker_loss> lost;       // workers gone (their later frames are dropped)
    bool woken = false;                  // wake() was called

    void clear() noexcept;
    bool empty() const noexcept;
};

class BOOST_CONCURRENT_FUTURES_MPI_DECL root_transport
{
public:
    // The waiting rules of a root that expects answers: its longest nap does
    // not exceed worker_transport::default_tuning()'s spin.
    static progress_engine::tuning default_tuning() noexcept;

    // Takes over `link` (its remote group are the workers) and sends the
    // root's hello to each worker. Throws mpi_error, std::system_error.
    explicit root_transport(link_comm link, progress_engine::tuning tuning = default_tuning());

    // Without stop(), abandons the link: no MPI call here (MPI may be
    // finalized already).
    ~root_transport();

    root_transport(const root_transport&) = delete;
    root_transport& operator=(const root_transport&) = delete;

    std::size_t size() const noexcept { return workers_.size(); }

    // A worker's identity, once its hello arrived (null before).
    const peer_identity* identity(std::size_t worker) const noexcept;
    // Whether its death will be noticed (same machine, pidfd open).
    bool watched(std::size_t worker) const noexcept;
    bool lost(std::size_t worker) const noexcept { return workers_[worker].lost; }

    // Waits until every worker said hello or was lost, or `timeout` passed:
    // workers still silent then are reported lost.
    void connect(std::chrono::milliseconds timeout, root_events& out);

    // Any thread: ends the current or next wait() (new work to send).
    void wake() noexcept { engine_.wake(); }

    // Starts sending a request frame to `worker`; false (and nothing sent) if
    // that worker is lost. Throws mpi_error.
    bool send(std::size_t worker, std::string frame);

    // Waits until something happened and appends it to `out`; false if
    // `deadline` passed first. With answers expected (or sends pending),
    // spins, then backs off (progress_engine); otherwise sleeps until wake(),
    // a watched worker's death or the deadline.
    bool wait(bool answers_expected, root_events& out,
              std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());

    // Ends the link: sends stop to every worker not lost, waits up to
    // `timeout` for their goodbyes (answers and losses meanwhile go to
    // `out`), then releases the link (which waits on nobody). Returns the
    // workers that neither said goodbye nor were lost: still running, and
    // for the caller to put down (signal) if they are to go.
    std::vector<std::size_t> stop(std::chrono::milliseconds timeout, root_events& out);

    // Sends `signal` to a watched worker's process; false if it cannot
    // (not on this machine, or lost).
    bool signal(std::size_t worker, int signal) noexcept;

private:
    struct worker_slot
    {
        peer_identity identity;
        process_watch watch;
        bool said_hello = false;
        bool stop_sent = false;
        bool said_goodbye = false;
        bool lost = false;
    };

    bool receive_all(root_events& out);
    // Takes in what ended a wait: the deaths it saw.
    void after_wait(const progress_engine::result& r, root_events& out);
    void dispatch(root_events& out);
    void on_control(std::size_t w, root_events& out);
    void lose(std::size_t w, std::string reason, root_events& out);
    void broke_protocol(std::size_t w, const std::string& what, root_events& out);
    std::string name(std::size_t w) const;
    // Waits (busy) until `done()` or the deadline.
    template <class Done>
    void wait_until(std::chrono::steady_clock::time_point deadline, root_events& out, Done done);

    link_comm link_;
    frame_channel channel_;
    progress_engine engine_;
    peer_identity self_;
    std::vector<worker_slot> workers_;
    received_frame incoming_;
};

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
