//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_MPI_POOL_OPTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_MPI_POOL_OPTIONS_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {

/// Where an mpi_pool_executor gets its worker ranks.
enum class mpi_launch
{
    /// The static world's ranks when the program runs under mpirun with more
    /// than one rank (and called cf::mpi_serve_if_worker); otherwise spawn.
    automatic,
    /// `mpirun -np N ./app`: ranks 1..N-1 of MPI_COMM_WORLD, serving since
    /// cf::mpi_serve_if_worker. One pool at a time uses them.
    static_world,
    /// MPI_Comm_spawn of max_workers workers when work first arrives
    /// (mpi4py's MPIPoolExecutor); they leave when the pool shuts down.
    spawn,
};

/// Options of `mpi_pool_executor` (mpi4py.futures' MPIPoolExecutor arguments).
struct mpi_pool_options
{
    /// Most worker ranks. Unset: BOOST_CONCURRENT_FUTURES_MPI_MAX_WORKERS, else
    /// the MPI universe size minus the world size, else 1 (spawn); all the
    /// static world's worker ranks (static world, where more is capped to what
    /// there is). Zero is an error.
    std::optional<std::size_t> max_workers{};

    /// Run first on every worker rank, once per pool: `.initializer = init`,
    /// or `.initializer = {init, args...}`. If it throws, the pool is broken
    /// (broken_mpi_pool).
    registered_call initializer{};

    /// Static world or spawn.
    mpi_launch launch = mpi_launch::automatic;

    /// Spawn: MPI_Info keys for MPI_Comm_spawn (e.g. {"host", "n1,n2"},
    /// {"hostfile", "hosts.txt"}). Without a placement key (host, hostfile,
    /// add-host, add-hostfile, map_by), map_by=:OVERSUBSCRIBE is added, so that
    /// more workers than cores start, as with a process pool.
    std::vector<std::pair<std::string, std::string>> spawn_info{};

    /// Spawn: the program the workers run. Empty: this program (its main calls
    /// cf::mpi_serve_if_worker(argc, argv) first). It registers the same
    /// functions under the same names.
    std::string worker_executable{};
};

} // namespace concurrent_futures
} // namespace boost

#endif
