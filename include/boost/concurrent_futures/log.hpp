//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LOG_HPP
#define BOOST_CONCURRENT_FUTURES_LOG_HPP

#include <boost/concurrent_futures/config.hpp>

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace boost {
namespace concurrent_futures {

/// Severity of a message the library logs (Python's `concurrent.futures` logger levels).
enum class log_level
{
    warning,
    error,    ///< e.g. a done-callback threw
    critical, ///< e.g. a pool initializer threw
};

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
/// failing initializers. May be called from any thread, concurrently.
using log_handler = std::function<void(log_level, std::string_view message)>;

namespace detail {

struct log_registry
{
    std::mutex mutex;
    std::shared_ptr<const log_handler> handler;
};

// Never destroyed: pool threads may log while statics are being torn down.
inline log_registry& log_registry_instance()
{
    static log_registry* instance = new log_registry;
    return *instance;
}

inline void write_default_log(log_level level, std::string_view message)
{
    std::string line = "boost.concurrent_futures ";
    line += to_string(level);
    line += ": ";
    line += message;
    line += '\n';
    // One write, so concurrent messages do not interleave.
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

inline void log(log_level level, std::string_view message) noexcept
{
    try
    {
        std::shared_ptr<const log_handler> h;
        {
            auto& r = log_registry_instance();
            std::lock_guard<std::mutex> lock(r.mutex);
            h = r.handler;
        }
        if (h && *h)
            (*h)(level, message);
        else
            write_default_log(level, message);
    }
    catch (...)
    {
        // A logger that throws must not take the pool down with it.
    }
}

} // namespace detail

/// Replaces the log handler; an empty handler restores the default, which
/// writes one line per message to stderr. Returns the previous handler.
inline log_handler set_log_handler(log_handler handler)
{
    auto next = handler ? std::make_shared<const log_handler>(std::move(handler)) : nullptr;
    auto& r = detail::log_registry_instance();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto previous = std::exchange(r.handler, std::move(next));
    return previous ? *previous : log_handler{};
}

} // namespace concurrent_futures
} // namespace boost

#endif
