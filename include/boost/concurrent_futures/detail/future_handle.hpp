//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What future<T> and any_future share: a counted reference to a shared state,
// CPython's observers and cancel(), waiting, done-callbacks, repr, and
// identity (comparison and hashing by shared state).

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_HANDLE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_HANDLE_HPP

#include <boost/concurrent_futures/detail/callback_node.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/result_state.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future_state.hpp>

#include <boost/intrusive_ptr.hpp>

#include <chrono>
#include <compare>
#include <cstddef>
#include <exception>
#include <functional>
#include <ostream>
#include <string>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Handle is the derived class (future<T> or any_future), State its state type.
// The `///` comments below are the public reference of those members of
// future<T> and any_future. Every member function may be called concurrently
// on copies of one handle; all but valid() require a valid() handle.
template <class Handle, class State>
class future_handle
{
public:
    /// The shared state's type: an implementation detail; do not name it.
    using state_type = State;

    /// False only for a moved-from handle; every other member requires
    /// valid(). Never throws.
    bool valid() const noexcept { return static_cast<bool>(state_); }

    /// Cancels the future unless it is running or finished (CPython's
    /// `Future.cancel()`): true if it is now cancelled (also when it already
    /// was), false if it is running or finished (then nothing changes).
    /// Cancelling a pending future wakes its waiters and runs its
    /// done-callbacks in this call, on this thread (what they throw is logged
    /// and swallowed). A cancelled task never runs; wait() and as_completed()
    /// count the future as done once its executor has noticed
    /// (CANCELLED_AND_NOTIFIED).
    bool cancel() { return state_->cancel(); }

    /// True once cancelled (CANCELLED or CANCELLED_AND_NOTIFIED).
    bool cancelled() const noexcept
    {
        const auto s = state_->status();
        return s == future_state::cancelled || s == future_state::cancelled_and_notified;
    }

    /// True while the task runs (a thread pool runs it, or a process pool has
    /// handed it to a worker).
    bool running() const noexcept { return state_->status() == future_state::running; }

    /// True once finished (with a value or an exception) or cancelled.
    bool done() const noexcept { return is_done(state_->status()); }

    /// The exact state in CPython's state machine.
    future_state state() const noexcept { return state_->status(); }

    /// Waits until done (as result() does), then returns the task's exception,
    /// or null if it finished with a value. Throws cancelled_error if the
    /// future was cancelled.
    std::exception_ptr exception() const
    {
        state_->wait_done();
        return exception_of_done(*state_);
    }

    /// As exception(), throwing timeout_error if not done within `timeout`
    /// (zero or negative: do not wait); the task goes on.
    template <class Rep, class Period>
    std::exception_ptr exception(const std::chrono::duration<Rep, Period>& timeout) const
    {
        wait_for(timeout);
        return exception_of_done(*state_);
    }

    /// Calls `fn(const Handle&)` (a handle to this future) once the future is
    /// done, or at once, in this thread, before returning, if it already is.
    /// Callbacks run in the order they were added, on the thread that
    /// completes or cancels the future: a thread-pool worker, a process pool's
    /// manager thread, or the caller of set_result / set_exception / cancel.
    /// An exception from one is logged at log_level::error (see
    /// set_log_handler) and swallowed, and the next still runs. A callback
    /// must not wait for work of the executor it runs on.
    ///
    /// `fn` is decay-copied and destroyed after it ran (or with the state, if
    /// the future is destroyed unsettled). Throws std::bad_alloc or what
    /// copying `fn` throws; then `fn` is never called.
    template <class F>
    void add_done_callback(F&& fn) const
    {
        detail::add_done_callback(static_cast<const Handle&>(*this), *state_, std::forward<F>(fn));
    }

    /// CPython's repr: `<future at 0x... state=pending>` (or running,
    /// cancelled), `<future at 0x... state=finished returned int>`,
    /// `<future at 0x... state=finished raised std::runtime_error>`.
    std::string describe() const { return state_->describe(); }

    /// Handles are equal when they share a state (futures are identities, as
    /// in Python); an any_future equals the future<T> it was made from.
    friend bool operator==(const Handle& a, const Handle& b) noexcept { return identity(a) == identity(b); }

    /// An arbitrary but fixed total order of shared states, so futures can be
    /// keys of ordered containers.
    friend std::strong_ordering operator<=>(const Handle& a, const Handle& b) noexcept
    {
        return std::compare_three_way{}(identity(a), identity(b));
    }

    /// A hash of the shared state: the same for every handle of one state (a
    /// future<T> and an any_future made from it). std::hash and boost::hash
    /// use it.
    friend std::size_t hash_value(const Handle& f) noexcept { return std::hash<const void*>{}(identity(f)); }

    /// `os << f.describe()`.
    friend std::ostream& operator<<(std::ostream& os, const Handle& f) { return os << f.describe(); }

protected:
    explicit future_handle(boost::intrusive_ptr<State> s) noexcept : state_(std::move(s)) {}

    future_handle(const future_handle&) noexcept = default;
    future_handle(future_handle&&) noexcept = default;
    future_handle& operator=(const future_handle&) noexcept = default;
    future_handle& operator=(future_handle&&) noexcept = default;
    ~future_handle() = default;

    // Waits until done; timeout_error if not done within `timeout`.
    template <class Rep, class Period>
    void wait_for(const std::chrono::duration<Rep, Period>& timeout) const
    {
        if (!state_->wait_done(deadline_after(timeout)))
            throw timeout_error();
    }

    boost::intrusive_ptr<State> state_;

private:
    static const void* identity(const future_handle& h) noexcept
    {
        return static_cast<const state_base*>(h.state_.get());
    }
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
