//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_THREAD_POOL_OPTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_THREAD_POOL_OPTIONS_HPP

#include <boost/concurrent_futures/config.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace boost {
namespace concurrent_futures {

/// Options of `thread_pool_executor` (Python's ThreadPoolExecutor arguments).
struct thread_pool_options
{
    /// Most worker threads; unset means Python's default,
    /// `min(32, std::thread::hardware_concurrency() + 4)`. Zero is an error.
    /// Threads start on demand, when no idle thread can take a new task.
    std::optional<std::size_t> max_workers{};

    /// Workers are named `<prefix>_<index>` (visible in /proc/<pid>/task/*/comm,
    /// where Linux keeps 15 characters). Unset: `cfpool-<n>`, n counting pools.
    std::string thread_name_prefix{};

    /// Run once at the start of every worker thread, before its first task
    /// (Python's initializer and initargs: bind the arguments with a lambda).
    /// If it throws, the exception is logged at log_level::critical and the
    /// pool is broken: tasks not yet started fail with broken_thread_pool
    /// (whose what() names the initializer's exception) and submit() throws
    /// it.
    std::function<void()> initializer{};
};

} // namespace concurrent_futures
} // namespace boost

#endif
