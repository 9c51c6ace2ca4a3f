//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Descriptor numbers, a POSIX matter: for the *_posix.cpp files only.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_POSIX_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_POSIX_HPP

#include "descriptor.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

// `d`, or a close-on-exec duplicate numbered `lowest` or more if `d` is below
// (the original is then closed). Throws std::system_error.
unique_descriptor at_or_above(unique_descriptor d, native_descriptor lowest);

// Every descriptor the pool owns stays off the standard streams' numbers: an
// application that closed fds 0-2 would otherwise print into a pool pipe.
inline unique_descriptor above_standard_streams(unique_descriptor d)
{
    return at_or_above(std::move(d), 3);
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
