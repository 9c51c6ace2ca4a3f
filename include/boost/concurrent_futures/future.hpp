//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_FUTURE_HPP
#define BOOST_CONCURRENT_FUTURES_FUTURE_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/async_get_op.hpp>
#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/future_handle.hpp>
#include <boost/concurrent_futures/detail/result_state.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future_state.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/intrusive_ptr.hpp>

#include <chrono>
#include <compare>
#include <cstddef>
#include <exception>
#include <functional>
#include <ostream>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {

namespace detail {
// Parameter type of set_result for future<void>, where it is constrained away.
struct no_value
{
};
} // namespace detail

/// The result of an asynchronous computation: a copyable handle to one shared
/// state, like a Python object reference to a `concurrent.futures.Future`.
///
/// A default-constructed future is a new pending future (Python's `Future()`),
/// completed by hand with `set_result` / `set_exception`. Executors return
/// futures tied to their tasks. All member functions may be called
/// concurrently on copies of one future.
template <class T>
class future : public detail::future_handle<future<T>, detail::result_state<T>>
{
    using base = detail::future_handle<future<T>, detail::result_state<T>>;

    static_assert(!std::is_reference_v<T>, "cf::future<T&> is not supported: use a pointer or std::reference_wrapper");
    static_assert(std::is_same_v<T, std::remove_cv_t<T>>, "cf::future<const T> is not supported: use cf::future<T>");
    static_assert(!std::is_array_v<T>, "cf::future<T[N]> is not supported: use std::array");

    using value_param = std::conditional_t<std::is_void_v<T>, detail::no_value, T>;

public:
    using value_type = T;
    using typename base::state_type;

    /// What result() returns: `const T&`, or `void`.
    using result_reference = std::conditional_t<std::is_void_v<T>, void, const value_param&>;

    /// Completion signature of async_get().
    using completion_signature =
        std::conditional_t<std::is_void_v<T>, void(std::exception_ptr), void(std::exception_ptr, value_param)>;

    /// A new pending future, completed with set_result() or set_exception().
    /// Throws std::bad_alloc.
    future() : base(boost::intrusive_ptr<state_type>(new detail::plain_state<T>(), /*add_ref=*/false)) {}

    future(const future&) noexcept = default;
    future(future&&) noexcept = default;
    future& operator=(const future&) noexcept = default;
    future& operator=(future&&) noexcept = default;
    ~future() = default;

    // valid, cancel, cancelled, running, done, state, exception,
    // add_done_callback, describe, ==, <=>, hash_value, <<: detail::future_handle.

    /// Waits until done, then returns the value (a reference into the shared
    /// state, valid while any handle or operation refers to it; nothing for
    /// future<void>). Rethrows the task's exception; throws cancelled_error if
    /// the future was cancelled.
    result_reference result() const
    {
        this->state_->wait_done();
        return get_done();
    }

    /// As result(), throwing timeout_error if not done within `timeout` (zero
    /// or negative: do not wait).
    template <class Rep, class Period>
    result_reference result(const std::chrono::duration<Rep, Period>& timeout) const
    {
        this->wait_for(timeout);
        return get_done();
    }

    /// Waits for the result as an Asio asynchronous operation: completes with
    /// `(std::exception_ptr, T)` (a copy of the value; `(std::exception_ptr)`
    /// for future<void>) through any completion token: `asio::use_awaitable`,
    /// `asio::use_future`, `asio::deferred` (the default), `as_tuple`,
    /// callbacks. The exception is the task's, or cancelled_error.
    ///
    /// The handler runs on its associated executor (never inline in this
    /// call), which keeps outstanding work while waiting; its associated
    /// allocator allocates the operation. A bound cancellation slot (any type:
    /// terminal, partial or total) ends the wait, completing with
    /// `system_error(asio::error::operation_aborted)`, and never touches the
    /// future: waiting has no side effect to undo, and the task may be
    /// someone else's (cf::async_submit withdraws its own). Destroying the
    /// handler's execution context destroys the pending wait. The operation
    /// holds a counted reference to the state, so a deferred one may be
    /// launched after every handle is gone. Throws what the allocator throws.
    template <class CompletionToken = asio::deferred_t>
    auto async_get(CompletionToken&& token = CompletionToken()) const
    {
        static_assert(std::is_void_v<T> ||
                          (std::is_default_constructible_v<value_param> && std::is_copy_constructible_v<value_param>),
                      "async_get needs a copyable T with a default value: it completes with (exception_ptr, T), "
                      "passing a copy of the result, or T{} with an exception");
        // The initiation holds a counted reference: a deferred operation may
        // be launched after the last handle is gone.
        return asio::async_initiate<CompletionToken, completion_signature>(detail::initiate_async_get<T>{}, token,
                                                                           this->state_);
    }

    /// For executors and tests: PENDING -> RUNNING (true), or CANCELLED ->
    /// CANCELLED_AND_NOTIFIED (false; waiters that count a cancellation only
    /// once noticed run now, on this thread). Throws invalid_state_error
    /// otherwise (and logs it, as CPython does).
    bool set_running_or_notify_cancel() { return this->state_->set_running_or_notify_cancel(); }

    /// For executors and tests: finishes the future with `value`; waiters wake
    /// and done-callbacks run in this call, on this thread. Throws
    /// invalid_state_error if already done (the value is then discarded), or
    /// what copying or moving the value throws (the future is then unchanged).
    void set_result(const value_param& value) requires(!std::is_void_v<T>)
    {
        // Copy outside the state's lock; only the move happens under it.
        value_param copy(value);
        this->state_->set_value(std::move(copy));
    }

    void set_result(value_param&& value) requires(!std::is_void_v<T>) { this->state_->set_value(std::move(value)); }

    void set_result() requires std::is_void_v<T> { this->state_->set_value(); }

    /// For executors and tests: finishes the future with `e` (as set_result).
    /// Throws std::invalid_argument if `e` is null, invalid_state_error if
    /// already done.
    void set_exception(std::exception_ptr e) { this->state_->set_exception(std::move(e)); }

    /// Convenience: set_exception(std::make_exception_ptr(e)).
    template <class E>
    requires(!std::is_same_v<std::decay_t<E>, std::exception_ptr> &&
             std::is_class_v<std::decay_t<E>>) void set_exception(E&& e)
    {
        this->state_->set_exception(std::make_exception_ptr(std::forward<E>(e)));
    }

private:
    friend struct detail::future_access;

    explicit future(detail::state_base& s) noexcept
        : base(boost::intrusive_ptr<state_type>(static_cast<state_type*>(&s)))
    {
    }

    explicit future(boost::intrusive_ptr<state_type> p) noexcept : base(std::move(p)) {}

    result_reference get_done() const
    {
        detail::throw_if_not_value(*this->state_);
        if constexpr (!std::is_void_v<T>)
            return this->state_->value();
    }
};

} // namespace concurrent_futures
} // namespace boost

template <class T>
struct std::hash<boost::concurrent_futures::future<T>>
{
    std::size_t operator()(const boost::concurrent_futures::future<T>& f) const noexcept { return hash_value(f); }
};

#endif
