//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_BENCH_PRIME_WORKLOAD_HPP
#define BOOST_CONCURRENT_FUTURES_BENCH_PRIME_WORKLOAD_HPP

// The CPU-bound job of the scaling benchmarks (counting primes by trial
// division), shared by the thread and process variants.

#include "harness.hpp"

#include <boost/concurrent_futures/future.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace bench {

inline double count_primes(long from, long to)
{
    long count = 0;
    for (long n = std::max(from, 2L); n < to; ++n)
    {
        bool prime = true;
        for (long d = 2; d * d <= n; ++d)
            if (n % d == 0)
            {
                prime = false;
                break;
            }
        count += prime;
    }
    return static_cast<double>(count);
}

// Primes below `limit`, split into `chunks` tasks on `pool`, against one
// thread doing it all (the floor). `count` is what the pool runs: the
// function itself, so a process pool can send it by its registered name.
template <class Pool>
void run_prime_scaling(const options& o, workload w, const std::string& pool_name, Pool& pool,
                       double (*count)(long, long), long limit, long chunks)
{
    w.contenders = {
        {"sequential, one thread",
         [&] {
             const auto start = clock_type::now();
             keep(count(0, limit));
             return std::chrono::duration<double>(clock_type::now() - start).count();
         },
         true},
        {pool_name,
         [&] {
             const auto start = clock_type::now();
             std::vector<boost::concurrent_futures::future<double>> fs;
             for (long c = 0; c < chunks; ++c)
                 fs.push_back(pool.submit(count, c * limit / chunks, (c + 1) * limit / chunks));
             double total = 0;
             for (auto& f : fs)
                 total += f.result();
             keep(total);
             return std::chrono::duration<double>(clock_type::now() - start).count();
         }},
    };
    run(w, o);
}

} // namespace bench

#endif
