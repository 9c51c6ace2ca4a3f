//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_WAIT_TRIGGER_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_WAIT_TRIGGER_HPP

#include <boost/concurrent_futures/return_when.hpp>

#include <cstddef>

namespace boost {
namespace concurrent_futures {
namespace detail {

// One more awaited future is done (`raised`: with an exception): whether a
// wait in `mode` is now satisfied. `pending` counts the ones not yet done
// (kept only where a mode needs it).
inline bool wait_satisfied(return_when mode, bool raised, std::size_t& pending) noexcept
{
    switch (mode)
    {
    case return_when::first_completed:
        return true;
    case return_when::first_exception:
        return raised || --pending == 0;
    case return_when::all_completed:
        return --pending == 0;
    }
    return false;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
