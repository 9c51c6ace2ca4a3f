//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Watching a process of this machine through pidfd_open.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "process_watch.hpp"

#include <cerrno>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

process_watch::process_watch(long pid) noexcept
{
#if defined(SYS_pidfd_open)
    if (pid <= 0)
        return;
    const long fd = ::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0u);
    if (fd >= 0)
    {
        fd_ = static_cast<int>(fd); // pidfds are close-on-exec
        state_ = state::watching;
    }
    else if (errno == ESRCH)
        state_ = state::gone;
#else
    (void)pid;
#endif
}

process_watch::~process_watch()
{
    if (fd_ >= 0)
        ::close(fd_);
}

process_watch::process_watch(process_watch&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), state_(std::exchange(other.state_, state::unwatched))
{
}

process_watch& process_watch::operator=(process_watch&& other) noexcept
{
    if (this != &other)
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        state_ = std::exchange(other.state_, state::unwatched);
    }
    return *this;
}

bool process_watch::exited() const noexcept
{
    if (state_ == state::gone)
        return true;
    if (fd_ < 0)
        return false;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
