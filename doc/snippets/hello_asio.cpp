//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An Asio program whose coroutine uses each asynchronous form once (submit,
// get, wait, as_completed): the example of the README's "Inside Asio
// applications" and of the introduction.

#include <boost/concurrent_futures.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <exception>
#include <iostream>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;

bool is_prime(std::uint64_t n)
{
    if (n < 2)
        return false;
    for (std::uint64_t d = 2; d <= n / d; ++d)
        if (n % d == 0)
            return false;
    return true;
}

// tag::asio_coroutine[]
asio::awaitable<void> handle(cf::thread_pool_executor& pool, std::uint64_t n)
{
    // Submits to the pool; this coroutine's thread is free until the answer comes.
    bool prime = co_await cf::async_submit(
        pool, [n] { return is_prime(n); }, asio::use_awaitable);
    std::cout << n << (prime ? " is prime\n" : " is composite\n");

    std::vector<cf::future<bool>> futures;
    for (std::uint64_t k = n; k < n + 10; ++k)
        futures.push_back(pool.submit(is_prime, k));
    bool first = co_await futures.front().async_get(asio::use_awaitable); // (exception_ptr, T)
    auto [done, not_done] = co_await cf::async_wait(futures, cf::return_when::all_completed, asio::use_awaitable);
    std::cout << std::boolalpha << "first: " << first << ", done: " << done.size() << '\n';

    int primes = 0;
    auto stream = cf::async_as_completed(futures); // each future once, in completion order
    while (auto f = co_await stream.async_next(asio::use_awaitable))
        primes += f->result();
    std::cout << primes << " primes from " << n << " to " << n + 9 << '\n';
}
// end::asio_coroutine[]

// tag::asio_main[]
int main()
{
    asio::io_context io;
    cf::thread_pool_executor pool(2);
    asio::co_spawn(io, handle(pool, 1'000'000'007), [](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
    });
    io.run(); // returns once the coroutine is done: pending waits count as work
}
// end::asio_main[]
