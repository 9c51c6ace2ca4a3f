//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ANY_FUTURE_HPP
#define BOOST_CONCURRENT_FUTURES_ANY_FUTURE_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/future.hpp>

#include <boost/intrusive_ptr.hpp>

#include <chrono>
#include <compare>
#include <cstddef>
#include <exception>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>

namespace boost {
namespace concurrent_futures {

/// An untyped handle to any `future<T>`'s shared state, so futures of
/// different value types can be cancelled, waited on together (`wait`,
/// `as_completed`) and kept in one container. Compares equal to the typed
/// futures it was made from.
class any_future
{
public:
    using state_type = detail::state_base;

    template <class T>
    any_future(const future<T>& f) noexcept
        : state_(detail::future_access::state(f))
    {
    }

    any_future(const any_future&) noexcept = default;
    any_future(any_future&&) noexcept = default;
    any_future& operator=(const any_future&) noexcept = default;
    any_future& operator=(any_future&&) noexcept = default;
    ~any_future() = default;

    bool valid() const noexcept { return static_cast<bool>(state_); }

    bool cancel() { return state_->cancel(); }

    bool cancelled() const noexcept
    {
        const auto s = state_->status();
        return s == future_state::cancelled || s == future_state::cancelled_and_notified;
    }

    bool running() const noexcept { return state_->status() == future_state::running; }
    bool done() const noexcept { return detail::is_done(state_->status()); }
    future_state state() const noexcept { return state_->status(); }

    /// Waits until done, then rethrows the task's exception or throws
    /// cancelled_error; the value itself needs the typed future (as<T>()).
    void result() const
    {
        state_->wait_done();
        detail::throw_if_not_value(*state_);
    }

    template <class Rep, class Period>
    void result(const std::chrono::duration<Rep, Period>& timeout) const
    {
        if (!state_->wait_done(detail::deadline_after(timeout)))
            throw timeout_error();
        detail::throw_if_not_value(*state_);
    }

    std::exception_ptr exception() const
    {
        state_->wait_done();
        return detail::exception_of_done(*state_);
    }

    template <class Rep, class Period>
    std::exception_ptr exception(const std::chrono::duration<Rep, Period>& timeout) const
    {
        if (!state_->wait_done(detail::deadline_after(timeout)))
            throw timeout_error();
        return detail::exception_of_done(*state_);
    }

    /// As future<T>::add_done_callback, with `fn(const any_future&)`.
    template <class F>
    void add_done_callback(F&& fn) const
    {
        detail::add_done_callback(*this, *state_, std::forward<F>(fn));
    }

    /// True if this is a future<T>.
    template <class T>
    bool holds() const noexcept
    {
        return dynamic_cast<const detail::result_state<T>*>(state_.get()) != nullptr;
    }

    /// The typed future. Throws std::invalid_argument if it is not a future<T>.
    template <class T>
    future<T> as() const
    {
        if (!holds<T>())
            throw std::invalid_argument("any_future::as<" + detail::type_name<T>() + ">: the future holds " +
                                        state_->value_type_name() + ", not " + detail::type_name<T>());
        return detail::future_access::make<future<T>>(*state_);
    }

    std::string describe() const { return state_->describe(); }

    friend bool operator==(const any_future& a, const any_future& b) noexcept
    {
        return a.state_.get() == b.state_.get();
    }

    friend std::strong_ordering operator<=>(const any_future& a, const any_future& b) noexcept
    {
        return std::compare_three_way{}(a.state_.get(), b.state_.get());
    }

    friend std::size_t hash_value(const any_future& f) noexcept
    {
        // Same hash as the typed future it came from.
        return std::hash<const void*>{}(static_cast<const void*>(f.state_.get()));
    }

    friend std::ostream& operator<<(std::ostream& os, const any_future& f) { return os << f.describe(); }

private:
    friend struct detail::future_access;

    explicit any_future(detail::state_base& s) noexcept : state_(&s) {}

    boost::intrusive_ptr<state_type> state_;
};

} // namespace concurrent_futures
} // namespace boost

template <>
struct std::hash<boost::concurrent_futures::any_future>
{
    std::size_t operator()(const boost::concurrent_futures::any_future& f) const noexcept { return hash_value(f); }
};

#endif
