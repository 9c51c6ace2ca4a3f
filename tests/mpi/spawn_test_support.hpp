//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What the spawn-mode test programs share: spawning connected workers, and a
// main that serves in spawned workers and runs the tests on rank 0 (as a
// singleton, or under mpirun while the other ranks wait).

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_MPI_SPAWN_TEST_SUPPORT_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_MPI_SPAWN_TEST_SUPPORT_HPP

#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <boost/test/unit_test.hpp>

#include "mpi_test_support.hpp"

#include <memory>

namespace mpi_test {

// Spawns the workers and waits for their hellos.
inline std::unique_ptr<m::root_transport> connected(const m::spawn_request& request)
{
    auto root = std::make_unique<m::root_transport>(spawn_or_give_up(request));
    m::root_events events;
    root->connect(long_timeout, events);
    BOOST_TEST(events.lost.empty());
    BOOST_TEST(events.ready.size() == request.workers);
    return root;
}

inline int spawn_test_main(int argc, char** argv)
{
    m::mpi_session session(&argc, &argv);
    if (m::link_comm parent = m::parent_link())
    {
        const int status = serve(std::move(parent));
        session.finalize();
        return status;
    }
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const int status = rank == 0 ? boost::unit_test::unit_test_main(&init_unit_test, argc, argv) : 0;
    // Under mpirun, the other ranks wait for rank 0 without spinning a core.
    MPI_Request barrier;
    MPI_Ibarrier(MPI_COMM_WORLD, &barrier);
    for (int done = 0; MPI_Test(&barrier, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done;)
        std::this_thread::sleep_for(10ms);
    session.finalize();
    return status;
}

} // namespace mpi_test

#endif
