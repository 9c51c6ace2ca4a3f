//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Pipes with pipe2(O_CLOEXEC), or where there is none, pipe() then
// FD_CLOEXEC (a fork in another thread in between inherits the ends: the
// reason to prefer pipe2); never on the standard streams' numbers.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "pipe.hpp"

#include "descriptor_posix.hpp"
#include "fallbacks.hpp"

#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

namespace {

[[noreturn]] void throw_pipe_error()
{
    throw std::system_error(errno, std::generic_category(), "could not create a pipe");
}

pipe_ends own_pipe(const int (&p)[2])
{
    pipe_ends ends{unique_descriptor(p[0]), unique_descriptor(p[1])};
    ends.read = above_standard_streams(std::move(ends.read));
    ends.write = above_standard_streams(std::move(ends.write));
    return ends;
}

} // namespace

pipe_ends make_pipe()
{
    int p[2];
#if defined(__linux__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
    if (!forced(fallback::no_pipe2))
    {
        if (::pipe2(p, O_CLOEXEC) != 0)
            throw_pipe_error();
        return own_pipe(p);
    }
#endif
    if (::pipe(p) != 0)
        throw_pipe_error();
    pipe_ends ends = own_pipe(p);
    for (const unique_descriptor* end : {&ends.read, &ends.write})
        if (::fcntl(end->get(), F_SETFD, FD_CLOEXEC) != 0)
            throw_pipe_error();
    return ends;
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
