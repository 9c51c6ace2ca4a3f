//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ASYNC_AS_COMPLETED_HPP
#define BOOST_CONCURRENT_FUTURES_ASYNC_AS_COMPLETED_HPP

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/async_next_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/intrusive_ptr.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <optional>
#include <utility>

namespace boost {
namespace concurrent_futures {

/// `cf::as_completed` for coroutines and other asynchronous code: each
/// `async_next(token)` completes with `(std::exception_ptr, std::optional<Future>)`:
/// the next future to finish (those already done first, then in completion
/// order), `std::nullopt` once every future was yielded, or timeout_error
/// ("N (of M) futures unfinished") past the deadline given at creation.
///
///     auto stream = cf::async_as_completed(futures);
///     while (auto f = co_await stream.async_next(asio::use_awaitable))
///         use(f->result());
///
/// One async_next at a time; a bound cancellation slot ends it with
/// `system_error(operation_aborted)` (the stream stays usable), and so does
/// destroying the stream (also for an async_next launched afterwards, such as
/// a deferred one: the operation holds what it uses). A yielded future is no
/// longer referenced by the stream. The stream belongs to one thread (or
/// strand) at a time.
template <class Future>
class as_completed_stream
{
public:
    /// The handler signature of async_next().
    using completion_signature = void(std::exception_ptr, std::optional<Future>);

    /// Internal: use async_as_completed(). Links the stream to the futures;
    /// throws std::bad_alloc.
    as_completed_stream(detail::distinct_futures<Future> futures, std::optional<detail::clock::time_point> deadline)
        : core_(new detail::stream_core<Future>(std::move(futures), deadline), /*add_ref=*/false)
    {
    }

    /// Movable, not copyable; a moved-from stream may only be destroyed or
    /// assigned to. Never throws.
    as_completed_stream(as_completed_stream&& other) noexcept = default;
    /// Closes this stream as the destructor does, then takes the other's.
    /// Never throws.
    as_completed_stream& operator=(as_completed_stream&& other) noexcept
    {
        if (this != &other)
        {
            reset();
            core_ = std::move(other.core_);
        }
        return *this;
    }
    /// Detaches from the futures not yet yielded; a pending async_next
    /// completes with operation_aborted. Never throws.
    ~as_completed_stream() { reset(); }

    /// Waits for the next future, as an Asio asynchronous operation.
    ///
    /// - Handler signature: `void(std::exception_ptr, std::optional<Future>)`:
    ///   null and the next future to be done (those already done first, then
    ///   in completion order); null and std::nullopt once every future was
    ///   yielded; timeout_error ("N (of M) futures unfinished") past the
    ///   deadline given to async_as_completed; std::logic_error if another
    ///   async_next of this stream is still pending (that one goes on).
    /// - Executor: the handler runs on its associated executor (default: the
    ///   system executor), never inside this call; while pending, the
    ///   operation counts as outstanding work there. A deadline is measured by
    ///   a timer on that executor.
    /// - Allocator: the handler's associated allocator allocates the operation
    ///   and its posted completion (the stream's own state was allocated by
    ///   async_as_completed).
    /// - Cancellation through a bound slot: `terminal`, `partial` and `total`
    ///   all end this async_next with
    ///   `system_error(asio::error::operation_aborted)` and std::nullopt; no
    ///   future is lost (the next async_next yields it) and none is touched.
    /// - Lifetimes: the operation holds a counted reference to the stream's
    ///   state, so it may outlive the stream object (it then completes with
    ///   operation_aborted). Destroying the handler's execution context
    ///   destroys the pending operation without invoking the handler; the
    ///   stream stays usable.
    /// - Throws what the allocator throws; nothing is left pending then.
    template <class CompletionToken = asio::deferred_t>
    auto async_next(CompletionToken&& token = CompletionToken())
    {
        // The initiation holds a counted reference: a deferred async_next may
        // be launched after the stream is gone (it then completes with
        // operation_aborted).
        return asio::async_initiate<CompletionToken, completion_signature>(initiate_next{}, token, core_);
    }

    /// Number of distinct futures of the input (yielded or not).
    std::size_t size() const noexcept { return core_->size(); }

private:
    struct initiate_next
    {
        template <class Handler>
        void operator()(Handler&& handler, boost::intrusive_ptr<detail::stream_core<Future>> core) const
        {
            detail::async_next_op<Future, std::decay_t<Handler>>::start(std::forward<Handler>(handler),
                                                                        std::move(core));
        }
    };

    void reset() noexcept
    {
        if (core_)
        {
            core_->close();
            core_.reset();
        }
    }

    boost::intrusive_ptr<detail::stream_core<Future>> core_;
};

/// A stream over the distinct futures of `futures` (any range of future<T> or
/// any_future), which it copies. Throws std::bad_alloc.
template <detail::future_range R>
as_completed_stream<detail::future_range_value<R>> async_as_completed(R&& futures)
{
    using F = detail::future_range_value<R>;
    return as_completed_stream<F>(detail::collect_distinct<F>(std::forward<R>(futures)), std::nullopt);
}

/// As above; every future must be yielded within `timeout` of this call.
template <detail::future_range R, class Rep, class Period>
as_completed_stream<detail::future_range_value<R>> async_as_completed(R&& futures,
                                                                      const std::chrono::duration<Rep, Period>& timeout)
{
    using F = detail::future_range_value<R>;
    return as_completed_stream<F>(detail::collect_distinct<F>(std::forward<R>(futures)),
                                  detail::deadline_after(timeout));
}

/// Futures of different types: `cf::async_as_completed({f_int, f_string})`.
inline as_completed_stream<any_future> async_as_completed(std::initializer_list<any_future> futures)
{
    return as_completed_stream<any_future>(detail::collect_distinct<any_future>(futures), std::nullopt);
}

} // namespace concurrent_futures
} // namespace boost

#endif
