//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_RESULT_STATE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_RESULT_STATE_HPP

#include <boost/concurrent_futures/detail/state_base.hpp>

#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Throws what a done future's result() throws; returns if it holds a value.
inline void throw_if_not_value(const state_base& s)
{
    switch (s.status())
    {
    case future_state::cancelled:
    case future_state::cancelled_and_notified:
        throw cancelled_error();
    case future_state::finished:
        if (s.has_exception())
            std::rethrow_exception(s.stored_exception());
        return;
    default:
        throw invalid_state_error("the future is not done: " + s.describe());
    }
}

// What exception() returns once the future is done.
inline std::exception_ptr exception_of_done(const state_base& s)
{
    if (s.status() != future_state::finished)
        throw cancelled_error();
    return s.stored_exception();
}

template <class T>
class result_state : public state_base
{
public:
    result_state() noexcept {}

    // Precondition: finished without exception.
    const T& value() const noexcept { return value_; }
    T& value() noexcept { return value_; }

    template <class... Args>
    void set_value(Args&&... args)
    {
        finish([&] { ::new (static_cast<void*>(std::addressof(value_))) T(std::forward<Args>(args)...); });
    }

    std::string value_type_name() const override { return type_name<T>(); }

protected:
    ~result_state() override
    {
        if (status_relaxed() == future_state::finished && !has_exception())
            value_.~T();
    }

private:
    union
    {
        T value_;
    };
};

template <>
class result_state<void> : public state_base
{
public:
    result_state() noexcept = default;

    void set_value()
    {
        finish([] {});
    }

    std::string value_type_name() const override { return "void"; }

protected:
    ~result_state() override = default;
};

// A free-standing future (Python's `Future()`): no work attached.
template <class T>
class plain_state final : public result_state<T>
{
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
