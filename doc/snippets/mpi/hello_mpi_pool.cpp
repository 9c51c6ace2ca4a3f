// The MPI-pool hello world of the introduction (run as `mpirun -np 3 hello_mpi_pool`).
//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// tag::hello_mpi_pool[]
// Not in <boost/concurrent_futures.hpp>:
#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <iostream>
#include <ranges>

namespace cf = boost::concurrent_futures;

int square(int x)
{
    return x * x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(square); // every rank runs this program: they find it by name

int main(int argc, char** argv)
{
    auto mpi = cf::mpi_serve_if_worker(argc, argv); // on ranks 1..N-1: serves tasks, then exits
    cf::mpi_pool_executor pool;                     // MPIPoolExecutor(): the other ranks of mpirun -np N

    std::cout << "7 squared: " << pool.submit(square, 7).result() << '\n';
    std::cout << "squares:";
    for (int v : pool.map(square, std::views::iota(0, 10), cf::map_options{.chunksize = 5}))
        std::cout << ' ' << v;
    std::cout << "\non " << pool.max_workers() << " worker ranks\n";
} // the pool ends first (declared last); then `mpi` stops the worker ranks and finalizes MPI
// end::hello_mpi_pool[]
