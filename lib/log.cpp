//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process's one log handler. It lives here, not in a header, so that a
// program and a shared build of the library share it whatever their symbol
// visibility.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/log.hpp>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace {

struct log_registry
{
    std::mutex mutex;
    std::shared_ptr<const log_handler> handler;
};

// Never destroyed: pool threads may log while statics are being torn down.
log_registry& registry()
{
    static log_registry* instance = new log_registry;
    return *instance;
}

void write_default_log(log_level level, std::string_view message)
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

} // namespace

namespace detail {

void log(log_level level, std::string_view message) noexcept
{
    try
    {
        std::shared_ptr<const log_handler> h;
        {
            auto& r = registry();
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

log_handler set_log_handler(log_handler handler)
{
    auto next = handler ? std::make_shared<const log_handler>(std::move(handler)) : nullptr;
    auto& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto previous = std::exchange(r.handler, std::move(next));
    return previous ? *previous : log_handler{};
}

} // namespace concurrent_futures
} // namespace boost
