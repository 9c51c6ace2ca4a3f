//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// One of two translation units of test_registry that register an
// internal-linkage function of the same name and type (unit_b adds 200).

#include "registry_units.hpp"

namespace {

int helper(int x)
{
    return x + 200;
}

} // namespace

static long static_helper(long x)
{
    return x * 3;
}

BOOST_CONCURRENT_FUTURES_REGISTER(helper);
BOOST_CONCURRENT_FUTURES_REGISTER(static_helper);

REGISTRY_UNIT_ENTRY_POINTS(unit_b)
