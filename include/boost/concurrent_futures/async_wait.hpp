//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ASYNC_WAIT_HPP
#define BOOST_CONCURRENT_FUTURES_ASYNC_WAIT_HPP

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/async_wait_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/return_when.hpp>
#include <boost/concurrent_futures/wait.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {

namespace detail {

template <class Future>
struct initiate_async_wait
{
    template <class Handler>
    void operator()(Handler&& handler, distinct_futures<Future> futures, return_when when,
                    std::optional<clock::time_point> deadline) const
    {
        async_wait_op<Future, std::decay_t<Handler>>::start(std::forward<Handler>(handler), std::move(futures), when,
                                                            deadline);
    }
};

template <class Future>
using async_wait_signature = void(std::exception_ptr, wait_result<Future>);

template <class Future, class CompletionToken, class R>
auto async_wait_impl(R&& futures, std::optional<clock::time_point> deadline, return_when when, CompletionToken&& token)
{
    return asio::async_initiate<CompletionToken, async_wait_signature<Future>>(
        initiate_async_wait<Future>{}, token, collect_distinct<Future>(std::forward<R>(futures)), when, deadline);
}

} // namespace detail

/// `cf::wait` as an Asio asynchronous operation: completes when `when` is
/// met, without blocking a thread. `futures` is any range of future<T> or
/// any_future; duplicates collapse, as in cf::wait.
///
/// - Handler signature: `void(std::exception_ptr, cf::wait_result<Future>)`:
///   null and every distinct future in exactly one of `done` and `not_done`.
/// - Executor: the handler runs on its associated executor (default: the
///   system executor), never inside this call; while pending, the operation
///   counts as outstanding work there.
/// - Allocator: the handler's associated allocator allocates the operation
///   object and its posted completion; the copies of the futures and one
///   small listener per future are allocated with operator new.
/// - Cancellation through a bound slot: `terminal`, `partial` and `total`
///   all end the wait with `system_error(asio::error::operation_aborted)` and
///   the sets as they were; the futures and their tasks are untouched (a
///   wait has no side effect to undo).
/// - Lifetimes: the operation copies the futures, so a deferred one may be
///   launched after the caller's are gone. Destroying the handler's execution
///   context destroys the pending operation without invoking the handler.
/// - Throws std::bad_alloc, or what the allocator throws; nothing is left
///   pending then.
template <detail::future_range R, class CompletionToken = asio::deferred_t>
auto async_wait(R&& futures, return_when when, CompletionToken&& token = CompletionToken())
{
    return detail::async_wait_impl<detail::future_range_value<R>>(std::forward<R>(futures), std::nullopt, when,
                                                                  std::forward<CompletionToken>(token));
}

/// As above, with return_when::all_completed.
template <detail::future_range R, class CompletionToken = asio::deferred_t>
requires(!std::is_same_v<std::decay_t<CompletionToken>, return_when>) auto async_wait(
    R&& futures, CompletionToken&& token = CompletionToken())
{
    return detail::async_wait_impl<detail::future_range_value<R>>(
        std::forward<R>(futures), std::nullopt, return_when::all_completed, std::forward<CompletionToken>(token));
}

/// With Python's timeout: after `timeout` it completes normally (a null
/// exception_ptr) with the sets as they are then; a timer on the handler's
/// executor measures it. Otherwise as above.
template <detail::future_range R, class Rep, class Period, class CompletionToken = asio::deferred_t>
auto async_wait(R&& futures, const std::chrono::duration<Rep, Period>& timeout, return_when when,
                CompletionToken&& token = CompletionToken())
{
    auto deadline = detail::deadline_after(timeout);
    return detail::async_wait_impl<detail::future_range_value<R>>(std::forward<R>(futures), deadline, when,
                                                                  std::forward<CompletionToken>(token));
}

/// Futures of different types: `cf::async_wait({f_int, f_string}, when, token)`,
/// completing with a wait_result<any_future>. Otherwise as above.
template <class CompletionToken = asio::deferred_t>
auto async_wait(std::initializer_list<any_future> futures, return_when when,
                CompletionToken&& token = CompletionToken())
{
    return detail::async_wait_impl<any_future>(futures, std::nullopt, when, std::forward<CompletionToken>(token));
}

} // namespace concurrent_futures
} // namespace boost

#endif
