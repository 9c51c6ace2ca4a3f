//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_WAIT_HPP
#define BOOST_CONCURRENT_FUTURES_WAIT_HPP

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/wait_core.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/return_when.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <unordered_set>

namespace boost {
namespace concurrent_futures {

/// What `wait()` returns (Python's `DoneAndNotDoneFutures`). Each future of
/// the input appears once, in exactly one of the two sets.
template <class Future>
struct wait_result
{
    /// Finished, or cancelled and noticed by their executor.
    std::unordered_set<Future> done;

    /// The others.
    std::unordered_set<Future> not_done;
};

namespace detail {

template <class Future, class R>
wait_result<Future> wait_impl(R&& futures, const std::optional<clock::time_point>& deadline, return_when when)
{
    auto distinct = collect_distinct<Future>(std::forward<R>(futures));
    const auto done = wait_for_states(distinct.states, deadline, when);
    wait_result<Future> out;
    for (std::size_t i = 0; i < distinct.futures.size(); ++i)
        (done[i] ? out.done : out.not_done).insert(std::move(distinct.futures[i]));
    return out;
}

} // namespace detail

/// Waits for futures (any range of `future<T>` or `any_future`, copied;
/// duplicates count once) until `when` is met. Like Python, a future cancelled
/// but not yet seen by its executor (`future_state::cancelled`) is not counted
/// as done. Waiters are woken by the completing thread; nothing polls. Any
/// number of threads may wait on the same futures at once. Throws
/// std::bad_alloc.
template <detail::future_range R>
wait_result<detail::future_range_value<R>> wait(R&& futures, return_when when = return_when::all_completed)
{
    return detail::wait_impl<detail::future_range_value<R>>(std::forward<R>(futures), std::nullopt, when);
}

/// As above, returning after `timeout` at the latest (no exception: the
/// unfinished futures are in `not_done`).
template <detail::future_range R, class Rep, class Period>
wait_result<detail::future_range_value<R>> wait(R&& futures, const std::chrono::duration<Rep, Period>& timeout,
                                                return_when when = return_when::all_completed)
{
    return detail::wait_impl<detail::future_range_value<R>>(std::forward<R>(futures), detail::deadline_after(timeout),
                                                            when);
}

/// Futures of different types together: `cf::wait({f_int, f_string})`.
inline wait_result<any_future> wait(std::initializer_list<any_future> futures,
                                    return_when when = return_when::all_completed)
{
    return detail::wait_impl<any_future>(futures, std::nullopt, when);
}

/// As above, returning after `timeout` at the latest.
template <class Rep, class Period>
wait_result<any_future> wait(std::initializer_list<any_future> futures,
                             const std::chrono::duration<Rep, Period>& timeout,
                             return_when when = return_when::all_completed)
{
    return detail::wait_impl<any_future>(futures, detail::deadline_after(timeout), when);
}

} // namespace concurrent_futures
} // namespace boost

#endif
