//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Thread names on POSIX systems, through pthread_setname_np.

#include "thread_name.hpp"

#include <algorithm>

#include <pthread.h>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

// Copies at most N - 1 bytes of `name` into `out`, terminated.
template <std::size_t N>
const char* bounded_copy(std::string_view name, char (&out)[N]) noexcept
{
    const std::size_t n = std::min(name.size(), N - 1);
    std::copy_n(name.data(), n, out);
    out[n] = '\0';
    return out;
}

} // namespace

bool set_current_thread_name(std::string_view name) noexcept
{
#if defined(__APPLE__)
    // macOS names the calling thread only, up to 63 bytes.
    char buffer[64];
    return ::pthread_setname_np(bounded_copy(name, buffer)) == 0;
#elif defined(__linux__)
    // The kernel keeps 15 bytes and refuses longer names (ERANGE): cut them.
    char buffer[16];
    return ::pthread_setname_np(::pthread_self(), bounded_copy(name, buffer)) == 0;
#else
    (void)name;
    return false;
#endif
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
