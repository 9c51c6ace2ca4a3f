//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Passing descriptors between the parent and a worker (the regions of large
// payloads, shared_region.hpp) over a unix socket pair: one byte per
// descriptor, the descriptor riding on it as SCM_RIGHTS.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_PASSING_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_PASSING_HPP

#include "descriptor.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

struct socket_ends
{
    unique_descriptor parent;
    unique_descriptor worker;
};

// A connected pair of unix stream sockets, close-on-exec, above fds 0-2.
// Throws std::system_error; nothing is left open then.
socket_ends make_socket_pair();

// Sends a copy of `d` over `socket`. With `wait` false it never blocks
// (the socket's buffer holds far more than the two regions a worker can
// have in flight). Throws std::system_error (the peer is gone, ...).
void send_descriptor(native_descriptor socket, native_descriptor d, bool wait);

// The next descriptor sent over `socket`, close-on-exec. Without `wait`, an
// invalid one if none is there yet. Throws std::system_error for an error,
// the end of the stream, or a byte that carries no descriptor.
unique_descriptor receive_descriptor(native_descriptor socket, bool wait);

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
