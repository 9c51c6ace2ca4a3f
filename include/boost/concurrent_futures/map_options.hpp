//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_MAP_OPTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_MAP_OPTIONS_HPP

#include <boost/concurrent_futures/config.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace boost {
namespace concurrent_futures {

/// Options of `executor.map(fn, ranges..., map_options{...})`.
struct map_options
{
    /// Whole-iteration deadline, counted from the map() call; unset waits forever.
    std::optional<std::chrono::duration<double>> timeout{};

    /// Items sent to a worker process per message (process pools); thread
    /// pools accept and ignore it, as in Python. Must be at least 1.
    std::size_t chunksize = 1;

    /// At most this many results in flight: the input is read lazily, one new
    /// task per result taken, so an endless input range works. Unset submits
    /// everything at once. Must be at least 1.
    std::optional<std::size_t> buffersize{};
};

namespace detail {

inline void validate(const map_options& o)
{
    if (o.chunksize < 1)
        throw std::invalid_argument("map: chunksize must be >= 1 (got 0)");
    if (o.buffersize && *o.buffersize < 1)
        throw std::invalid_argument("map: buffersize must be unset or >= 1 (got 0)");
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
