//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// POSIX file descriptors: closing, renumbering, holding fds 0-2.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "descriptor_posix.hpp"

#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <system_error>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

void unique_descriptor::reset(native_descriptor d) noexcept
{
    const native_descriptor old = std::exchange(d_, d);
    // Not retried on EINTR: on Linux the descriptor is released regardless,
    // and a retry could close a number another thread was just given.
    if (old != invalid_descriptor)
        ::close(old);
}

unique_descriptor at_or_above(unique_descriptor d, native_descriptor lowest)
{
    if (!d || d.get() >= lowest)
        return d;
    unique_descriptor moved(::fcntl(d.get(), F_DUPFD_CLOEXEC, lowest));
    if (!moved)
        throw std::system_error(errno, std::generic_category(), "could not renumber a descriptor");
    return moved;
}

namespace {

std::mutex& reservation_mutex()
{
    static std::mutex m;
    return m;
}

} // namespace

standard_streams_reserved::standard_streams_reserved()
{
    reservation_mutex().lock();
    // Lowest numbers first: each open() takes the lowest free one.
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF)
        {
            unique_descriptor placeholder(::open("/dev/null", O_RDWR | O_CLOEXEC));
            if (placeholder.get() == fd)
                held_[fd] = std::move(placeholder);
        }
}

standard_streams_reserved::~standard_streams_reserved()
{
    for (auto& h : held_)
        h.reset();
    reservation_mutex().unlock();
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
