//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker rank dying under an mpi_pool_executor, one scenario per run
// (tools/test.d/65-mpi.sh judges the exit status, the output and that no
// process is left):
//   mpi_pool_death static|spawn kill|exit PIDFILE
// static: under mpirun -np 3 (the static world's two ranks); spawn: as a
// singleton, two spawned workers. kill: the root SIGKILLs one worker while
// every worker runs a task and more wait; exit: a task calls std::exit(3).
// Every future must end, with broken_mpi_pool naming the rank and its host,
// within 2 s; then the pool and MPI shut down cleanly.

#include "mpi_pool_functions.hpp"
#include "pid_record.hpp"

#include <boost/concurrent_futures/wait.hpp>

#include <cstring>
#include <set>
#include <vector>

using namespace mpi_pool_test;
using clock_type = std::chrono::steady_clock;

namespace {

int run(const char* mode, const char* how, const char* pid_file)
{
    cf::mpi_pool_options o;
    if (std::strcmp(mode, "spawn") == 0)
    {
        o.launch = cf::mpi_launch::spawn;
        o.max_workers = 2;
    }
    else
        o.launch = cf::mpi_launch::static_world;
    cf::mpi_pool_executor pool(o);
    first_answer(pool);
    std::set<long> pids;
    for (int round = 0; round < 50 && pids.size() < pool.max_workers(); ++round)
    {
        std::vector<cf::future<int>> busy;
        std::vector<cf::future<long>> fs;
        for (std::size_t i = 0; i < pool.max_workers(); ++i)
            busy.push_back(pool.submit(sleep_then, 50, 0));
        for (int i = 0; i < 8; ++i)
            fs.push_back(pool.submit(worker_pid));
        for (auto& f : fs)
            pids.insert(f.result(30s));
    }
    for (long p : pids)
        mpi_test::record_pid(pid_file, p);
    mpi_test::record_children(pid_file);
    if (pids.size() < 2)
    {
        std::printf("FAILED: saw %zu worker ranks\n", pids.size());
        return 1;
    }
    std::vector<cf::future<int>> fs;
    const bool by_exit = std::strcmp(how, "exit") == 0;
    // exit: timed from the submit of the task that exits (it runs at once).
    auto start = clock_type::now();
    if (by_exit)
        fs.push_back(pool.submit(exit_now, 3));
    for (int i = 0; i < 6; ++i)
        fs.push_back(pool.submit(sleep_then, 3000, i));
    if (!by_exit)
    {
        std::this_thread::sleep_for(200ms); // every rank busy
        start = clock_type::now();
        ::kill(static_cast<pid_t>(*pids.begin()), SIGKILL);
    }
    const auto done = cf::wait(fs, 10s);
    const double after = std::chrono::duration<double>(clock_type::now() - start).count();
    if (!done.not_done.empty())
    {
        std::printf("FAILED: %zu futures still not done 10 s after the death\n", done.not_done.size());
        return 1;
    }
    std::string message;
    for (auto& f : fs)
    {
        try
        {
            (void)f.result(0s);
            std::printf("FAILED: a future succeeded after the death\n");
            return 1;
        }
        catch (const cf::broken_mpi_pool& e)
        {
            message = e.what();
        }
    }
    std::printf("worker death reported after %.3f s: %s\n", after, message.c_str());
    std::fflush(stdout);
    if (message.find("rank ") == std::string::npos || message.find(" on host ") == std::string::npos)
    {
        std::printf("FAILED: the message does not name the rank and its host\n");
        return 1;
    }
    if (!pool.broken())
        return 1;
    try
    {
        (void)pool.submit(mul, 1, 1);
        return 1;
    }
    catch (const cf::broken_mpi_pool&)
    {
    }
    return after < 2.0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    auto mpi = cf::mpi_serve_if_worker(argc, argv);
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: mpi_pool_death static|spawn kill|exit PIDFILE\n");
        return 2;
    }
    mpi_test::record_pid(argv[3], ::getpid());
    const int status = run(argv[1], argv[2], argv[3]);
    std::printf("pool shut down; status %d\n", status);
    std::fflush(stdout);
    return status;
}
