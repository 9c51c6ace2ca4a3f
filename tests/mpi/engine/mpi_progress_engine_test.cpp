//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The progress engine's cross-thread part, without MPI (so ThreadSanitizer
// can watch it): no wake-up is ever lost, whether the waiting thread spins,
// naps or sleeps idle; a descriptor made ready by another thread ends any
// wait, and no longer once unwatched; idle waits never probe.

#define BOOST_TEST_MODULE mpi_progress_engine
#include <boost/test/unit_test.hpp>

#include "mpi/progress_engine.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <unistd.h>
#include <vector>

namespace m = boost::concurrent_futures::detail::mpi;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

BOOST_AUTO_TEST_CASE(no_wake_up_is_lost)
{
    m::progress_engine::tuning t;
    t.spin = 2us; // reach the naps and the idle sleep often
    t.max_sleep = 50us;
    m::progress_engine engine(t);
    constexpr int producers = 4, per_producer = 5000;
    std::atomic<int> pending{0};
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p)
        threads.emplace_back([&, p] {
            std::mt19937 gen(static_cast<unsigned>(p));
            for (int i = 0; i < per_producer; ++i)
            {
                pending.fetch_add(1);
                engine.wake();
                if (gen() % 8 == 0)
                    std::this_thread::sleep_for(std::chrono::microseconds(gen() % 50));
            }
        });
    int consumed = 0, lost = 0, round = 0;
    while (consumed < producers * per_producer && lost == 0)
    {
        consumed += pending.exchange(0);
        if (consumed == producers * per_producer)
            break;
        const bool busy = ++round % 3 != 0; // idle waits too
        const auto r = engine.wait(
            busy, [] { return false; }, clock_type::now() + 5s);
        // Work handed over before or during the wait, and no wake-up for it.
        if (r.timed_out && pending.load() > 0)
            ++lost;
    }
    for (auto& t : threads)
        t.join();
    BOOST_TEST(lost == 0);
    BOOST_TEST(consumed + pending.load() == producers * per_producer);
}

BOOST_AUTO_TEST_CASE(a_watched_descriptor_made_ready_elsewhere_ends_busy_and_idle_waits)
{
    for (bool busy : {true, false})
    {
        m::progress_engine engine;
        int fds[2];
        BOOST_TEST_REQUIRE(::pipe(fds) == 0);
        engine.watch(fds[0]);
        std::thread writer([&] {
            std::this_thread::sleep_for(20ms);
            [[maybe_unused]] const auto n = ::write(fds[1], "x", 1);
        });
        int probes = 0;
        const auto r = engine.wait(
            busy, [&] { return ++probes < 0; }, clock_type::now() + 30s);
        writer.join();
        BOOST_TEST(r.watched);
        BOOST_TEST(!r.timed_out);
        BOOST_TEST((engine.ready() == std::vector<int>{fds[0]}));
        if (!busy)
            BOOST_TEST(probes == 0); // idle waits never probe
        engine.unwatch(fds[0]);
        BOOST_TEST(engine
                       .wait(
                           busy, [] { return false; }, clock_type::now() + 20ms)
                       .timed_out);
        ::close(fds[0]);
        ::close(fds[1]);
    }
}

BOOST_AUTO_TEST_CASE(a_busy_wait_ends_when_the_probe_finds_something)
{
    m::progress_engine engine;
    std::atomic<bool> arrived{false};
    std::thread sender([&] {
        std::this_thread::sleep_for(20ms); // past the spin, into the naps
        arrived = true;
    });
    int probes = 0;
    const auto r = engine.wait(
        true, [&] { return ++probes, arrived.load(); }, clock_type::now() + 30s);
    sender.join();
    BOOST_TEST(r.probed);
    BOOST_TEST(probes > 1);
}
