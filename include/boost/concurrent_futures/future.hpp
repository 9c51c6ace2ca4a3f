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
/// futures tied to their tasks. The shared state lives as long as a handle, a
/// queued task or a pending wait refers to it.
///
/// `T` is void or an object type that is not const, a reference or an array
/// (a static_assert says what to use instead).
///
/// Thread safety: every member function may be called concurrently on one
/// handle and on its copies, except assignment to the same handle object.
/// Waiters are woken by the completing thread; nothing polls.
template <class T>
class future : public detail::future_handle<future<T>, detail::result_state<T>>
{
    using base = detail::future_handle<future<T>, detail::result_state<T>>;

    static_assert(!std::is_reference_v<T>, "cf::future<T&> is not supported: use a pointer or std::reference_wrapper");
    static_assert(std::is_same_v<T, std::remove_cv_t<T>>, "cf::future<const T> is not supported: use cf::future<T>");
    static_assert(!std::is_array_v<T>, "cf::future<T[N]> is not supported: use std::array");

    using value_param = std::conditional_t<std::is_void_v<T>, detail::no_value, T>;

public:
    /// `T`.
    using value_type = T;

    /// The shared state's type: an implementation detail (any_future uses it).
    using typename base::state_type;

    /// What result() returns: `const T&`, or `void`.
    using result_reference = std::conditional_t<std::is_void_v<T>, void, const value_param&>;

    /// Completion signature of async_get().
    using completion_signature =
        std::conditional_t<std::is_void_v<T>, void(std::exception_ptr), void(std::exception_ptr, value_param)>;

    /// A new pending future, completed with set_result() or set_exception().
    /// Throws std::bad_alloc.
    future() : base(boost::intrusive_ptr<state_type>(new detail::plain_state<T>(), /*add_ref=*/false)) {}

    /// Copying shares the state (the copies compare equal); moving takes it,
    /// leaving the source invalid (valid() is false). The destructor releases
    /// the handle: a state released by its last handle while pending is
    /// destroyed with its done-callbacks, which never run. Never throw.
    future(const future&) noexcept = default;
    future(future&&) noexcept = default;
    future& operator=(const future&) noexcept = default;
    future& operator=(future&&) noexcept = default;
    ~future() = default;

    // valid, cancel, cancelled, running, done, state, exception,
    // add_done_callback, describe, ==, <=>, hash_value and << are documented
    // where they are declared, in detail/future_handle.hpp (shared with
    // any_future).

    /// Waits until done, then returns the value: a reference into the shared
    /// state, valid while any handle or operation refers to it, the same
    /// object for every copy (nothing for future<void>). A thread about to
    /// block first watches the state for up to
    /// BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS, then sleeps until the
    /// completing thread wakes it.
    ///
    /// Throws the task's exception (the same exception_ptr each time), or
    /// cancelled_error if the future was cancelled.
    result_reference result() const
    {
        this->state_->wait_done();
        return get_done();
    }

    /// As result(), throwing timeout_error if not done within `timeout`
    /// (measured on std::chrono::steady_clock; zero or negative: do not wait).
    /// A timeout leaves the future and its task alone.
    template <class Rep, class Period>
    result_reference result(const std::chrono::duration<Rep, Period>& timeout) const
    {
        this->wait_for(timeout);
        return get_done();
    }

    /// Waits for the result as an Asio asynchronous operation, through any
    /// completion token: `asio::use_awaitable`, `asio::use_future`,
    /// `asio::deferred` (the default: the wait starts when the deferred
    /// operation is launched), `as_tuple`, callbacks. Requires T copyable and
    /// default-constructible (static_assert).
    ///
    /// - Handler signature: `void(std::exception_ptr, T)`
    ///   (`void(std::exception_ptr)` for future<void>): null and a copy of the
    ///   value; or the task's exception, or cancelled_error, and `T{}`.
    /// - Executor: the handler runs on its associated executor (default: the
    ///   system executor), never inside this call, even for a future already
    ///   done; while pending, the operation counts as outstanding work there.
    /// - Allocator: the handler's associated allocator allocates the operation
    ///   and its posted completion.
    /// - Cancellation through a bound slot: `terminal`, `partial` and `total`
    ///   all end the wait with `system_error(asio::error::operation_aborted)`
    ///   (and `T{}`), and none touches the future or its task: ending a wait
    ///   has no side effect, and the task may be someone else's. Cancel the
    ///   task with cancel(), or submit it with cf::async_submit, which
    ///   withdraws the task it queued. Cancellation after completion does
    ///   nothing.
    /// - Lifetimes: the operation holds a counted reference to the shared
    ///   state, so a deferred one may be launched after every handle is gone.
    ///   Destroying the handler's execution context destroys the pending wait
    ///   without invoking the handler; the future is left alone.
    /// - Throws what the allocator throws (nothing is left pending then).
    ///   Any number of waits may be pending on one future, from any threads.
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

    /// For executors and tests (Python's `set_running_or_notify_cancel`):
    /// PENDING -> RUNNING (true: run the task), or CANCELLED ->
    /// CANCELLED_AND_NOTIFIED (false: do not run it; wait() and as_completed(),
    /// which count a cancellation only once noticed, are woken now, on this
    /// thread). In any other state, logs at log_level::critical and throws
    /// invalid_state_error, as CPython does; the state is then unchanged.
    bool set_running_or_notify_cancel() { return this->state_->set_running_or_notify_cancel(); }

    /// For executors and tests: finishes the future with `value` (copied
    /// outside the state's lock, then moved in); waiters wake and
    /// done-callbacks run in this call, on this thread. Throws
    /// invalid_state_error if already done (finished or cancelled; the value
    /// is then discarded), or what copying or moving the value throws; either
    /// way the future is unchanged.
    void set_result(const value_param& value) requires(!std::is_void_v<T>)
    {
        // Copy outside the state's lock; only the move happens under it.
        value_param copy(value);
        this->state_->set_value(std::move(copy));
    }

    /// As above, moving `value` in.
    void set_result(value_param&& value) requires(!std::is_void_v<T>) { this->state_->set_value(std::move(value)); }

    /// future<void>: finishes the future, as above.
    void set_result() requires std::is_void_v<T> { this->state_->set_value(); }

    /// For executors and tests: finishes the future with `e`, as set_result()
    /// does. A null `e` is refused first, whatever the state: throws
    /// std::invalid_argument (Python raises TypeError for a non-exception).
    /// Throws invalid_state_error if already done. Either way the future is
    /// unchanged.
    void set_exception(std::exception_ptr e) { this->state_->set_exception(std::move(e)); }

    /// Convenience for a class type E: set_exception(std::make_exception_ptr(e)).
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
