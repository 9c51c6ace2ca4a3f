//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A line-based TCP service in the usual Asio shape: coroutines accept and
// serve clients on an io_context, and every CPU-bound request is offloaded to
// a thread pool with `co_await cf::async_submit(...)`, so the io_context's
// thread only ever does I/O. Shared by examples/prime_service.cpp and the test.
//
// Protocol, one request per line:
//     isprime <n>   ->  "<n> prime" | "<n> composite"
//     sleep <ms>    ->  "slept <ms>"   (occupies a pool worker; ms <= 10000)
//     ping          ->  "pong"         (answered on the I/O thread)
//     anything else ->  "error: ..."   (the connection stays open)

#ifndef BOOST_CONCURRENT_FUTURES_EXAMPLES_PRIME_SERVICE_HPP
#define BOOST_CONCURRENT_FUTURES_EXAMPLES_PRIME_SERVICE_HPP

#include <boost/concurrent_futures.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace prime_service {

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;
using tcp = asio::ip::tcp;

// Trial division: deliberately CPU-bound.
inline bool is_prime(std::uint64_t n)
{
    if (n < 2)
        return false;
    if (n % 2 == 0)
        return n == 2;
    for (std::uint64_t d = 3; d <= n / d; d += 2)
        if (n % d == 0)
            return false;
    return true;
}

inline bool parse_u64(std::string_view text, std::uint64_t& out)
{
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && !text.empty();
}

class server
{
public:
    // Listens on `endpoint` (port 0: an ephemeral port, see port()).
    server(asio::io_context& io, cf::thread_pool_executor& pool,
           tcp::endpoint endpoint = {asio::ip::make_address("127.0.0.1"), 0})
        : io_(io), pool_(pool), acceptor_(io, endpoint)
    {
    }

    unsigned short port() const { return acceptor_.local_endpoint().port(); }

    void start() { asio::co_spawn(io_, accept_loop(), asio::detached); }

    // Stops accepting; open sessions end when their clients disconnect.
    void stop()
    {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    }

    // Handles one request line (exposed for tests).
    asio::awaitable<std::string> respond(std::string_view line)
    {
        const auto space = line.find(' ');
        const std::string_view command = line.substr(0, space);
        const std::string_view argument = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);

        if (command == "ping" && argument.empty())
            co_return "pong";

        std::uint64_t n = 0;
        // tag::offload[]
        if (command == "isprime")
        {
            if (!parse_u64(argument, n))
                co_return "error: isprime needs a non-negative integer, got '" + std::string(argument) + "'";
            // The CPU-bound part runs on the pool; this coroutine suspends.
            const bool prime = co_await cf::async_submit(
                pool_, [n] { return is_prime(n); }, asio::use_awaitable);
            co_return std::to_string(n) + (prime ? " prime" : " composite");
        }
        // end::offload[]
        if (command == "sleep")
        {
            if (!parse_u64(argument, n) || n > 10000)
                co_return "error: sleep needs milliseconds between 0 and 10000, got '" + std::string(argument) + "'";
            co_await cf::async_submit(
                pool_, [n] { std::this_thread::sleep_for(std::chrono::milliseconds(n)); }, asio::use_awaitable);
            co_return "slept " + std::to_string(n);
        }
        co_return "error: unknown request '" + std::string(line.substr(0, 64)) +
            "' (try: isprime <n>, sleep <ms>, ping)";
    }

private:
    asio::awaitable<void> accept_loop()
    {
        for (;;)
        {
            boost::system::error_code ec;
            tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec == asio::error::operation_aborted || !acceptor_.is_open())
                co_return;
            if (ec)
                continue; // e.g. the client gave up before we accepted
            asio::co_spawn(io_, session(std::move(socket)), asio::detached);
        }
    }

    // tag::session[]
    asio::awaitable<void> session(tcp::socket socket)
    {
        asio::streambuf buffer(64 * 1024); // a line longer than this closes the connection
        try
        {
            for (;;)
            {
                co_await asio::async_read_until(socket, buffer, '\n', asio::use_awaitable);
                std::istream in(&buffer);
                std::string line;
                std::getline(in, line);
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                std::string reply = co_await respond(line);
                reply += '\n';
                co_await asio::async_write(socket, asio::buffer(reply), asio::use_awaitable);
            }
        }
        catch (const std::exception&)
        {
            // The client left, or sent garbage we cannot frame: drop it.
        }
    }
    // end::session[]

    asio::io_context& io_;
    cf::thread_pool_executor& pool_;
    tcp::acceptor acceptor_;
};

} // namespace prime_service

#endif
