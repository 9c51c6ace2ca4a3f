//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_RETURN_WHEN_HPP
#define BOOST_CONCURRENT_FUTURES_RETURN_WHEN_HPP

#include <boost/concurrent_futures/config.hpp>

namespace boost {
namespace concurrent_futures {

/// When `wait()` returns (Python's FIRST_COMPLETED / FIRST_EXCEPTION / ALL_COMPLETED).
enum class return_when
{
    /// As soon as any future finishes or is cancelled.
    first_completed,
    /// As soon as any future finishes by raising; cancelled futures count as
    /// completed, not as raising. Without an exception, like all_completed.
    first_exception,
    /// When every future has finished or been cancelled.
    all_completed,
};

} // namespace concurrent_futures
} // namespace boost

#endif
