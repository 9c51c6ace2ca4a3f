//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_MAP_ARGS_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_MAP_ARGS_HPP

#include <boost/concurrent_futures/detail/task_state.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/map_options.hpp>
#include <boost/concurrent_futures/map_result.hpp>

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Result type of map(fn, ranges...): fn called with a decayed copy of one
// element of each range.
template <class F, class... Rs>
using map_value_t = submit_result_t<const std::decay_t<F>&, std::ranges::range_reference_t<Rs>...>;

template <class... Args>
constexpr bool ends_with_map_options()
{
    if constexpr (sizeof...(Args) == 0)
        return false;
    else
        return std::is_same_v<std::remove_cvref_t<std::tuple_element_t<sizeof...(Args) - 1, std::tuple<Args...>>>,
                              map_options>;
}

template <class... Rs>
constexpr void check_map_ranges()
{
    static_assert(sizeof...(Rs) > 0, "map(fn, ranges..., [map_options]): at least one range is needed");
    static_assert((std::ranges::input_range<Rs> && ...),
                  "map(fn, ranges..., [map_options]): every argument after fn must be a range "
                  "(std::ranges::input_range), optionally followed by a cf::map_options");
}

// Calls body(options, ranges...) with the trailing map_options split off.
template <class Body, class... Args>
decltype(auto) with_map_args(Body&& body, Args&&... args)
{
    if constexpr (ends_with_map_options<Args...>())
    {
        constexpr std::size_t n = sizeof...(Args) - 1;
        auto refs = std::forward_as_tuple(std::forward<Args>(args)...);
        const map_options& options = std::get<n>(refs);
        return [&]<std::size_t... I>(std::index_sequence<I...>)->decltype(auto)
        {
            return std::forward<Body>(body)(options, std::get<I>(std::move(refs))...);
        }
        (std::make_index_sequence<n>{});
    }
    else
    {
        return std::forward<Body>(body)(map_options{}, std::forward<Args>(args)...);
    }
}

template <class Tuple, class EndTuple, std::size_t... I>
bool any_at_end(const Tuple& its, const EndTuple& ends, std::index_sequence<I...>)
{
    return ((std::get<I>(its) == std::get<I>(ends)) || ...);
}

template <class Tuple, std::size_t... I>
void advance_all(Tuple& its, std::index_sequence<I...>)
{
    (++std::get<I>(its), ...);
}

// Submits submit(elements...) for every position of the zipped ranges.
template <class R, class Submit, class... Rs>
std::deque<future<R>> submit_zipped(Submit& submit, Rs&&... ranges)
{
    std::deque<future<R>> out;
    auto its = std::tuple{std::ranges::begin(ranges)...};
    const auto ends = std::tuple{std::ranges::end(ranges)...};
    constexpr auto seq = std::index_sequence_for<Rs...>{};
    while (!any_at_end(its, ends, seq))
    {
        out.push_back(std::apply([&](auto&... it) { return submit(*it...); }, its));
        advance_all(its, seq);
    }
    return out;
}

// A buffered map's input: the ranges (owned when they were rvalues) read one
// position per call. `Submit` returns nullopt once its executor is gone.
template <class R, class Submit, class... Views>
class zipped_map_source final : public map_source<R>
{
public:
    template <class... Rs>
    zipped_map_source(Submit submit, Rs&&... ranges)
        : submit_(std::move(submit)), views_(std::views::all(std::forward<Rs>(ranges))...)
    {
    }

    std::optional<future<R>> next() override
    {
        constexpr auto seq = std::index_sequence_for<Views...>{};
        if (done_)
            return std::nullopt;
        if (!its_)
            its_.emplace(std::apply([](auto&... v) { return std::tuple{std::ranges::begin(v)...}; }, views_));
        const auto ends = std::apply([](auto&... v) { return std::tuple{std::ranges::end(v)...}; }, views_);
        if (any_at_end(*its_, ends, seq))
        {
            done_ = true;
            return std::nullopt;
        }
        std::optional<future<R>> f = std::apply([&](auto&... it) { return submit_(*it...); }, *its_);
        if (!f)
            done_ = true;
        else
            advance_all(*its_, seq);
        return f;
    }

private:
    Submit submit_;
    std::tuple<Views...> views_;
    std::optional<std::tuple<std::ranges::iterator_t<Views>...>> its_;
    bool done_ = false;
};

// map() for any executor: `submit(args...)` returns std::optional<future<R>>
// (nullopt: the executor is gone) and throws what the executor's submit throws.
template <class R, class Submit, class... Rs>
map_result<R> make_map_result(Submit submit, const map_options& options, Rs&&... ranges)
{
    validate(options);
    std::optional<clock::time_point> deadline;
    if (options.timeout)
        deadline = deadline_after(*options.timeout);

    if (!options.buffersize)
    {
        auto eager = [&](auto&&... args) { return std::move(*submit(std::forward<decltype(args)>(args)...)); };
        return map_result<R>(submit_zipped<R>(eager, std::forward<Rs>(ranges)...), nullptr, deadline);
    }

    using source_type = zipped_map_source<R, Submit, std::views::all_t<Rs>...>;
    auto source = std::make_unique<source_type>(std::move(submit), std::forward<Rs>(ranges)...);
    std::deque<future<R>> first;
    for (std::size_t i = 0; i < *options.buffersize; ++i)
    {
        auto f = source->next();
        if (!f)
            break;
        first.push_back(std::move(*f));
    }
    return map_result<R>(std::move(first), std::move(source), deadline);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
