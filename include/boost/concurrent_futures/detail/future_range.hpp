//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_RANGE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_FUTURE_RANGE_HPP

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>

#include <ranges>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

template <class R>
concept future_range =
    std::ranges::input_range<R> && is_future_handle<std::remove_cvref_t<std::ranges::range_value_t<R>>>::value;

template <class R>
using future_range_value = std::remove_cvref_t<std::ranges::range_value_t<R>>;

// The distinct futures of a range (by shared state), first occurrence kept.
template <class Future>
struct distinct_futures
{
    std::vector<Future> futures;
    std::vector<state_base*> states;
};

template <class Future, class R>
distinct_futures<Future> collect_distinct(R&& range)
{
    distinct_futures<Future> out;
    std::unordered_set<const state_base*> seen;
    if constexpr (std::ranges::sized_range<R>)
    {
        const auto n = static_cast<std::size_t>(std::ranges::size(range));
        out.futures.reserve(n);
        out.states.reserve(n);
        seen.reserve(n);
    }
    for (auto&& f : range)
    {
        state_base* s = future_access::state(f);
        if (seen.insert(s).second)
        {
            out.futures.emplace_back(f);
            out.states.push_back(s);
        }
    }
    return out;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
