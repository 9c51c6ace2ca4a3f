//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Runs the prime-checking service (prime_service.hpp) on an ephemeral
// loopback port and drives it with concurrent clients: every CPU-bound request
// goes to the pool via co_await, and a "ping" is answered at once even while
// every pool worker is busy.

#include "prime_service.hpp"

#include <boost/asio/connect.hpp>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

// A blocking client: one request, one reply line.
std::string ask(tcp::socket& socket, asio::streambuf& buffer, const std::string& request)
{
    asio::write(socket, asio::buffer(request + "\n"));
    asio::read_until(socket, buffer, '\n');
    std::istream in(&buffer);
    std::string line;
    std::getline(in, line);
    return line;
}

} // namespace

int main()
{
    // tag::setup[]
    asio::io_context io;
    cf::thread_pool_executor pool(cf::thread_pool_options{.max_workers = 2, .thread_name_prefix = "primes"});
    prime_service::server server(io, pool);
    server.start();
    std::thread io_thread([&io] { io.run(); }); // one thread does all the I/O
    // end::setup[]
    const auto endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port());
    std::cout << "prime service listening on 127.0.0.1:" << server.port() << "\n";

    // 16 clients, 50 requests each, all at once.
    const auto started = std::chrono::steady_clock::now();
    std::atomic<int> wrong{0};
    std::atomic<int> primes{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c)
        clients.emplace_back([&, c] {
            asio::io_context client_io;
            tcp::socket socket(client_io);
            socket.connect(endpoint);
            asio::streambuf buffer;
            for (std::uint64_t i = 0; i < 50; ++i)
            {
                const std::uint64_t n = 1'000'000'000'000ull + static_cast<std::uint64_t>(c) * 1000 + i;
                const bool prime = prime_service::is_prime(n);
                const std::string reply = ask(socket, buffer, "isprime " + std::to_string(n));
                if (reply != std::to_string(n) + (prime ? " prime" : " composite"))
                    ++wrong;
                primes += prime;
            }
        });
    for (auto& t : clients)
        t.join();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "800 requests from 16 clients in " << ms.count() << " ms: " << primes << " primes, " << wrong
              << " wrong answers\n";

    // Saturate both workers with slow requests, then ping.
    asio::io_context client_io;
    std::vector<tcp::socket> sleepers;
    for (int i = 0; i < 4; ++i)
    {
        sleepers.emplace_back(client_io);
        sleepers.back().connect(endpoint);
        asio::write(sleepers.back(), asio::buffer(std::string("sleep 500\n")));
    }
    std::this_thread::sleep_for(50ms);
    tcp::socket pinger(client_io);
    pinger.connect(endpoint);
    asio::streambuf buffer;
    const auto ping_start = std::chrono::steady_clock::now();
    const std::string pong = ask(pinger, buffer, "ping");
    const auto ping_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - ping_start);
    std::cout << "with every worker busy, ping -> " << pong << " in " << ping_us.count() << " us\n";
    std::cout << "bad input -> " << ask(pinger, buffer, "isprime twelve") << "\n";
    for (auto& s : sleepers)
    {
        asio::streambuf b;
        asio::read_until(s, b, '\n');
    }

    server.stop();
    pinger.close();
    for (auto& s : sleepers)
        s.close();
    io.stop();
    io_thread.join();
    return wrong == 0 ? 0 : 1;
}
