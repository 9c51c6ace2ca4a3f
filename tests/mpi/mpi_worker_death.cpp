//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Deaths, one scenario per run (tools/test.d/65-mpi.sh checks the exit
// status, the output and that no process is left):
//   mpi_worker_death static PIDFILE     under mpirun -np 3 [--enable-recovery]:
//       the root SIGKILLs worker 0 and must hear of it within 2 s, then stop
//       the others and finalize;
//   mpi_worker_death spawn PIDFILE      as a singleton: the same with 3
//       spawned workers;
//   mpi_worker_death root_dies PIDFILE  under mpirun -np 3 --enable-recovery:
//       the root SIGKILLs itself once connected; the workers must leave.
// Every pid involved (root, workers, the root's own children such as a
// singleton's orted) is appended to PIDFILE as soon as it is known.

#include "mpi_test_support.hpp"
#include "pid_record.hpp"

#include <cstring>

using namespace mpi_test;

namespace {

// The root's part: connect, record, kill worker 0 (or itself), time the news.
int run_root(m::link_comm link, const char* scenario, const char* pid_file)
{
    m::root_transport root(std::move(link));
    m::root_events events;
    root.connect(long_timeout, events);
    for (std::size_t w = 0; w < root.size(); ++w)
        if (const m::peer_identity* id = root.identity(w))
            record_pid(pid_file, id->pid);
    if (!events.lost.empty() || root.size() < 2)
    {
        std::printf("FAILED: not every worker connected\n");
        return 1;
    }
    record_children(pid_file);
    if (std::strcmp(scenario, "root_dies") == 0)
    {
        std::printf("root: dying now\n");
        std::fflush(stdout);
        std::raise(SIGKILL);
    }
    const auto start = clock_type::now();
    root.signal(0, SIGKILL);
    const bool heard = await_loss(root, events, 0, false);
    const double after = std::chrono::duration<double>(clock_type::now() - start).count();
    if (!heard)
    {
        std::printf("FAILED: the death of worker 0 was not reported within %lld s\n",
                    static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(long_timeout).count()));
        return 1;
    }
    std::printf("worker death reported after %.3f s: %s\n", after, events.lost.front().reason.c_str());
    std::fflush(stdout);
    const std::vector<std::size_t> silent = root.stop(10s, events);
    std::printf("stopped: %zu lost, %zu said goodbye, %zu silent\n", events.lost.size(), events.stopped.size(),
                silent.size());
    return after < 2.0 && silent.empty() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    m::mpi_session session(&argc, &argv);
    if (m::link_comm parent = m::parent_link())
    {
        const int status = serve(std::move(parent));
        session.finalize();
        return status;
    }
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: mpi_worker_death static|spawn|root_dies PIDFILE\n");
        return 2;
    }
    const char* scenario = argv[1];
    const char* pid_file = argv[2];
    int status = 0;
    if (std::strcmp(scenario, "spawn") == 0)
    {
        record_pid(pid_file, ::getpid());
        status = run_root(spawn_or_give_up(spawn_this_program(3)), scenario, pid_file);
    }
    else
    {
        int rank = 0;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        m::link_comm link = m::split_link(MPI_COMM_WORLD, 0);
        if (rank != 0)
            status = serve(std::move(link));
        else
        {
            record_pid(pid_file, ::getpid());
            status = run_root(std::move(link), scenario, pid_file);
        }
    }
    session.finalize();
    return status;
}
