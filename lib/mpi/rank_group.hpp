//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The worker ranks an MPI pool runs on, as the root sees them: the link's
// root_transport, and per rank what outlives one pool. The static world's
// ranks serve one pool after another, so a pool must know which of a rank's
// frames are its own. A rank's answers are ordered: it says hello (a wire
// hello frame whose task id counts the pool stops it has received), answers
// tasks, and answers each pool stop with a fresh hello. Frames that come
// after a stop was sent and before the hello answering it belong to the pool
// that stopped it, and are dropped.
//
// Kinds: the static world (one, made by mpi_serve_if_worker on the root and
// borrowed by one pool at a time: world()), a communicator split
// (mpi_comm_executor) or spawned workers (owned by their pool). Everything
// belongs to the thread driving the pool, but wake().

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_RANK_GROUP_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_RANK_GROUP_HPP

#include "root_transport.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

class BOOST_CONCURRENT_FUTURES_MPI_DECL rank_group
{
public:
    // `first_rank`: the rank number of worker 0 in messages (1 in the static
    // world, 0 for spawned workers); `skip` a rank number never used
    // (a communicator's root) or -1.
    rank_group(link_comm link, int first_rank, int skip = -1);

    root_transport& transport() noexcept { return transport_; }
    std::size_t size() const noexcept { return ranks_.size(); }

    // Connects (waits for every rank's transport hello, `timeout` at most).
    void connect(std::chrono::milliseconds timeout, root_events& out);

    // "rank 2 on host n1", for messages.
    std::string label(std::size_t w) const;
    long pid(std::size_t w) const noexcept;

    bool lost(std::size_t w) const noexcept { return transport_.lost(w); }

    // A stop was sent to it (once per pool): frames until its next hello are stale.
    void stop_sent(std::size_t w) noexcept { ++ranks_[w].stops; }
    // It owes the hello answering its last stop.
    bool draining(std::size_t w) const noexcept { return ranks_[w].hello_seq != ranks_[w].stops; }

    // Takes in a hello frame's sequence number (its task id); true if it is
    // the current one (the rank is fresh: ready for a pool).
    bool hello_arrived(std::size_t w, std::uint64_t seq, std::string frame);
    // The last fresh hello, for the next pool to take (and forget), or null.
    std::optional<std::string> take_hello(std::size_t w);

    // Static world: one pool at a time.
    bool in_use = false;

private:
    struct rank_state
    {
        std::uint64_t stops = 0;     // pool stops sent
        std::uint64_t hello_seq = static_cast<std::uint64_t>(-1); // last hello's sequence number
        std::optional<std::string> hello; // fresh hello no pool took yet
        int number = 0;
    };

    root_transport transport_;
    std::vector<rank_state> ranks_;
};

// The static world's ranks (made by mpi_serve_if_worker on the root), or null.
// Taking it marks it in use; giving it back frees it. Thread-safe.
BOOST_CONCURRENT_FUTURES_MPI_DECL rank_group* take_world();
BOOST_CONCURRENT_FUTURES_MPI_DECL void give_back_world(rank_group* world) noexcept;
// Whether there is a static world (with worker ranks).
BOOST_CONCURRENT_FUTURES_MPI_DECL bool has_world() noexcept;
// Set and cleared by the guard.
BOOST_CONCURRENT_FUTURES_MPI_DECL void install_world(std::unique_ptr<rank_group> world);
BOOST_CONCURRENT_FUTURES_MPI_DECL std::unique_ptr<rank_group> remove_world();

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
