//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process-pool hello world of the introduction and the README.

// tag::hello_process_pool[]
#include <boost/concurrent_futures.hpp>

#include <iostream>
#include <ranges>

namespace cf = boost::concurrent_futures;

int square(int x)
{
    return x * x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(square); // at namespace scope: workers find it by name

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv); // in a worker process: serves tasks, then exits
    cf::process_pool_executor pool;  // ProcessPoolExecutor()

    std::cout << "7 squared: " << pool.submit(square, 7).result() << '\n';
    std::cout << "squares:";
    for (int v : pool.map(square, std::views::iota(0, 10), cf::map_options{.chunksize = 5}))
        std::cout << ' ' << v;
    std::cout << '\n';
}
// end::hello_process_pool[]
