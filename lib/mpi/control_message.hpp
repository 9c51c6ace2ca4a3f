//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The link's own messages (tag::control), as opposed to the pool's requests
// and answers:
//   hello    both ways, first thing: the sender's identity;
//   stop     root -> worker: serve no more;
//   goodbye  worker -> root: stopped; nothing more will come from it.
// Encoded with the wire protocol's payload helpers (u16 kind, then fields);
// decoding trusts nothing.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_CONTROL_MESSAGE_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_CONTROL_MESSAGE_HPP

#include "peer_identity.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

struct control_message
{
    enum class kind : std::uint16_t
    {
        hello = 1,
        stop = 2,
        goodbye = 3,
    };

    kind type = kind::hello;
    std::uint32_t version = 0; // hello only
    peer_identity identity;    // hello only
};

BOOST_CONCURRENT_FUTURES_MPI_DECL std::string encode_hello(const peer_identity& self);
BOOST_CONCURRENT_FUTURES_MPI_DECL std::string encode_stop();
BOOST_CONCURRENT_FUTURES_MPI_DECL std::string encode_goodbye();

// What is wrong with `bytes`, or nullopt and `out` filled.
BOOST_CONCURRENT_FUTURES_MPI_DECL std::optional<std::string> decode_control(std::string_view bytes,
                                                                            control_message& out);

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
