//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_PROCESS_POOL_OPTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_PROCESS_POOL_OPTIONS_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace boost {
namespace concurrent_futures {

/// Options of `process_pool_executor` (Python's ProcessPoolExecutor arguments).
struct process_pool_options
{
    /// Most worker processes; unset means std::thread::hardware_concurrency().
    /// Zero is an error. Workers start on demand, when no idle one can take a task.
    std::optional<std::size_t> max_workers{};

    /// A registered function (and its arguments) run first in every worker
    /// process: `.initializer = init`, or with Python's initargs
    /// `.initializer = {init, args...}`. If it throws, the exception is logged
    /// at log_level::critical and the pool is broken (broken_process_pool,
    /// naming the worker and the exception).
    registered_call initializer{};

    /// A worker exits after this many tasks and a fresh one replaces it.
    /// Unset: workers live as long as the pool. Zero is an error.
    std::optional<std::size_t> max_tasks_per_child{};

    /// The worker program. Empty: this program, re-executed (its main must
    /// call cf::serve_if_worker(argc, argv) first). A dedicated worker
    /// program's main is `return cf::worker_main(argc, argv);` and registers
    /// the same functions (and exception types) under the same names.
    ///
    /// A relative path is resolved against the working directory when the
    /// pool is created (later changes of directory do not matter); the
    /// constructor throws std::invalid_argument if it is not an executable
    /// file then. A program that cannot be started later (removed, no longer
    /// executable, not a program) breaks the pool: the futures fail with
    /// broken_process_pool naming the path and the system's reason (errno).
    std::string worker_executable{};
};

} // namespace concurrent_futures
} // namespace boost

#endif
