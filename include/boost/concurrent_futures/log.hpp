//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LOG_HPP
#define BOOST_CONCURRENT_FUTURES_LOG_HPP

// The replaceable log hook: where the library reports what it swallows.

#include <boost/concurrent_futures/config.hpp>

#include <functional>
#include <string_view>

namespace boost {
namespace concurrent_futures {

/// Severity of a message the library logs (Python's `concurrent.futures` logger levels).
enum class log_level
{
    warning,  ///< something unusual that failed nothing (a pool could not start one more worker or thread)
    error,    ///< a done-callback threw; the exception was swallowed and the next callback ran
    critical, ///< a pool's initializer threw and the pool is broken
};

/// The level's name: "WARNING", "ERROR", "CRITICAL".
constexpr std::string_view to_string(log_level l) noexcept
{
    switch (l)
    {
    case log_level::warning:
        return "WARNING";
    case log_level::error:
        return "ERROR";
    case log_level::critical:
        return "CRITICAL";
    }
    return "UNKNOWN";
}

/// Receives what the library logs: exceptions swallowed from done-callbacks,
/// failing initializers. May be called from any thread, concurrently (pool
/// threads, a process pool's manager thread, a thread pool's submit once it
/// queued its task); an exception it throws is swallowed.
using log_handler = std::function<void(log_level, std::string_view message)>;

namespace detail {

// Logs through the current handler; never throws (a throwing handler is ignored).
BOOST_CONCURRENT_FUTURES_DECL void log(log_level level, std::string_view message) noexcept;

} // namespace detail

/// Replaces the log handler; an empty handler restores the default, which
/// writes one line per message to stderr. Returns the previous handler.
/// One handler per process: it lives in the compiled library, so it also
/// receives what a shared build of the library logs. Thread-safe.
BOOST_CONCURRENT_FUTURES_DECL log_handler set_log_handler(log_handler handler);

} // namespace concurrent_futures
} // namespace boost

#endif
