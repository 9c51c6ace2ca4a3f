//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The link's control messages: hello, stop, goodbye.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "control_message.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace w = wire;

namespace {

std::string encode_kind(control_message::kind k)
{
    std::string out;
    w::put_u16(out, static_cast<std::uint16_t>(k));
    return out;
}

std::string sized(std::string_view what, std::size_t size)
{
    return std::string(what) + " (" + std::to_string(size) + " bytes)";
}

} // namespace

std::string encode_hello(const peer_identity& self)
{
    std::string out = encode_kind(control_message::kind::hello);
    out.append(w::hello_magic);
    w::put_u32(out, w::protocol_version);
    w::put_i64(out, self.pid);
    w::put_bytes(out, self.host);
    w::put_bytes(out, self.machine);
    return out;
}

std::string encode_stop()
{
    return encode_kind(control_message::kind::stop);
}

std::string encode_goodbye()
{
    return encode_kind(control_message::kind::goodbye);
}

std::optional<std::string> decode_control(std::string_view bytes, control_message& out)
{
    w::payload_reader r(bytes);
    std::uint16_t k = 0;
    if (!r.u16(k))
        return sized("a control message too short for its kind", bytes.size());
    out.type = static_cast<control_message::kind>(k);
    switch (out.type)
    {
    case control_message::kind::stop:
    case control_message::kind::goodbye:
        if (!r.at_end())
            return sized("a stop or goodbye message with trailing bytes", bytes.size());
        return std::nullopt;
    case control_message::kind::hello:
    {
        std::string_view magic, host, machine;
        if (!r.fixed(w::hello_magic.size(), magic) || magic != w::hello_magic)
            return std::string("a hello without the protocol's magic: the peer is not a Boost.ConcurrentFutures "
                               "MPI worker or root");
        if (!r.u32(out.version) || !r.i64(out.identity.pid) || !r.bytes(host) || !r.bytes(machine) || !r.at_end())
            return sized("a malformed hello", bytes.size());
        if (out.version != w::protocol_version)
            return "a hello of protocol version " + std::to_string(out.version) + " (this side speaks " +
                   std::to_string(w::protocol_version) + "): root and workers run different builds";
        out.identity.host = std::string(host);
        out.identity.machine = std::string(machine);
        return std::nullopt;
    }
    }
    return "a control message of unknown kind " + std::to_string(k);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
