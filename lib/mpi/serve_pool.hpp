//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker rank's life: says hello (a wire hello frame), then serves the
// root's request frames with the process workers' request server
// (lib/serve_request.hpp) over the worker transport, one at a time, answering
// each pool's stop with a fresh hello (rank_group.hpp), until the root ends
// the link (or dies: then the rank leaves at once).

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_SERVE_POOL_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_SERVE_POOL_HPP

#include "launch.hpp"
#include "rank_group.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

// Serves until the root ends the link; the process's exit status (0: the
// root said stop; 3: it broke the protocol). If the root dies, exits the
// process (status 4) without finalizing MPI, which would wait for it.
BOOST_CONCURRENT_FUTURES_MPI_DECL int serve_pool(link_comm link);

// Root side: the fresh hellos among `events`' answers (frames that came
// while connecting, before any pool drives the group) are kept by the group.
BOOST_CONCURRENT_FUTURES_MPI_DECL void take_hellos(rank_group& group, root_events& events);

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
