//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_MPI_POOL_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_MPI_POOL_CORE_HPP

// The compiled half of mpi_pool_executor (library boost_concurrent_futures_mpi):
// the executor's templates hand it serialized calls (call_request); its
// manager thread runs them on worker ranks through the pool core
// (detail/pool_dispatcher.hpp) and the MPI shell (lib/mpi/mpi_shell.cpp),
// and settles their futures. Implemented in lib/mpi/mpi_pool_core.cpp.

#include <boost/concurrent_futures/detail/mpi_config.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>
#include <boost/concurrent_futures/mpi_pool_options.hpp>

#include <mpi.h>

#include <cstddef>
#include <memory>

namespace boost {
namespace concurrent_futures {
namespace detail {

class BOOST_CONCURRENT_FUTURES_MPI_DECL mpi_pool_core
{
public:
    // Validates the options (std::invalid_argument), finds the ranks (the
    // static world, or spawn on first use) and starts the manager thread.
    static std::shared_ptr<mpi_pool_core> create(mpi_pool_options options);

    // Collective over `comm`: on `root`, the core of a pool on the other
    // ranks; on the others, serves until that pool ends and returns null.
    static std::shared_ptr<mpi_pool_core> create_on(MPI_Comm comm, int root, mpi_pool_options options);

    mpi_pool_core(const mpi_pool_core&) = delete;
    mpi_pool_core& operator=(const mpi_pool_core&) = delete;
    ~mpi_pool_core();

    // Throws std::runtime_error after shutdown, broken_mpi_pool once broken.
    void submit(call_request request);
    // Throws what submit() would throw now, else nothing.
    void check_accepting() const;
    void shutdown(bool wait, bool cancel_futures);
    // The destructor's path from the manager thread itself (a done-callback).
    void shutdown_from_inside() noexcept;
    // shutdown(true, false), or shutdown_from_inside() on the manager thread.
    void close() noexcept;

    bool on_manager_thread() const noexcept;
    std::size_t max_workers() const noexcept;
    bool broken() const noexcept;

    struct impl;

private:
    explicit mpi_pool_core(std::shared_ptr<impl> impl);
    std::shared_ptr<impl> impl_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
