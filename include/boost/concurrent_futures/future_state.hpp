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
    pending = 0,
    running = 1,
    cancelled = 2,
    cancelled_and_notified = 3,
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

inline std::ostream& operator<<(std::ostream& os, future_state s)
{
    return os << to_string(s);
}

} // namespace concurrent_futures
} // namespace boost

#endif
