//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::mpi_comm_executor (mpi4py's MPICommExecutor) under mpirun -np N: MPI
// initialized by the program (boost::mpi::environment, threading::multiple),
// the executor collective over MPI_COMM_WORLD around its last rank. That rank
// runs the test cases; the others serve in the first case's
// mpi_comm_executor call and come back with nullopt once it shuts down.

#define BOOST_TEST_MODULE mpi_comm_executor
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <boost/test/unit_test.hpp>

#include "mpi_pool_functions.hpp"

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>

#include <set>
#include <vector>

using namespace mpi_pool_test;

namespace {

std::optional<cf::mpi_pool_executor> executor;

} // namespace

BOOST_AUTO_TEST_CASE(runs_on_the_other_ranks)
{
    BOOST_REQUIRE(executor);
    boost::mpi::communicator world;
    BOOST_TEST(executor->max_workers() == static_cast<std::size_t>(world.size() - 1));
    std::vector<cf::future<long>> pids;
    for (int i = 0; i < 50; ++i)
        pids.push_back(executor->submit(worker_pid));
    std::set<long> seen;
    for (auto& f : pids)
        seen.insert(f.result(30s));
    BOOST_TEST(!seen.count(static_cast<long>(::getpid())));
    BOOST_TEST(executor->map(mul, std::vector<int>{1, 2, 3}, std::vector<int>{4, 5, 6},
                             cf::map_options{.timeout = 30s, .chunksize = 2})
                   .to_vector() == (std::vector<int>{4, 10, 18}));
}

BOOST_AUTO_TEST_CASE(errors_name_the_rank)
{
    BOOST_REQUIRE(executor);
    auto f = executor->submit(fail_unregistered, 0);
    BOOST_CHECK_EXCEPTION(f.result(30s), cf::remote_error, [](const cf::remote_error& e) {
        return e.where().find("rank ") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(shutdown_releases_the_ranks)
{
    BOOST_REQUIRE(executor);
    executor->shutdown(true);
    BOOST_CHECK_THROW(executor->submit(mul, 1, 1), std::runtime_error);
}

int main(int argc, char** argv)
{
    boost::mpi::environment env(argc, argv, boost::mpi::threading::multiple);
    boost::mpi::communicator world;
    const int root = world.size() - 1;
    executor = cf::mpi_comm_executor(world, root);
    int status = 0;
    if (world.rank() == root)
        status = boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
    else if (executor)
        status = 1; // only the root gets an executor
    executor.reset(); // shuts down on the root, releasing the others
    world.barrier();
    return status;
}
