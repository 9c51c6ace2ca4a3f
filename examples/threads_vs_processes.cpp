//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The same CPU-bound job (counting primes, in chunks) run sequentially, on a
// thread pool and on a process pool, with a progress display fed by
// as_completed, and the timings side by side.
//
// In Python the process pool wins because threads share the GIL; in C++ both
// scale, and the process pool pays for serialization and pipes. What it buys
// is isolation: a task that crashes takes down its worker, not the program.

#include "showcase.hpp"

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace cf = boost::concurrent_futures;
using namespace showcase;
using namespace std::chrono_literals;

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("Counting the primes below %ld in %ld chunks, on %u cores\n\n", limit, chunks, cores);

    const auto start = std::chrono::steady_clock::now();
    const long sequential = count_primes(0, limit);
    const double sequential_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-18s %ld primes in %.2f s\n\n", "sequential", sequential, sequential_s);

    cf::thread_pool_executor threads(cores);
    auto [thread_total, thread_s] = run_on(threads, "thread pool");
    cf::process_pool_executor processes(cores);
    auto [process_total, process_s] = run_on(processes, "process pool");

    std::printf("\n%-18s %10s %10s %10s\n", "", "primes", "seconds", "speed-up");
    print_row("sequential", sequential, sequential_s, sequential_s);
    print_row("thread pool", thread_total, thread_s, sequential_s);
    print_row("process pool", process_total, process_s, sequential_s);
    if (thread_total != sequential || process_total != sequential)
    {
        std::printf("the counts disagree!\n");
        return 1;
    }

    std::printf("\nA task that crashes (SIGSEGV) in the process pool:\n");
    cf::process_pool_executor isolated(1);
    try
    {
        isolated.submit(crash_on_purpose, 0L).result(10s);
    }
    catch (const cf::broken_process_pool& e)
    {
        std::printf("  caught broken_process_pool: %s\n", e.what());
    }
    std::printf("  ...and this program is still running. In a thread pool the same crash would have ended it.\n");
}
