//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_CHECKED_MAX_WORKERS_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_CHECKED_MAX_WORKERS_HPP

// The executors' (std::size_t max_workers) constructors take any integer, so
// that a negative or zero count is refused with a message (as Python's
// ValueError) instead of wrapping around to a huge one.

#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Throws std::invalid_argument naming `executor` if `n` is not positive.
template <std::integral Int>
std::size_t checked_max_workers(Int n, const char* executor)
{
    if (n <= 0)
        throw std::invalid_argument(std::string(executor) + ": max_workers must be greater than 0");
    return static_cast<std::size_t>(n);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
