//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Getting MPI up and the root connected to its workers. Every launch mode
// ends in the same shape, an intercommunicator (a link_comm) whose remote
// group is the other side:
//   - static world: MPI_COMM_WORLD split into rank 0 (the root) and ranks
//     1..N-1 (workers 0..N-2);
//   - communicator: any communicator split the same way around any root rank
//     (mpi_comm_executor(comm, root));
//   - spawn: MPI_Comm_spawn of N workers from MPI_COMM_SELF (a singleton, or
//     any one rank), and MPI_Comm_get_parent in the spawned workers.
// On the root, worker i is remote rank i; on a worker, the root is remote
// rank 0. Failures are exceptions, never an abort: MPI_ERRORS_RETURN is set
// on MPI_COMM_SELF and on every communicator made here.
//
// Threads: MPI is initialized with MPI_THREAD_MULTIPLE and this is required.
// Each pool's traffic is confined to its own manager thread and its own link,
// but that thread is not the one that initialized MPI, the program's own
// threads may use MPI at the same time, and two pools have two manager
// threads; SERIALIZED would make every such program's correctness depend on
// a lock it cannot see.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_LAUNCH_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_LAUNCH_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <mpi.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

// MPI initialized for the pool for as long as this lives.
class BOOST_CONCURRENT_FUTURES_MPI_DECL mpi_session
{
public:
    // Initializes MPI with MPI_THREAD_MULTIPLE unless the program did already;
    // throws std::runtime_error if MPI provides (or was initialized with) a
    // lower thread level, or mpi_error.
    mpi_session(int* argc, char*** argv);

    // Finalizes MPI if this session initialized it (and nobody finalized it).
    ~mpi_session();

    mpi_session(const mpi_session&) = delete;
    mpi_session& operator=(const mpi_session&) = delete;

    // Whether this session initialized MPI (and will finalize it).
    bool owns_mpi() const noexcept { return owns_; }

    // Finalizes now, if this session owns MPI (idempotent).
    void finalize();

private:
    bool owns_ = false;
};

// An owned intercommunicator between a root and its workers. Both kinds
// (split and spawned) end with MPI_Comm_free on each side: in Open MPI 4.1
// that is a local call, and spawned workers then finalize and exit on their
// own. MPI_Comm_disconnect would wait for the other side, which may be dead.
class BOOST_CONCURRENT_FUTURES_MPI_DECL link_comm
{
public:
    link_comm() noexcept = default;
    explicit link_comm(MPI_Comm comm) noexcept : comm_(comm) {}

    // Forgets the communicator without an MPI call: release() is what ends
    // it, and a destructor may run after MPI_Finalize.
    ~link_comm() = default;

    link_comm(link_comm&& other) noexcept;
    link_comm& operator=(link_comm&& other) noexcept;

    MPI_Comm get() const noexcept { return comm_; }
    explicit operator bool() const noexcept { return comm_ != MPI_COMM_NULL; }

    // Number of processes on the other side.
    int remote_size() const;

    // Ends the link (MPI_Comm_free; local, never waits on the other side).
    // Throws mpi_error.
    void release();

    // Drops the link without an MPI call.
    void abandon() noexcept { comm_ = MPI_COMM_NULL; }

private:
    MPI_Comm comm_ = MPI_COMM_NULL;
};

// Collective over `comm` (every rank calls it): splits `comm` into `root` and
// the other ranks, joined by an intercommunicator. std::invalid_argument if
// `comm` has fewer than two ranks or `root` is not one of them.
BOOST_CONCURRENT_FUTURES_MPI_DECL link_comm split_link(MPI_Comm comm, int root);

struct spawn_request
{
    std::string executable; // checked before MPI sees it (see spawn_link)
    std::vector<std::string> arguments;
    std::size_t workers = 1;
    // MPI_Info keys for MPI_Comm_spawn. Without a placement key (host,
    // hostfile, add-host, add-hostfile, map_by), map_by=:OVERSUBSCRIBE is
    // added: like a process pool, asking for more workers than cores works.
    std::vector<std::pair<std::string, std::string>> info;
};

// Spawns `request.workers` copies of the executable from MPI_COMM_SELF (this
// process alone is the parent) and returns the link to them; they find it
// with parent_link(). Throws std::invalid_argument for an executable that is
// not there (Open MPI 4.1's MPI_Comm_spawn hangs on one instead of failing),
// mpi_error when MPI cannot spawn (slots, hosts, a bad info value).
// Open MPI 4.1.4 (Debian, with PMIx 4.2.2rc2), as measured here:
//   - host=localhost:N counts the parent among the N slots, and slots of
//     finished spawned jobs are never given back: only a process's first
//     spawn can rely on it; map_by=:OVERSUBSCRIBE has no such limit;
//   - after one refused spawn, every later spawn from the process is refused;
//   - now and then MPI_Comm_spawn never returns (PMIx_Lookup waits forever;
//     about 1 spawn in 10 in a loop on a loaded machine, 1 in 130 with
//     PMIX_MCA_gds=hash). Nothing here can cancel it.
BOOST_CONCURRENT_FUTURES_MPI_DECL link_comm spawn_link(const spawn_request& request);

// In a spawned worker, the link to the root that spawned it; an empty link
// in a process that was not spawned.
BOOST_CONCURRENT_FUTURES_MPI_DECL link_comm parent_link();

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
