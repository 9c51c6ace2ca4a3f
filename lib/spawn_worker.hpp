//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LIB_SPAWN_WORKER_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_SPAWN_WORKER_HPP

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
    int pidfd = -1;     // readable once the process exits; -1 without pidfd_open
};

// Starts `executable` in worker mode with Boost.Process v2. `launch_context`
// is a private, never-run io_context, touched by this thread only (the child
// notifies it across fork). Throws std::runtime_error saying what failed.
launched_worker spawn_worker(asio::io_context& launch_context, const std::string& executable);

// The executable to re-execute for "this program".
std::string this_program();

// "exited with status 3", "was killed by signal 9 (SIGKILL)", ...
std::string describe_wait_status(int status);

// Reaps `pid` if it has exited: true and `status` filled; false if it still
// runs. `status` is -1 if it was reaped by someone else.
bool try_reap(long pid, int& status);

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
