//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Pipes with pipe2(O_CLOEXEC), never on the standard streams' numbers.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "pipe.hpp"

#include "descriptor_posix.hpp"

#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

pipe_ends make_pipe()
{
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "could not create a pipe");
    pipe_ends ends{unique_descriptor(p[0]), unique_descriptor(p[1])};
    ends.read = above_standard_streams(std::move(ends.read));
    ends.write = above_standard_streams(std::move(ends.write));
    return ends;
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
