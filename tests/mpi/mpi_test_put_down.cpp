//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Spawned workers that break the protocol are reported lost and put down.
// Run as a singleton only: under mpirun, Open MPI 4.1 (with Debian's PMIx
// 4.2) now and then hangs in MPI_Finalize after a spawned worker was killed.

#define BOOST_TEST_MODULE mpi_put_down
#include "spawn_test_support.hpp"

using namespace mpi_test;

namespace {

// A worker asked to misbehave is reported lost for breaking the protocol,
// and put down.
void check_put_down_after(char misbehaviour)
{
    auto root = connected(spawn_this_program(2));
    const long pid = root->identity(0)->pid;
    m::root_events events;
    root->send(0, request(misbehaviour, "x"));
    BOOST_TEST_REQUIRE(await_loss(*root, events, 0, true));
    const std::string reason = events.lost.front().reason;
    BOOST_TEST(reason.find("broke the protocol") != std::string::npos, reason);
    BOOST_TEST(reason.find("MPI worker 0 (pid " + std::to_string(pid)) != std::string::npos, reason);
    BOOST_TEST(eventually_gone(pid));
    // Open MPI ends the whole spawned job when one of it dies: the rest is
    // reported lost too, or says goodbye; nothing hangs either way.
    root->stop(5s, events);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_worker_sending_a_malformed_control_message_is_put_down)
{
    check_put_down_after(command::garbage);
}

BOOST_AUTO_TEST_CASE(a_worker_sending_an_unknown_tag_is_put_down)
{
    check_put_down_after(command::bad_tag);
}

int main(int argc, char** argv)
{
    return spawn_test_main(argc, argv);
}
