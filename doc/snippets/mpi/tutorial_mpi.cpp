// The MPI-pool sections of the tutorial (run as `mpirun -np 3 tutorial_mpi`).
//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Options and an initializer, exceptions that name their rank, one pool at a
// time on the static world, and a pool broken by its initializer. One function
// per section; main runs them in order on the static world of `mpirun -np 3`,
// and the test command compares the output with tutorial_mpi.expected, which
// the tutorial shows next to the code.

#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

namespace cf = boost::concurrent_futures;

// tag::options[]
std::string greeting; // one per worker rank

void set_greeting(std::string text)
{
    greeting = text;
}
BOOST_CONCURRENT_FUTURES_REGISTER(set_greeting);

std::string greet(std::string name)
{
    return greeting + ", " + name;
}
BOOST_CONCURRENT_FUTURES_REGISTER(greet);

cf::mpi_pool_options pool_options(const cf::mpi_guard& mpi)
{
    cf::mpi_pool_options options{.initializer = {set_greeting, "hello"}}; // once on each worker rank
    if (mpi.world_workers() == 0) // no mpirun: spawn (what mpi_launch::automatic does too)
    {
        options.launch = cf::mpi_launch::spawn;
        options.max_workers = 2;
        if (const char* hosts = std::getenv("WORKER_HOSTS")) // e.g. "n1,n2": where the workers start
            options.spawn_info = {{"host", hosts}};
    }
    return options; // under mpirun -np N: the other N-1 ranks
}

void initializers(const cf::mpi_guard& mpi)
{
    cf::mpi_pool_executor pool(pool_options(mpi));
    std::cout << pool.submit(greet, "world").result() << " (" << pool.max_workers() << " worker ranks)\n";
}
// end::options[]

// tag::exceptions[]
struct private_error : std::runtime_error // not registered with BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION
{
    using std::runtime_error::runtime_error;
};

int checked_sqrt(int x)
{
    if (x < 0)
        throw std::domain_error("negative: " + std::to_string(x));
    if (x > 1'000'000)
        throw private_error("too large");
    int r = 0;
    while ((r + 1) * (r + 1) <= x)
        ++r;
    return r;
}
BOOST_CONCURRENT_FUTURES_REGISTER(checked_sqrt);

void exceptions()
{
    cf::mpi_pool_executor pool;
    try
    {
        pool.submit(checked_sqrt, -4).result();
    }
    catch (const std::domain_error& e) // a standard type: rethrown as itself
    {
        std::cout << "domain_error: " << e.what() << '\n';
    }
    try
    {
        pool.submit(checked_sqrt, 2'000'000).result();
    }
    catch (const cf::remote_error& e) // not registered: its type name and message, and where it ran
    {
        std::cout << "remote_error: " << e.type_name() << ": " << e.message() << "\n  in " << e.where() << '\n';
    }
}
// end::exceptions[]

// tag::one_at_a_time[]
void one_pool_at_a_time()
{
    cf::mpi_pool_executor first;
    try
    {
        cf::mpi_pool_executor second; // the static world's ranks serve one pool at a time
    }
    catch (const std::logic_error& e)
    {
        std::cout << "logic_error: " << e.what() << '\n';
    }
    first.shutdown(); // gives the ranks back
    cf::mpi_pool_executor third;
    std::cout << "third pool: " << third.submit(checked_sqrt, 81).result() << '\n';
}
// end::one_at_a_time[]

// tag::broken[]
void refuse_to_start()
{
    throw std::runtime_error("no licence on this rank");
}
BOOST_CONCURRENT_FUTURES_REGISTER(refuse_to_start);

void broken_pool()
{
    cf::mpi_pool_executor pool(cf::mpi_pool_options{.initializer = refuse_to_start});
    try
    {
        pool.submit(checked_sqrt, 16).result();
    }
    catch (const cf::broken_mpi_pool& e) // a broken_executor
    {
        std::cout << "broken_mpi_pool: " << e.what() << '\n';
    }
    std::cout << std::boolalpha << "broken: " << pool.broken() << '\n';
}
// end::broken[]

// tag::main[]
int main(int argc, char** argv)
{
    auto mpi = cf::mpi_serve_if_worker(argc, argv); // first; lives longer than every pool
    initializers(mpi);
    exceptions();
    one_pool_at_a_time();
    broken_pool();
}
// end::main[]
