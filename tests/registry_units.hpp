//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What test_registry's two other translation units offer: each registers an
// internal-linkage `helper` of one type, which only it can name.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_REGISTRY_UNITS_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_REGISTRY_UNITS_HPP

#include <boost/concurrent_futures.hpp>

#include <string>

namespace cf = boost::concurrent_futures;

namespace registry_units {

cf::future<int> unit_a_helper(cf::process_pool_executor& pool, int x);          // x + 100
cf::future<int> unit_b_helper(cf::process_pool_executor& pool, int x);          // x + 200
cf::future<long> unit_a_static_helper(cf::process_pool_executor& pool, long x); // x * 2
cf::future<long> unit_b_static_helper(cf::process_pool_executor& pool, long x); // x * 3
std::string unit_a_helper_name();
std::string unit_b_helper_name();

} // namespace registry_units

// Defines unit_<unit>_helper, unit_<unit>_static_helper and
// unit_<unit>_helper_name for the `helper` and `static_helper` of the
// translation unit it is used in.
#define REGISTRY_UNIT_ENTRY_POINTS(unit)                                                                               \
    namespace registry_units {                                                                                         \
    cf::future<int> unit##_helper(cf::process_pool_executor& pool, int x)                                              \
    {                                                                                                                  \
        return pool.submit(helper, x);                                                                                 \
    }                                                                                                                  \
    cf::future<long> unit##_static_helper(cf::process_pool_executor& pool, long x)                                     \
    {                                                                                                                  \
        return pool.submit(static_helper, x);                                                                          \
    }                                                                                                                  \
    std::string unit##_helper_name()                                                                                   \
    {                                                                                                                  \
        return cf::detail::lookup_registered("test", helper).name;                                                     \
    }                                                                                                                  \
    }

#endif
