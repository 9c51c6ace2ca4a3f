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
    const char* name = "";
    switch (f)
    {
    case fallback::no_pidfd:
        name = "BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD";
        break;
    case fallback::no_pipe2:
        name = "BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2";
        break;
    case fallback::no_proc_self_exe:
        name = "BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE";
        break;
    case fallback::no_close_range:
        name = "BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE";
        break;
    }
    const char* value = std::getenv(name);
    return value && *value && std::strcmp(value, "0") != 0;
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
