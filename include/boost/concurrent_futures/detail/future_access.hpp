//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_ACCESS_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_ACCESS_HPP

#include <boost/concurrent_futures/detail/state_base.hpp>

#include <boost/intrusive_ptr.hpp>

#include <type_traits>

namespace boost {
namespace concurrent_futures {

template <class T>
class future;
class any_future;

namespace detail {

template <class T>
struct is_future_handle : std::false_type
{
};
template <class T>
struct is_future_handle<future<T>> : std::true_type
{
};
template <>
struct is_future_handle<any_future> : std::true_type
{
};

// The library's back door into future handles.
struct future_access
{
    template <class Future>
    static state_base* state(const Future& f) noexcept
    {
        return f.state_.get();
    }

    // The handle's counted reference to its state.
    template <class Future>
    static auto shared_state(Future&& f) noexcept
    {
        return std::forward<Future>(f).state_;
    }

    // A new handle sharing `s` (which must hold Future's value type).
    template <class Future>
    static Future make(state_base& s) noexcept
    {
        return Future(s);
    }

    // A handle taking over one reference the caller holds.
    template <class Future, class State>
    static Future adopt(State* s) noexcept
    {
        return Future(boost::intrusive_ptr<typename Future::state_type>(s, /*add_ref=*/false));
    }
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
