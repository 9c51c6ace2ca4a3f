//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Who is at the other end of a link: its pid, its host name, and what tells
// whether it shares this machine (and pid namespace), so that its pid means
// the same process here and it can be watched through pidfd_open.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_PEER_IDENTITY_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_PEER_IDENTITY_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <cstdint>
#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

struct peer_identity
{
    std::int64_t pid = 0;
    std::string host;
    // Boot id and pid namespace: equal on both sides means the same kernel
    // and the same pids. Empty if this system does not tell.
    std::string machine;
};

// This process.
BOOST_CONCURRENT_FUTURES_MPI_DECL peer_identity this_process();

// Whether `peer`'s pid names a process this process can watch.
BOOST_CONCURRENT_FUTURES_MPI_DECL bool same_machine(const peer_identity& self, const peer_identity& peer) noexcept;

// "pid 1234 on host node7", for messages.
BOOST_CONCURRENT_FUTURES_MPI_DECL std::string describe(const peer_identity& peer);

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
