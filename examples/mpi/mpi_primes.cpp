//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Counting primes on MPI ranks, with a progress display:
//
//     mpirun -np 4 ./mpi_primes [limit]      the static world: ranks 1-3 work
//     ./mpi_primes [limit]                   2 spawned workers
//     mpirun --hostfile hosts -np 8 ./mpi_primes 50000000   across machines
//
// The work is cut into chunks; each chunk is one task; results are taken as
// they complete (cf::as_completed), so the display moves while ranks work.

#include <boost/concurrent_futures/as_completed.hpp>
#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace cf = boost::concurrent_futures;

// Primes in [from, to), by trial division: CPU-bound on purpose.
long count_primes(long from, long to)
{
    long count = 0;
    for (long n = from < 2 ? 2 : from; n < to; ++n)
    {
        bool prime = true;
        for (long d = 2; d * d <= n; ++d)
            if (n % d == 0)
            {
                prime = false;
                break;
            }
        count += prime ? 1 : 0;
    }
    return count;
}
BOOST_CONCURRENT_FUTURES_REGISTER(count_primes);

int main(int argc, char** argv)
{
    // Worker ranks (and spawned workers) serve in here and never return.
    auto mpi = cf::mpi_serve_if_worker(argc, argv);

    const long limit = argc > 1 ? std::atol(argv[1]) : 5'000'000;
    const long chunks = 64;
    cf::mpi_pool_options options;
    if (mpi.world_workers() == 0)
        options.max_workers = 2; // no mpirun: spawn two workers
    cf::mpi_pool_executor pool(options);
    std::printf("counting primes below %ld on %zu worker ranks (%s)\n", limit, pool.max_workers(),
                mpi.world_workers() ? "static world" : "spawned");

    const auto start = std::chrono::steady_clock::now();
    std::vector<cf::future<long>> parts;
    for (long i = 0; i < chunks; ++i)
        parts.push_back(pool.submit(count_primes, limit * i / chunks, limit * (i + 1) / chunks));

    long total = 0, done = 0;
    const bool tty = ::isatty(STDOUT_FILENO);
    for (auto& part : cf::as_completed(parts, std::chrono::minutes(10)))
    {
        total += part.result();
        ++done;
        if (tty || done == chunks)
        {
            const int width = 40, filled = static_cast<int>(width * done / chunks);
            std::printf("\r[%s%s] %ld/%ld chunks, %ld primes so far", std::string(filled, '#').c_str(),
                        std::string(width - filled, ' ').c_str(), done, chunks, total);
            std::fflush(stdout);
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\n%ld primes below %ld in %.2f s\n", total, limit, secs);
    return 0;
}
