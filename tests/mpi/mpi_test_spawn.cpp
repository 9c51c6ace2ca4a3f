//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The MPI transport in spawn mode: run as a singleton (no mpirun) or under
// mpirun (rank 0 spawns, the other ranks wait). Each test spawns its own
// workers: hello, answers and a clean stop, placement and other info keys,
// spawn failures as exceptions, the max_workers rule on live MPI.

#define BOOST_TEST_MODULE mpi_spawn
#include "spawn_test_support.hpp"

#include "mpi/max_workers.hpp"
#include "mpi/mpi_check.hpp"

using namespace mpi_test;

namespace {

// The pool says hello, answers (in `cwd` if given), stops cleanly, and
// leaves no process behind.
void check_a_pool(const m::spawn_request& spawn, const std::string& cwd = {})
{
    auto root = connected(spawn);
    std::vector<long> pids;
    for (std::size_t w = 0; w < root->size(); ++w)
    {
        const m::peer_identity* id = root->identity(w);
        BOOST_TEST_REQUIRE(id != nullptr);
        BOOST_TEST(root->watched(w));
        BOOST_TEST(ask(*root, w, request(command::pid)) == std::to_string(id->pid));
        if (!cwd.empty())
            BOOST_TEST(ask(*root, w, request(command::cwd)) == cwd);
        pids.push_back(id->pid);
    }
    m::root_events events;
    BOOST_TEST(root->stop(long_timeout, events).empty());
    BOOST_TEST(events.lost.empty());
    BOOST_TEST(events.stopped.size() == spawn.workers);
    for (long pid : pids)
        BOOST_TEST(eventually_gone(pid), "spawned worker " << pid << " still runs after stop");
}

} // namespace

// Few spawns, on purpose: each one risks Open MPI 4.1's hang (see
// spawn_test_support.hpp).

// First: Open MPI 4.1 counts the parent in a host's slots and never gives
// back those of finished spawned jobs, so host=localhost:N (N = workers + 1)
// only works for a process's first spawn. Test cases run in this order.
BOOST_AUTO_TEST_CASE(a_pool_placed_by_host_key_with_a_user_key)
{
    check_a_pool(spawn_this_program(2, {{"host", "localhost:3"}, {"wdir", "/tmp"}}), "/tmp");
}

BOOST_AUTO_TEST_CASE(a_second_pool_after_the_first)
{
    check_a_pool(spawn_this_program(3));
}

BOOST_AUTO_TEST_CASE(a_missing_executable_is_a_clear_error)
{
    m::spawn_request r = spawn_this_program(2);
    r.executable = "/nonexistent/worker";
    try
    {
        m::spawn_link(r);
        BOOST_ERROR("spawned a missing executable");
    }
    catch (const std::invalid_argument& e)
    {
        BOOST_TEST(std::string(e.what()).find("'/nonexistent/worker' is not an executable file") != std::string::npos);
    }
    r = spawn_this_program(0);
    BOOST_CHECK_THROW(m::spawn_link(r), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(max_workers_from_the_environment)
{
    ::setenv(m::max_workers_variable, "3", 1);
    BOOST_TEST(m::resolve_max_workers(std::nullopt) == 3u);
    ::setenv(m::max_workers_variable, "none", 1);
    BOOST_CHECK_THROW(m::resolve_max_workers(std::nullopt), std::invalid_argument);
    ::unsetenv(m::max_workers_variable);
    BOOST_TEST(m::resolve_max_workers(std::nullopt) >= 1u);
}

// Last: after one refused spawn, Open MPI 4.1 refuses every later spawn from
// the same process.
BOOST_AUTO_TEST_CASE(a_refused_spawn_is_an_exception_not_an_abort)
{
    try
    {
        m::root_transport root(spawn_or_give_up(spawn_this_program(2, {{"map_by", "no-such-policy"}})));
        BOOST_ERROR("MPI spawned workers with an unknown mapping policy");
        m::root_events events;
        root.stop(long_timeout, events);
    }
    catch (const m::mpi_error& e)
    {
        BOOST_TEST(std::string(e.what()).find("MPI_Comm_spawn of 2") != std::string::npos, e.what());
    }
}

int main(int argc, char** argv)
{
    return spawn_test_main(argc, argv);
}
