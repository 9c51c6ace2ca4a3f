//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_DEADLINE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_DEADLINE_HPP

#include <chrono>
#include <optional>

namespace boost {
namespace concurrent_futures {
namespace detail {

using clock = std::chrono::steady_clock;

// Python's semantics for a timeout: zero or negative means "do not wait".
// Durations too long to add to now() without overflow mean "forever".
template <class Rep, class Period>
std::optional<clock::time_point> deadline_after(const std::chrono::duration<Rep, Period>& timeout)
{
    using seconds_d = std::chrono::duration<double>;
    const auto now = clock::now();
    const seconds_d secs = std::chrono::duration_cast<seconds_d>(timeout);
    if (!(secs.count() > 0.0)) // also catches NaN
        return now;
    // ~95 years: far beyond any meaningful wait, far below overflow.
    if (secs.count() > 3.0e9)
        return std::nullopt;
    return now + std::chrono::ceil<clock::duration>(secs);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
