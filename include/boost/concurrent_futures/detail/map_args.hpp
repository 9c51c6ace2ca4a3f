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
using map_call_result_t = submit_result_t<const std::decay_t<F>&, std::ranges::range_reference_t<Rs>...>;

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
constexpr bool check_map_ranges()
{
    constexpr bool some = sizeof...(Rs) > 0;
    constexpr bool ranges = (std::ranges::input_range<Rs> && ...);
    static_assert(some, "map(fn, ranges..., [map_options]): at least one range is needed");
    static_assert(ranges, "map(fn, ranges..., [map_options]): every argument after fn must be a range "
                          "(std::ranges::input_range), optionally followed by a cf::map_options");
    return some && ranges;
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

// The input ranges read in lockstep (Python's zip: the shortest ends it).
// Lvalue ranges are referenced, rvalue ones kept inside.
template <class... Views>
class zipped_reader
{
public:
    template <class... Rs>
    explicit zipped_reader(Rs&&... ranges) : views_(std::views::all(std::forward<Rs>(ranges))...)
    {
    }

    // Calls f(elements...) for the next position; false at the end.
    template <class F>
    bool next(F&& f)
    {
        constexpr auto seq = std::index_sequence_for<Views...>{};
        if (!its_)
            its_.emplace(std::apply([](auto&... v) { return std::tuple{std::ranges::begin(v)...}; }, views_));
        if (at_end(seq))
            return false;
        std::apply([&](auto&... it) { std::forward<F>(f)(*it...); }, *its_);
        std::apply([](auto&... it) { (++it, ...); }, *its_);
        return true;
    }

private:
    template <std::size_t... I>
    bool at_end(std::index_sequence<I...>)
    {
        return ((std::get<I>(*its_) == std::ranges::end(std::get<I>(views_))) || ...);
    }

    std::tuple<Views...> views_;
    std::optional<std::tuple<std::ranges::iterator_t<Views>...>> its_;
};

template <class... Rs>
using zipped_reader_for = zipped_reader<std::views::all_t<Rs>...>;

// A buffered map's input: `make(reader)` submits the next unit, or returns
// nullopt at the end (or once the executor is gone).
template <class R, class MakeUnit, class Reader>
class reader_map_source final : public map_source<R>
{
public:
    template <class... Rs>
    reader_map_source(MakeUnit make, Rs&&... ranges) : make_(std::move(make)), reader_(std::forward<Rs>(ranges)...)
    {
    }

    std::optional<map_unit<R>> next() override
    {
        if (done_)
            return std::nullopt;
        auto unit = make_(reader_);
        done_ = !unit;
        return unit;
    }

private:
    MakeUnit make_;
    Reader reader_;
    bool done_ = false;
};

// map() for any executor. `make(reader)` reads what one unit needs (one call,
// or a chunk of them), submits it and returns its future, or nullopt at the
// end; it throws what the executor's submit throws.
template <class R, class MakeUnit, class... Rs>
map_result<R> make_map_result(MakeUnit make, const map_options& options, Rs&&... ranges)
{
    validate(options);
    std::optional<clock::time_point> deadline;
    if (options.timeout)
        deadline = deadline_after(*options.timeout);

    if (!options.buffersize)
    {
        zipped_reader_for<Rs...> reader(std::forward<Rs>(ranges)...);
        std::deque<map_unit<R>> units;
        while (auto unit = make(reader))
            units.push_back(std::move(*unit));
        return map_result<R>(std::move(units), nullptr, deadline);
    }

    using source_type = reader_map_source<R, MakeUnit, zipped_reader_for<Rs...>>;
    auto source = std::make_unique<source_type>(std::move(make), std::forward<Rs>(ranges)...);
    std::deque<map_unit<R>> first;
    for (std::size_t i = 0; i < *options.buffersize; ++i)
    {
        auto unit = source->next();
        if (!unit)
            break;
        first.push_back(std::move(*unit));
    }
    return map_result<R>(std::move(first), std::move(source), deadline);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
