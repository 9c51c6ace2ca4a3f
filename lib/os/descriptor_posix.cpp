//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Closing a POSIX file descriptor.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "descriptor.hpp"

#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

void unique_descriptor::reset(native_descriptor d) noexcept
{
    const native_descriptor old = std::exchange(d_, d);
    // Not retried on EINTR: on Linux the descriptor is released regardless,
    // and a retry could close a number another thread was just given.
    if (old != invalid_descriptor)
        ::close(old);
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
