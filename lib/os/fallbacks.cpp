//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The environment variables that force fallbacks: see fallbacks.hpp.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "fallbacks.hpp"

#include <cstdlib>
#include <cstring>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

bool forced(fallback f) noexcept
{
    // In the order of the enumerators.
    static constexpr const char* names[] = {
        "BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD",
        "BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2",
        "BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE",
        "BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE",
    };
    const char* value = std::getenv(names[static_cast<int>(f)]);
    return value && *value && std::strcmp(value, "0") != 0;
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
