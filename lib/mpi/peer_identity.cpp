//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Who is at the other end of a link, and whether it shares this machine.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "peer_identity.hpp"

#include <fstream>
#include <limits.h>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace {

std::string host_name()
{
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return std::string();
    return name;
}

std::string machine_key()
{
    std::string boot;
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    if (!std::getline(in, boot) || boot.empty())
        return std::string();
    char ns[64] = {};
    const ssize_t n = ::readlink("/proc/self/ns/pid", ns, sizeof ns - 1);
    if (n <= 0)
        return std::string();
    return boot + ' ' + std::string(ns, static_cast<std::size_t>(n));
}

} // namespace

peer_identity this_process()
{
    return peer_identity{static_cast<std::int64_t>(::getpid()), host_name(), machine_key()};
}

bool same_machine(const peer_identity& self, const peer_identity& peer) noexcept
{
    return !self.machine.empty() && self.machine == peer.machine;
}

std::string describe(const peer_identity& peer)
{
    return "pid " + std::to_string(peer.pid) + " on host " + (peer.host.empty() ? "(unknown)" : peer.host);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
