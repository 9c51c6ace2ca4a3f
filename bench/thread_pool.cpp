//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Thread pool against its floor, in one run: a batch of tiny tasks (submit
// all, then collect) and one-at-a-time round trips, on cf::thread_pool_executor
// and on raw asio::thread_pool + asio::post + std::promise. Rounds are
// interleaved; the median per-task time and the ratio to the floor are printed.

#include <boost/concurrent_futures.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <string>
#include <vector>

namespace cf = boost::concurrent_futures;
namespace asio = boost::asio;

namespace {

using clock_type = std::chrono::steady_clock;

double ns_per_item(clock_type::duration d, std::size_t n)
{
    return std::chrono::duration<double, std::nano>(d).count() / static_cast<double>(n);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct contender
{
    std::string name;
    std::function<double(std::size_t)> run; // ns per item
    std::vector<double> samples;
};

void report(const char* workload, std::vector<contender>& cs, std::size_t rounds, std::size_t n)
{
    for (std::size_t r = 0; r < rounds; ++r)
        for (auto& c : cs)
            c.samples.push_back(c.run(n));
    const double floor = median(cs.front().samples);
    std::printf("%s (%zu items, %zu rounds)\n", workload, n, rounds);
    for (auto& c : cs)
    {
        const double m = median(c.samples);
        std::printf("  %-34s median %9.1f ns/item  min %9.1f  max %9.1f  ratio %.2fx\n", c.name.c_str(), m,
                    *std::min_element(c.samples.begin(), c.samples.end()),
                    *std::max_element(c.samples.begin(), c.samples.end()), m / floor);
    }
}

} // namespace

int main(int argc, char** argv)
{
    const std::size_t workers = 2;
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200000;
    const std::size_t rounds = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 7;

    asio::thread_pool raw(workers);
    cf::thread_pool_executor pool(workers);
    pool.get_executor(); // start both workers, like the raw pool

    std::vector<contender> batch{
        {"asio::post + std::promise (floor)",
         [&](std::size_t count) {
             std::vector<std::future<int>> fs;
             fs.reserve(count);
             auto start = clock_type::now();
             for (std::size_t i = 0; i < count; ++i)
             {
                 std::promise<int> p;
                 fs.push_back(p.get_future());
                 asio::post(raw, [p = std::move(p), i]() mutable { p.set_value(static_cast<int>(i)); });
             }
             long long sum = 0;
             for (auto& f : fs)
                 sum += f.get();
             auto d = clock_type::now() - start;
             if (sum < 0)
                 std::abort();
             return ns_per_item(d, count);
         },
         {}},
        {"cf::thread_pool_executor::submit",
         [&](std::size_t count) {
             std::vector<cf::future<int>> fs;
             fs.reserve(count);
             auto start = clock_type::now();
             for (std::size_t i = 0; i < count; ++i)
                 fs.push_back(pool.submit([i] { return static_cast<int>(i); }));
             long long sum = 0;
             for (auto& f : fs)
                 sum += f.result();
             auto d = clock_type::now() - start;
             if (sum < 0)
                 std::abort();
             return ns_per_item(d, count);
         },
         {}},
    };
    report("batch: submit all, then collect", batch, rounds, n);

    const std::size_t trips = n / 20;
    std::vector<contender> round_trip{
        {"asio::post + std::promise (floor)",
         [&](std::size_t count) {
             auto start = clock_type::now();
             for (std::size_t i = 0; i < count; ++i)
             {
                 std::promise<int> p;
                 auto f = p.get_future();
                 asio::post(raw, [p = std::move(p), i]() mutable { p.set_value(static_cast<int>(i)); });
                 if (f.get() < 0)
                     std::abort();
             }
             return ns_per_item(clock_type::now() - start, count);
         },
         {}},
        {"cf::thread_pool_executor::submit",
         [&](std::size_t count) {
             auto start = clock_type::now();
             for (std::size_t i = 0; i < count; ++i)
                 if (pool.submit([i] { return static_cast<int>(i); }).result() < 0)
                     std::abort();
             return ns_per_item(clock_type::now() - start, count);
         },
         {}},
    };
    report("round trip: submit one, wait for it", round_trip, rounds, trips);
}
