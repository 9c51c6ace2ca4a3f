//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_MPI_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_MPI_POOL_EXECUTOR_HPP

// The MPI pool: not part of <boost/concurrent_futures.hpp>. Needs Boost.MPI
// and an MPI (Open MPI), and links boost_concurrent_futures_mpi.

#include <boost/concurrent_futures/async_submit.hpp>
#include <boost/concurrent_futures/detail/checked_max_workers.hpp>
#include <boost/concurrent_futures/detail/mpi_pool_core.hpp>
#include <boost/concurrent_futures/detail/pool_calls.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/mpi_pool_options.hpp>

#include <concepts>
#include <cstddef>
#include <memory>
#include <utility>
#include <optional>
#include <stdexcept>

#include <mpi.h>

namespace boost {
namespace concurrent_futures {

namespace detail {
inline constexpr pool_words mpi_pool_words{"mpi_pool_executor::submit", "mpi_pool_executor::map", "MPI pool"};
// What an mpi_guard holds (lib/mpi/mpi_guard.cpp).
struct mpi_guard_state;
} // namespace detail

/// What cf::mpi_serve_if_worker returns on the root: while it lives, MPI runs
/// and the static world's worker ranks serve; its destructor tells them to
/// leave and finalizes MPI (if it initialized it). Destroy every pool first.
class BOOST_CONCURRENT_FUTURES_MPI_DECL mpi_guard
{
public:
    /// Made by mpi_serve_if_worker; movable, not copyable.
    explicit mpi_guard(std::unique_ptr<detail::mpi_guard_state> state) noexcept;
    mpi_guard(mpi_guard&& other) noexcept;
    mpi_guard& operator=(mpi_guard&&) = delete;

    /// Stops the static world's worker ranks (they exit) and finalizes MPI if
    /// mpi_serve_if_worker initialized it.
    ~mpi_guard();

    /// Worker ranks of the static world (0 when not run under mpirun -np N >= 2).
    std::size_t world_workers() const noexcept;

private:
    std::unique_ptr<detail::mpi_guard_state> state_;
};

/// First thing in main: `auto mpi = cf::mpi_serve_if_worker(argc, argv);`.
/// Initializes MPI (MPI_THREAD_MULTIPLE). In a spawned worker, and on ranks
/// 1..N-1 under `mpirun -np N`, serves tasks until the root's pools are done
/// and exits the process there (mpi4py's `-m mpi4py.futures`). On the root
/// (rank 0, or a program started without mpirun) returns the guard.
/// Started without mpirun, with Open MPI, it sets
/// OMPI_MCA_orte_enable_recovery=1 first unless the environment has it, so
/// that Open MPI's runtime does not end the other spawned workers when one
/// dies (its kill sequence would stall the root's MPI calls for 2 s).
[[nodiscard]] BOOST_CONCURRENT_FUTURES_MPI_DECL mpi_guard mpi_serve_if_worker(int argc, char** argv);

/// mpi4py.futures' MPIPoolExecutor: the process pool's interface and
/// behaviour, on MPI ranks (the static world's, or spawned ones, see
/// mpi_launch). Registered functions, Boost.Serialization payloads and
/// remote exceptions as in process_pool_executor. A worker rank that dies
/// breaks the pool: every task not finished fails with broken_mpi_pool
/// naming the rank and its host; later submits throw it. Deaths are seen on
/// this machine only (through the rank's pid); MPI reports none.
///
/// Done-callbacks of its futures run on the pool's manager thread: they must
/// not wait on this pool.
class mpi_pool_executor
{
public:
    /// Ranks by mpi_pool_options' defaults.
    mpi_pool_executor() : mpi_pool_executor(mpi_pool_options{}) {}

    /// At most `max_workers` worker ranks; zero or negative is std::invalid_argument.
    template <std::integral Int>
    explicit mpi_pool_executor(Int max_workers)
        : mpi_pool_executor(mpi_pool_options{.max_workers = detail::checked_max_workers(max_workers, "mpi_pool_executor")})
    {
    }

    /// std::invalid_argument for bad options or no ranks to run on;
    /// std::logic_error if MPI is not running (no mpi_serve_if_worker) or
    /// another pool holds the static world.
    explicit mpi_pool_executor(mpi_pool_options options) : core_(detail::mpi_pool_core::create(std::move(options))) {}

    mpi_pool_executor(const mpi_pool_executor&) = delete;
    mpi_pool_executor& operator=(const mpi_pool_executor&) = delete;
    mpi_pool_executor(mpi_pool_executor&&) noexcept = default;
    /// Shuts this pool down (waiting), then takes `other`'s.
    mpi_pool_executor& operator=(mpi_pool_executor&& other) noexcept
    {
        if (this != &other)
        {
            close();
            core_ = std::move(other.core_);
        }
        return *this;
    }

    /// shutdown(true): Python's `with`.
    ~mpi_pool_executor() { close(); }

    /// Runs `fn(args...)` on a worker rank (see process_pool_executor::submit).
    template <class F, class... Args>
    auto submit(F fn, Args&&... args)
    {
        return detail::submit_to_pool(*core_, detail::mpi_pool_words, fn, std::forward<Args>(args)...);
    }

    /// Python's `map(fn, *iterables, timeout=, chunksize=, buffersize=)`.
    template <class F, class... RangesAndOptions>
    auto map(F fn, RangesAndOptions&&... args)
    {
        return detail::map_on_pool(core_, detail::mpi_pool_words, fn, std::forward<RangesAndOptions>(args)...);
    }

    /// Stops accepting work (idempotent); `cancel_futures` cancels what no
    /// rank has received; `wait` blocks until the running tasks finished and
    /// the ranks are released (spawned workers have left).
    void shutdown(bool wait = true, bool cancel_futures = false) { core_->shutdown(wait, cancel_futures); }

    /// The worker ranks it runs on.
    std::size_t max_workers() const noexcept { return core_->max_workers(); }

    /// True once a worker rank died or broke the protocol.
    bool broken() const noexcept { return core_->broken(); }

    /// The pool of a compiled core (what mpi_comm_executor makes).
    explicit mpi_pool_executor(std::shared_ptr<detail::mpi_pool_core> core) noexcept : core_(std::move(core)) {}

private:
    // The destructor and move assignment: shut down and wait, or, on the
    // manager thread (a done-callback), let it finish on its own.
    void close() noexcept
    {
        if (core_)
            std::exchange(core_, nullptr)->close();
    }

    std::shared_ptr<detail::mpi_pool_core> core_;
};

/// mpi4py's MPICommExecutor: collective over `comm` (a boost::mpi::communicator
/// converts). On `root`, an executor whose workers are the other ranks of
/// `comm`; on the others, serves tasks until that executor shuts down, then
/// returns nullopt. MPI must run with MPI_THREAD_MULTIPLE.
inline std::optional<mpi_pool_executor> mpi_comm_executor(MPI_Comm comm, int root = 0,
                                                          mpi_pool_options options = {})
{
    auto core = detail::mpi_pool_core::create_on(comm, root, std::move(options));
    if (!core)
        return std::nullopt;
    return mpi_pool_executor(std::move(core));
}

} // namespace concurrent_futures
} // namespace boost

#endif
