//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process of this machine watched through pidfd_open: the descriptor turns
// readable when the process exits, whoever its parent is (MPI ranks are
// mpirun's or orted's children, not ours). MPI itself never reports a dead
// peer to us (no ULFM in Open MPI 4.1): this is how the pool learns of one.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_PROCESS_WATCH_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_PROCESS_WATCH_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

class BOOST_CONCURRENT_FUTURES_MPI_DECL process_watch
{
public:
    enum class state
    {
        watching,  // fd() turns readable when the process exits
        gone,      // no such process any more
        unwatched, // this kernel has no pidfd_open, or we may not watch it
    };

    process_watch() noexcept = default;
    explicit process_watch(long pid) noexcept;
    ~process_watch();

    process_watch(process_watch&& other) noexcept;
    process_watch& operator=(process_watch&& other) noexcept;

    state status() const noexcept { return state_; }
    int fd() const noexcept { return fd_; }

    // Whether the process has exited, without waiting.
    bool exited() const noexcept;

private:
    int fd_ = -1;
    state state_ = state::unwatched;
};

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
