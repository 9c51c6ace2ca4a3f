//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_IMPL_PROCESS_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_IMPL_PROCESS_POOL_EXECUTOR_HPP

#include <boost/concurrent_futures/detail/pool_calls.hpp>

namespace boost {
namespace concurrent_futures {

template <class F, class... Args>
auto process_pool_executor::submit(F fn, Args&&... args)
{
    return detail::submit_to_pool(*core_, detail::process_pool_words, fn, std::forward<Args>(args)...);
}

template <class F, class... RangesAndOptions>
auto process_pool_executor::map(F fn, RangesAndOptions&&... args)
{
    return detail::map_on_pool(core_, detail::process_pool_words, fn, std::forward<RangesAndOptions>(args)...);
}

} // namespace concurrent_futures
} // namespace boost

#endif
