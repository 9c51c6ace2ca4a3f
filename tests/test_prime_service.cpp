//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Asio application of examples/prime_service.hpp on a loopback port:
// many concurrent real clients, every answer checked; the I/O thread keeps
// answering while the pool is saturated; bad input and rude clients.

#define BOOST_TEST_MODULE prime_service
#include "test_support.hpp"

#include "../examples/prime_service.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace test_support;

namespace {

// The service on an ephemeral port, its io_context on a thread of its own.
struct running_service
{
    asio::io_context io;
    cf::thread_pool_executor pool{cf::thread_pool_options{.max_workers = 2, .thread_name_prefix = "svc"}};
    prime_service::server server{io, pool};
    std::thread io_thread;

    running_service()
    {
        server.start();
        io_thread = std::thread([this] { io.run(); });
    }

    ~running_service()
    {
        server.stop();
        io.stop();
        io_thread.join();
    }

    tcp::endpoint endpoint() const { return {asio::ip::make_address("127.0.0.1"), server.port()}; }
};

// A blocking client whose every read is bounded by the socket's receive timeout.
class client
{
public:
    explicit client(const tcp::endpoint& endpoint) : socket_(io_)
    {
        socket_.connect(endpoint);
#if defined(_WIN32)
        const DWORD timeout_ms = 30000;
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout_ms),
                     sizeof timeout_ms);
#else
        timeval tv{30, 0};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
#endif
    }

    void send(const std::string& line) { asio::write(socket_, asio::buffer(line + "\n")); }

    std::string receive()
    {
        asio::read_until(socket_, buffer_, '\n');
        std::istream in(&buffer_);
        std::string line;
        std::getline(in, line);
        return line;
    }

    std::string ask(const std::string& line)
    {
        send(line);
        return receive();
    }

    tcp::socket& socket() { return socket_; }

private:
    asio::io_context io_;
    tcp::socket socket_;
    asio::streambuf buffer_;
};

std::string expected_answer(std::uint64_t n)
{
    return std::to_string(n) + (prime_service::is_prime(n) ? " prime" : " composite");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(loopback, running_service)

BOOST_AUTO_TEST_CASE(many_concurrent_clients_all_answered_correctly)
{
    constexpr int clients = 32;
    constexpr int requests = 20;
    std::atomic<int> correct{0};
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            try
            {
                client cl(endpoint());
                for (int i = 0; i < requests; ++i)
                {
                    const std::uint64_t n =
                        999'983ull * static_cast<std::uint64_t>(c + 1) + static_cast<std::uint64_t>(i);
                    (cl.ask("isprime " + std::to_string(n)) == expected_answer(n) ? correct : wrong)++;
                }
            }
            catch (const std::exception&)
            {
                wrong += requests;
            }
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(correct.load() == clients * requests);
    BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_on_one_connection)
{
    client cl(endpoint());
    std::string batch;
    for (std::uint64_t n = 0; n < 200; ++n)
        batch += "isprime " + std::to_string(n) + "\n";
    asio::write(cl.socket(), asio::buffer(batch));
    for (std::uint64_t n = 0; n < 200; ++n)
        BOOST_TEST(cl.receive() == expected_answer(n));
}

BOOST_AUTO_TEST_CASE(answers_cheap_requests_while_the_pool_is_saturated)
{
    // Both workers busy for 1.5 s, with more slow requests queued behind them.
    std::vector<std::unique_ptr<client>> sleepers;
    for (int i = 0; i < 4; ++i)
    {
        sleepers.push_back(std::make_unique<client>(endpoint()));
        sleepers.back()->send("sleep 1500");
    }
    BOOST_TEST(eventually([&] { return pool.worker_count() == 2; }));
    std::this_thread::sleep_for(50ms);

    client pinger(endpoint());
    for (int i = 0; i < 10; ++i)
    {
        const auto start = std::chrono::steady_clock::now();
        BOOST_TEST(pinger.ask("ping") == "pong");
        const auto elapsed = std::chrono::steady_clock::now() - start;
        // Well under the 1.5 s the workers are busy for: the I/O thread is free.
        BOOST_TEST(elapsed < 500ms);
    }
    for (auto& s : sleepers)
        BOOST_TEST(s->receive() == "slept 1500");
}

BOOST_AUTO_TEST_CASE(bad_input_gets_an_error_and_the_connection_stays_open)
{
    client cl(endpoint());
    BOOST_TEST(cl.ask("isprime twelve") == "error: isprime needs a non-negative integer, got 'twelve'");
    BOOST_TEST(cl.ask("isprime -5").rfind("error: isprime needs", 0) == 0u);
    BOOST_TEST(cl.ask("isprime 99999999999999999999999").rfind("error:", 0) == 0u);
    BOOST_TEST(cl.ask("sleep 999999").rfind("error: sleep needs", 0) == 0u);
    BOOST_TEST(cl.ask("frobnicate").rfind("error: unknown request 'frobnicate'", 0) == 0u);
    BOOST_TEST(cl.ask("").rfind("error: unknown request", 0) == 0u);
    BOOST_TEST(cl.ask("isprime 97") == "97 prime");
}

BOOST_AUTO_TEST_CASE(rude_clients_do_not_hurt_the_server)
{
    {
        // Disconnects with a request in flight.
        client cl(endpoint());
        cl.send("sleep 200");
    }
    {
        // Sends a line longer than the server's limit.
        client cl(endpoint());
        boost::system::error_code ec;
        asio::write(cl.socket(), asio::buffer(std::string(200 * 1024, 'x')), ec);
    }
    {
        // Half a line, then gone.
        client cl(endpoint());
        asio::write(cl.socket(), asio::buffer(std::string("isprime 12")));
    }
    client cl(endpoint());
    BOOST_TEST(cl.ask("isprime 7919") == "7919 prime");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(is_prime_matches_a_sieve)
{
    std::vector<char> composite(10000, 0);
    for (std::size_t i = 2; i * i < composite.size(); ++i)
        if (!composite[i])
            for (std::size_t j = i * i; j < composite.size(); j += i)
                composite[j] = 1;
    for (std::uint64_t n = 0; n < composite.size(); ++n)
        BOOST_TEST(prime_service::is_prime(n) == (n >= 2 && !composite[n]), "n = " << n);
}
