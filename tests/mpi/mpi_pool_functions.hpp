//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Functions the MPI pool tests run on worker ranks (registered once, in the
// programs that include this), and how a test waits for a new pool's ranks.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_MPI_POOL_FUNCTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_MPI_POOL_FUNCTIONS_HPP

#include <boost/concurrent_futures/mpi_pool_executor.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>

namespace mpi_pool_test {

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

inline int mul(int x, int y)
{
    return x * y;
}
inline long worker_pid()
{
    return static_cast<long>(::getpid());
}
inline int sleep_then(int ms, int value)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return value;
}
inline int fail_with(std::string message)
{
    throw std::out_of_range(message);
}
struct unregistered_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
inline int fail_unregistered(int)
{
    throw unregistered_error("not known at the root");
}
inline int& initialized_value()
{
    static int value = 0;
    return value;
}
inline void set_initialized(int v)
{
    initialized_value() = v;
}
inline int get_initialized()
{
    return initialized_value();
}
inline void initializer_throws()
{
    throw std::runtime_error("the initializer refuses");
}
inline int exit_now(int status)
{
    std::exit(status);
}
inline int kill_self(int)
{
    std::raise(SIGKILL);
    return 0;
}
// Its argument backwards: a large payload each way.
inline std::string reversed(std::string s)
{
    return std::string(s.rbegin(), s.rend());
}

// A new spawned pool's first answer; an Open MPI 4.1 / PMIx 4.2 spawn that
// never returns ends the program with status 75 (tools/test.d/65-mpi.sh
// runs it once more), so that it does not pass for a bug of ours.
template <class Pool>
void first_answer(Pool& pool, std::chrono::seconds limit = 60s)
{
    auto f = pool.submit(mul, 1, 1);
    try
    {
        (void)f.result(limit);
    }
    catch (const cf::timeout_error&)
    {
        std::fprintf(stderr, "MPI_Comm_spawn hung (no answer from a new pool within %lld s); giving up\n",
                     static_cast<long long>(limit.count()));
        std::_Exit(75);
    }
}

} // namespace mpi_pool_test

BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::mul);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::worker_pid);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::sleep_then);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::fail_with);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::fail_unregistered);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::set_initialized);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::get_initialized);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::reversed);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::initializer_throws);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::exit_now);
BOOST_CONCURRENT_FUTURES_REGISTER(mpi_pool_test::kill_self);

#endif
