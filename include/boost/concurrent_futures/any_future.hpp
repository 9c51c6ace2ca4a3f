//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ANY_FUTURE_HPP
#define BOOST_CONCURRENT_FUTURES_ANY_FUTURE_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/future_handle.hpp>
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
/// `as_completed`) and kept in one container. Compares equal to, and hashes
/// like, the typed futures it was made from; `as<T>()` gives the typed future
/// back. Thread safety as for future<T>.
class any_future : public detail::future_handle<any_future, detail::state_base>
{
    using base = detail::future_handle<any_future, detail::state_base>;

public:
    /// The untyped shared state: an implementation detail; do not name it.
    using typename base::state_type;

    /// Shares `f`'s state (no copy of the value). Implicit, so that futures
    /// of any type convert where an any_future is expected. Never throws.
    template <class T>
    any_future(const future<T>& f) noexcept : base(boost::intrusive_ptr<state_type>(detail::future_access::state(f)))
    {
    }

    /// Copy and move as for future<T>. Never throw.
    any_future(const any_future&) noexcept = default;
    any_future(any_future&&) noexcept = default;
    any_future& operator=(const any_future&) noexcept = default;
    any_future& operator=(any_future&&) noexcept = default;
    ~any_future() = default;

    // valid, cancel, cancelled, running, done, state, exception,
    // add_done_callback (with fn(const any_future&)), describe, ==, <=>,
    // hash_value and << are documented where they are declared, in
    // detail/future_handle.hpp (shared with future<T>).

    /// Waits until done (as future<T>::result()), then returns if the task
    /// produced a value: the value itself needs the typed future,
    /// `as<T>().result()`. Throws the task's exception, or cancelled_error.
    void result() const
    {
        state_->wait_done();
        detail::throw_if_not_value(*state_);
    }

    /// As result(), throwing timeout_error if not done within `timeout`
    /// (zero or negative: do not wait).
    template <class Rep, class Period>
    void result(const std::chrono::duration<Rep, Period>& timeout) const
    {
        wait_for(timeout);
        detail::throw_if_not_value(*state_);
    }

    /// True if the state is a future<T>'s. Never throws.
    template <class T>
    bool holds() const noexcept
    {
        return dynamic_cast<const detail::result_state<T>*>(state_.get()) != nullptr;
    }

    /// The typed future, sharing the state. Throws std::invalid_argument
    /// naming both types if it is not a future<T>.
    template <class T>
    future<T> as() const
    {
        if (!holds<T>())
            throw std::invalid_argument("any_future::as<" + detail::type_name<T>() + ">: the future holds " +
                                        state_->value_type_name() + ", not " + detail::type_name<T>());
        return detail::future_access::make<future<T>>(*state_);
    }

private:
    friend struct detail::future_access;

    explicit any_future(detail::state_base& s) noexcept : base(boost::intrusive_ptr<state_type>(&s)) {}
};

} // namespace concurrent_futures
} // namespace boost

template <>
struct std::hash<boost::concurrent_futures::any_future>
{
    std::size_t operator()(const boost::concurrent_futures::any_future& f) const noexcept { return hash_value(f); }
};

#endif
