//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Worker processes: starting one on its two pipes, watching it exit, reaping
// it and saying how it ended.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_PROCESS_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_PROCESS_HPP

#include "descriptor.hpp"

#include <boost/concurrent_futures/detail/worker_signal.hpp>

#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

long current_process_id() noexcept;

// Starts `program` with `arguments` (after its name). The child reads tasks
// from `task_channel`, writes results to `result_channel` and passes
// shared memory regions over `region_channel` (the worker's fds 3, 4 and 5
// on POSIX), all closed here on return, and inherits no other
// descriptor of this process: everything else here is close-on-exec, and
// the launch opens nothing that is not. Returns the process id; throws
// std::system_error naming the program and the error (exec failures
// included: ENOENT, EACCES, ENOEXEC, ...).
long start_worker_process(const std::string& program, const std::vector<std::string>& arguments,
                          unique_descriptor task_channel, unique_descriptor result_channel,
                          unique_descriptor region_channel);

// A descriptor that becomes readable when `pid` exits (a pidfd), or none
// where the system has no such thing; exits are then seen from the pipes.
unique_descriptor open_exit_watch(long pid) noexcept;

// Sends `signal` (a POSIX signal number) to `pid`; SIGTERM is followed by
// SIGCONT, so a stopped process ends too.
void send_signal(long pid, int signal) noexcept;

// The signal that does `how`: SIGTERM or SIGKILL.
int native_signal(worker_signal how) noexcept;

// Reaps `pid` if it has exited: true and `status` filled; false if it still
// runs. `status` is -1 if it was reaped by someone else.
bool try_reap(long pid, int& status) noexcept;

// "exited with status 3", "was killed by signal 9 (SIGKILL)", ...
std::string describe_wait_status(int status);

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
