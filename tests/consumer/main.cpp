//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The consumer projects' program (b2: Jamroot, CMake: CMakeLists.txt): a thread
// pool, a process pool with a registered function, and async_get in a
// coroutine; exits non-zero if a result is off. The README shows its tagged
// region word for word (tools/check_readme_code.py checks it).

// tag::consumer-program[]
#include <boost/concurrent_futures.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <iostream>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

int triple(int x) { return 3 * x; }
BOOST_CONCURRENT_FUTURES_REGISTER(triple);                  // callable in worker processes

asio::awaitable<int> sum(cf::future<int> a, cf::future<int> b)
{
    co_return co_await a.async_get(asio::use_awaitable) + co_await b.async_get(asio::use_awaitable);
}

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);                        // a worker process serves tasks and exits here

    cf::thread_pool_executor threads(2);
    cf::process_pool_executor processes(2);
    cf::future<int> squared = threads.submit([](int x) { return x * x; }, 7);
    cf::future<int> tripled = processes.submit(triple, 14);
    std::vector<int> chunked =
        processes.map(triple, std::vector{1, 2, 3}, cf::map_options{.timeout = 30s, .chunksize = 2}).to_vector();

    asio::io_context io;
    std::future<int> total = asio::co_spawn(io, sum(squared, tripled), asio::use_future);
    io.run();                                               // until the coroutine has its two results
    const int value = total.get();
    std::cout << "49 + 42 = " << value << ", map: " << chunked[0] << ' ' << chunked[1] << ' ' << chunked[2] << '\n';
    return value == 91 && chunked == std::vector{3, 6, 9} ? 0 : 1;
}
// end::consumer-program[]
