//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.Test's framework compiled from its headers, once, for toolchains that
// cannot link Debian's compiled Boost.Test: mingw (tools/test.d/55-windows.sh,
// which links it with main into each test program) and libc++
// (tools/libcxx_boost.sh, which builds it with BOOST_TEST_NO_MAIN and
// BOOST_TEST_ALTERNATIVE_INIT_API into a shared library that the b2 build
// links in place of Debian's).

#include <boost/test/included/unit_test.hpp>
