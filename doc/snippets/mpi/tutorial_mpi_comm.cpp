// cf::mpi_comm_executor in the tutorial (run as `mpirun -np 3 tutorial_mpi_comm`).
//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A program that initializes MPI itself (Boost.MPI) and runs a pool on the
// ranks of a communicator, as mpi4py's MPICommExecutor does; rank 0 prints.

// tag::comm[]
#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>

#include <iostream>
#include <optional>
#include <ranges>

namespace cf = boost::concurrent_futures;

int cube(int x)
{
    return x * x * x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(cube);

int main(int argc, char** argv)
{
    boost::mpi::environment env(argc, argv, boost::mpi::threading::multiple); // the pool needs `multiple`
    boost::mpi::communicator world;

    // Collective: every rank of `world` calls it. Rank 0 gets the executor; the other
    // ranks serve tasks in here until it shuts down, then get std::nullopt.
    if (std::optional<cf::mpi_pool_executor> pool = cf::mpi_comm_executor(world, 0))
    {
        std::cout << "cubes:";
        for (int v : pool->map(cube, std::views::iota(1, 6)))
            std::cout << ' ' << v;
        std::cout << "\non " << pool->max_workers() << " worker ranks\n";
    } // on rank 0 the pool shuts down here, which lets the other ranks go on
    world.barrier(); // every rank goes on with its own work
}
// end::comm[]
