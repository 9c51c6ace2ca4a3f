//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Anonymous pipes between the parent and a worker.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_PIPE_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_PIPE_HPP

#include "descriptor.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

struct pipe_ends
{
    unique_descriptor read;
    unique_descriptor write;
};

// A new pipe whose ends are not inherited by any child process (close-on-exec)
// and never take the standard streams' places (POSIX fds 0-2).
// Throws std::system_error (EMFILE, ...); nothing is left open then.
pipe_ends make_pipe();

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
