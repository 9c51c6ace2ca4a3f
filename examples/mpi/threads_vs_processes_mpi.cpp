//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The threads-vs-processes showcase with an MPI column: the same prime count
// sequentially, on a thread pool, a process pool and MPI ranks.
//
//     mpirun -np 3 ./threads_vs_processes_mpi    ranks 1 and 2 are the MPI pool
//     ./threads_vs_processes_mpi                 one worker per core, spawned
//
// Under mpirun the worker ranks share the machine with the root: on a
// machine with fewer cores than ranks the thread and process columns run
// while the worker ranks nap, waiting for work.

#include "../showcase.hpp"

#include <boost/concurrent_futures.hpp>
#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <tuple>

namespace cf = boost::concurrent_futures;
using namespace showcase;

int main(int argc, char** argv)
{
    // Process-pool workers re-execute this program: they serve there, before MPI starts.
    cf::serve_if_worker(argc, argv);
    // Worker ranks (and spawned workers) serve here and never return.
    auto mpi = cf::mpi_serve_if_worker(argc, argv);

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("Counting the primes below %ld in %ld chunks, on %u cores\n\n", limit, chunks, cores);

    const auto start = std::chrono::steady_clock::now();
    const long sequential = count_primes(0, limit);
    const double sequential_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-18s %ld primes in %.2f s\n\n", "sequential", sequential, sequential_s);

    long thread_total = 0, process_total = 0, mpi_total = 0;
    double thread_s = 0, process_s = 0, mpi_s = 0;
    {
        cf::thread_pool_executor threads(cores);
        std::tie(thread_total, thread_s) = run_on(threads, "thread pool");
    }
    {
        cf::process_pool_executor processes(cores);
        std::tie(process_total, process_s) = run_on(processes, "process pool");
    }
    std::size_t ranks = 0;
    {
        cf::mpi_pool_options options;
        if (mpi.world_workers() == 0)
            options.max_workers = cores; // no mpirun: spawn one worker per core
        cf::mpi_pool_executor pool(options);
        ranks = pool.max_workers();
        std::tie(mpi_total, mpi_s) = run_on(pool, "MPI pool");
    } // the pool ends before the guard finalizes MPI

    std::printf("\n%-18s %10s %10s %10s\n", "", "primes", "seconds", "speed-up");
    print_row("sequential", sequential, sequential_s, sequential_s);
    print_row("thread pool", thread_total, thread_s, sequential_s);
    print_row("process pool", process_total, process_s, sequential_s);
    const std::string mpi_label = "MPI pool (" + std::to_string(ranks) + " ranks)";
    print_row(mpi_label.c_str(), mpi_total, mpi_s, sequential_s);
    if (thread_total != sequential || process_total != sequential || mpi_total != sequential)
    {
        std::printf("the counts disagree!\n");
        return 1;
    }
}
