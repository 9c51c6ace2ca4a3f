//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ASYNC_SUBMIT_HPP
#define BOOST_CONCURRENT_FUTURES_ASYNC_SUBMIT_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/async_get_op.hpp>
#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/future.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>

#include <exception>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {

namespace detail {

template <class Executor>
struct initiate_async_submit
{
    Executor* executor;

    template <class Handler, class F>
    void operator()(Handler&& handler, F&& fn) const
    {
        using future_type = decltype(executor->submit(std::forward<F>(fn)));
        using T = typename future_type::value_type;
        future_type f;
        try
        {
            f = executor->submit(std::forward<F>(fn));
        }
        catch (...)
        {
            // Shut down or broken: the handler hears it like a task's exception.
            f = future_type();
            f.set_exception(std::current_exception());
        }
        async_get_op<T, std::decay_t<Handler>>::start(std::forward<Handler>(handler),
                                                      future_access::shared_state(std::move(f)), /*owns_task=*/true);
    }
};

} // namespace detail

/// Submits `fn()` to `executor` (any of this library's executors: a callable
/// for a thread pool, a registered nullary function for a process pool) and
/// waits for its result as an Asio asynchronous operation:
/// `co_await cf::async_submit(pool, fn, asio::use_awaitable)`.
///
/// - Handler signature: the submitted future's completion_signature,
///   `void(std::exception_ptr, R)`, or `void(std::exception_ptr)` when fn
///   returns void: null and the result, or the task's exception and `R{}`.
/// - Submission happens at initiation (so a deferred operation submits when
///   it is launched); `executor` must outlive that, not the operation. A
///   submission refused (shut down, broken pool) is not thrown: the handler
///   receives that exception.
/// - Executor: the handler runs on its associated executor (default: the
///   system executor), never inside this call; while pending, the operation
///   counts as outstanding work there.
/// - Allocator: the handler's associated allocator allocates the operation
///   and its posted completion; the task itself is allocated by `submit`.
/// - Cancellation through a bound slot: the future is this operation's own,
///   so any type (`terminal`, `partial` or `total`) withdraws the task if it
///   has not started (it never runs) and completes with
///   `system_error(asio::error::operation_aborted)`. Once the task runs,
///   `terminal` and `partial` end the wait the same way (the task carries on,
///   its result unseen) and `total` is ignored (the result arrives), since
///   what the task does can no longer be undone.
/// - Destroying the handler's execution context destroys the pending
///   operation without invoking the handler; the task still runs.
/// - Throws what the allocator throws (the task was submitted already and
///   runs, unobserved). Thread safety: as the executor's submit().
template <class Executor, class F, class CompletionToken = asio::deferred_t>
requires requires(Executor& ex, F&& fn)
{
    ex.submit(std::forward<F>(fn));
}
auto async_submit(Executor& executor, F&& fn, CompletionToken&& token = CompletionToken())
{
    using future_type = decltype(executor.submit(std::forward<F>(fn)));
    using signature = typename future_type::completion_signature;
    return asio::async_initiate<CompletionToken, signature>(detail::initiate_async_submit<Executor>{&executor}, token,
                                                            std::forward<F>(fn));
}

} // namespace concurrent_futures
} // namespace boost

#endif
