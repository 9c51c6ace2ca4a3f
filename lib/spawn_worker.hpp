//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LIB_SPAWN_WORKER_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_SPAWN_WORKER_HPP

#include "os/process.hpp"

#include <boost/asio/io_context.hpp>

#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {

// A freshly started worker process. The descriptors are the parent's ends,
// close-on-exec; the caller owns them.
struct launched_worker
{
    long pid = -1;
    int task_fd = -1;   // write tasks here (the worker's fd 3)
    int result_fd = -1; // read results here (the worker's fd 4)
    int region_fd = -1; // regions of large payloads, both ways (the worker's fd 5)
    int pidfd = -1;     // readable once the process exits; -1 without pidfd_open
};

// Starts `executable` in worker mode (with posix_spawn,
// lib/os/process_posix.cpp). Throws
// std::runtime_error saying what failed (for an exec failure: the program
// and the error).
launched_worker spawn_worker(const std::string& executable);

// Creates `io`'s reactor now, holding the standard streams' numbers if the
// application closed them, so that its descriptors (epoll, eventfd, timerfd)
// stay above fds 0-2. Called when a pool is created.
void open_reactor(asio::io_context& io);

// The program a pool starts: `configured` (process_pool_options::
// worker_executable) made absolute against the working directory of the
// moment, so that the application may change directory afterwards; this
// program (os::this_program()) if empty.
std::string worker_program(const std::string& configured);

using os::describe_wait_status;
using os::try_reap;

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
