//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// ProcessPoolExecutor's usual examples: squares with map, workers reported
// through a future -> input map with as_completed, sums of data chunks, and
// the prime check over 1000..1010 on four worker processes.
//
// Functions cross the process boundary by registered name, so each one is
// registered; and main() starts with serve_if_worker(), Python's
// `if __name__ == "__main__"`.

#include <boost/concurrent_futures.hpp>

#include <cmath>
#include <iostream>
#include <numeric>
#include <sstream>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace cf = boost::concurrent_futures;

// def square(x): return x * x
int square(int x)
{
    return x * x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(square);

// def worker(number): prints, returns its square (runs in a worker process).
int worker(int number)
{
    std::ostringstream out;
    out << "Worker " << number << " starting (process " << ::getpid() << ")\n";
    const int result = number * number;
    out << "Worker " << number << " finished, result: " << result << '\n';
    std::cout << out.str() << std::flush; // the worker's stdout is ours
    return result;
}
BOOST_CONCURRENT_FUTURES_REGISTER(worker);

// def worker(data): return sum(data), for a chunk of numbers.
long sum_chunk(std::vector<int> data)
{
    const long total = std::accumulate(data.begin(), data.end(), 0L);
    std::cout << "Worker processing data with " << data.size() << " elements, total: " << total << '\n' << std::flush;
    return total;
}
BOOST_CONCURRENT_FUTURES_REGISTER(sum_chunk);

// def is_prime(n): return n > 1 and all(n % i for i in range(2, int(n**0.5) + 1))
bool is_prime(long n)
{
    if (n < 2)
        return false;
    for (long i = 2; i * i <= n; ++i)
        if (n % i == 0)
            return false;
    return true;
}
BOOST_CONCURRENT_FUTURES_REGISTER(is_prime);

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv); // in a worker process: serves tasks and exits
    std::cout << std::unitbuf;       // workers print too: keep our lines in order with theirs

    std::cout << "-- map(square, range(5)) on a process pool\n";
    {
        cf::process_pool_executor executor;
        std::cout << '[';
        const char* sep = "";
        for (int v : executor.map(square, std::views::iota(0, 5)))
        {
            std::cout << sep << v;
            sep = ", ";
        }
        std::cout << "]\n";
    }

    std::cout << "-- workers in processes, results as they complete\n";
    {
        cf::process_pool_executor executor(3);
        std::unordered_map<cf::future<int>, int> future_to_number;
        for (int i = 0; i < 10; ++i)
            future_to_number.emplace(executor.submit(worker, i), i);
        for (auto& future : cf::as_completed(std::views::keys(future_to_number)))
        {
            const int number = future_to_number.at(future);
            try
            {
                std::cout << "Worker " << number << " completed with result: " << future.result() << '\n';
            }
            catch (const std::exception& exc)
            {
                std::cout << "Worker " << number << " generated an exception: " << exc.what() << '\n';
            }
        }
    }

    std::cout << "-- sums of data chunks\n";
    {
        std::vector<int> range1000(1000);
        std::iota(range1000.begin(), range1000.end(), 0);
        const std::vector<std::vector<int>> data_chunks{range1000, range1000, range1000};
        cf::process_pool_executor executor(3);
        std::vector<cf::future<long>> futures;
        for (const auto& chunk : data_chunks)
            futures.push_back(executor.submit(sum_chunk, chunk));
        for (auto& future : cf::as_completed(futures))
            std::cout << "Worker processed range(1000) with total: " << future.result() << '\n';
    }

    std::cout << "-- is_prime over 1000..1010 on four processes\n";
    {
        cf::process_pool_executor executor(4);
        std::unordered_map<cf::future<bool>, long> numbers;
        for (long n = 1000; n < 1010; ++n)
            numbers.emplace(executor.submit(is_prime, n), n);
        for (auto& future : cf::as_completed(std::views::keys(numbers)))
            if (future.result())
                std::cout << numbers.at(future) << " is prime.\n";
    }

    std::cout << "-- map(fn, large_iterable, chunksize=1000)\n";
    {
        cf::process_pool_executor executor(2);
        long primes = 0;
        for (bool p : executor.map(is_prime, std::views::iota(0L, 200000L), cf::map_options{.chunksize = 1000}))
            primes += p;
        std::cout << primes << " primes below 200000\n";
    }
}
