//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_FUTURE_STATE_HPP
#define BOOST_CONCURRENT_FUTURES_FUTURE_STATE_HPP

#include <boost/concurrent_futures/config.hpp>

#include <cstdint>
#include <ostream>
#include <string_view>

namespace boost {
namespace concurrent_futures {

/// The states of CPython's future state machine.
///
/// `cancelled` means `cancel()` succeeded; `cancelled_and_notified` means the
/// executor has since seen the cancellation (`set_running_or_notify_cancel()`),
/// which is when `wait()` and `as_completed()` count the future as done.
enum class future_state : std::uint8_t
{
    /// Not started; cancel() succeeds.
    pending = 0,
    /// Started (run by a thread, or handed to a worker process); it can no
    /// longer be cancelled.
    running = 1,
    /// cancel() succeeded and the executor has not seen it yet: done() and
    /// cancelled() are true, but wait() and as_completed() do not count the
    /// future as done yet (CPython's rule).
    cancelled = 2,
    /// The executor has seen the cancellation: wait() and as_completed()
    /// count the future as done from now on.
    cancelled_and_notified = 3,
    /// The task returned (the value is set) or threw (the exception is set).
    finished = 4,
};

/// CPython's name for the state ("PENDING", "CANCELLED_AND_NOTIFIED", ...).
constexpr std::string_view to_string(future_state s) noexcept
{
    switch (s)
    {
    case future_state::pending:
        return "PENDING";
    case future_state::running:
        return "RUNNING";
    case future_state::cancelled:
        return "CANCELLED";
    case future_state::cancelled_and_notified:
        return "CANCELLED_AND_NOTIFIED";
    case future_state::finished:
        return "FINISHED";
    }
    return "UNKNOWN";
}

/// `os << to_string(s)`.
inline std::ostream& operator<<(std::ostream& os, future_state s)
{
    return os << to_string(s);
}

} // namespace concurrent_futures
} // namespace boost

#endif
