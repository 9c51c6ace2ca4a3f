//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process-pool sections of the tutorial: registering functions, what
// crosses the process boundary, exceptions, initializers, recycling, chunks,
// a dedicated worker program, a broken pool and large payloads. One function
// per section; main runs them in order, and the test command compares the output with
// tutorial_processes.expected, which the tutorial shows next to the code.

#include <boost/concurrent_futures.hpp>

#include "geometry.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <ranges>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

// tag::register[]
double mean(std::vector<double> values)
{
    if (values.empty())
        throw std::invalid_argument("mean of nothing");
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}
BOOST_CONCURRENT_FUTURES_REGISTER(mean); // at namespace scope, in the program that runs the pool

double scale(double value, double factor)
{
    return value * factor;
}
float scale(float value, float factor)
{
    return value * factor;
}
// An overload set has no single address: pick one with a cast and name it.
BOOST_CONCURRENT_FUTURES_REGISTER_AS("scale_double", static_cast<double (*)(double, double)>(&scale));
// end::register[]

// tag::submit[]
void submitting()
{
    cf::process_pool_executor pool(2);
    cf::future<double> m = pool.submit(mean, std::vector<double>{1, 2, 3, 4});
    auto s = pool.submit(static_cast<double (*)(double, double)>(&scale), 2.5, 4); // 4 converts to double
    std::cout << "mean: " << m.result() << ", scaled: " << s.result() << '\n';

    try
    {
        pool.submit(mean, std::vector<double>{}).result(); // std::invalid_argument comes back as itself
    }
    catch (const std::invalid_argument& e)
    {
        std::cout << "invalid_argument: " << e.what() << '\n';
    }
}
// end::submit[]

// tag::custom_type_use[]
void custom_types()
{
    cf::process_pool_executor pool(2);
    point c = pool.submit(centroid, std::vector<point>{{0, 0}, {4, 0}, {4, 2}, {0, 2}}).result();
    std::cout << "centroid: (" << c.x << ", " << c.y << ")\n";
}
// end::custom_type_use[]

// tag::exceptions[]
struct parse_error : std::runtime_error
{
    using std::runtime_error::runtime_error; // constructible from what()
};
BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION(parse_error);

struct private_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

int parse(std::string text)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        throw parse_error("not a number: '" + text + "'");
    if (text.size() > 9)
        throw private_error("too many digits");
    return std::stoi(text);
}
BOOST_CONCURRENT_FUTURES_REGISTER(parse);

void exceptions()
{
    cf::process_pool_executor pool(1);
    try
    {
        pool.submit(parse, "twelve").result();
    }
    catch (const parse_error& e) // registered: rethrown as itself
    {
        std::cout << "parse_error: " << e.what() << '\n';
    }
    try
    {
        pool.submit(parse, "12345678901234").result();
    }
    catch (const cf::remote_error& e) // not registered: its type name, message and the worker's pid
    {
        std::cout << "remote_error: " << e.type_name() << ": " << e.message() << '\n';
    }
}
// end::exceptions[]

// tag::initializer[]
std::string greeting; // one per worker process

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

void initializers()
{
    // Python: ProcessPoolExecutor(2, initializer=set_greeting, initargs=("hello",))
    cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 2, .initializer = {set_greeting, "hello"}});
    std::cout << pool.submit(greet, "world").result() << '\n';
}
// end::initializer[]

// tag::recycling[]
long worker_pid()
{
    return ::getpid();
}
BOOST_CONCURRENT_FUTURES_REGISTER(worker_pid);

void recycling()
{
    cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .max_tasks_per_child = 2});
    std::set<long> pids;
    for (int i = 0; i < 6; ++i)
        pids.insert(pool.submit(worker_pid).result());
    std::cout << "6 tasks, 2 per worker: " << pids.size() << " worker processes\n";
}
// end::recycling[]

// tag::chunks[]
int collatz_steps(long n)
{
    int steps = 0;
    for (; n != 1; ++steps)
        n = n % 2 ? 3 * n + 1 : n / 2;
    return steps;
}
BOOST_CONCURRENT_FUTURES_REGISTER(collatz_steps);

void chunks()
{
    cf::process_pool_executor pool(2);
    long n = 1;
    long longest = 1;
    int most = 0;
    // 100 messages of 1000 calls each instead of 100000 messages of one.
    for (int steps : pool.map(collatz_steps, std::views::iota(1L, 100'001L), cf::map_options{.chunksize = 1000}))
    {
        if (steps > most)
        {
            most = steps;
            longest = n;
        }
        ++n;
    }
    std::cout << "up to 100000, " << longest << " takes the most Collatz steps: " << most << '\n';
}
// end::chunks[]

// tag::worker_executable[]
void dedicated_worker_program()
{
    // The worker program lives next to this one (dedicated_worker.cpp).
    const auto here = std::filesystem::read_symlink("/proc/self/exe").parent_path();
    cf::process_pool_executor pool(cf::process_pool_options{
        .max_workers = 2,
        .worker_executable = (here / "dedicated_worker").string(),
    });
    point c = pool.submit(centroid, std::vector<point>{{1, 1}, {3, 3}}).result();
    std::cout << "centroid from the worker program: (" << c.x << ", " << c.y << ")\n";
}
// end::worker_executable[]

// tag::broken[]
int crash(int code)
{
    std::_Exit(code); // as if the worker died
}
BOOST_CONCURRENT_FUTURES_REGISTER(crash);

void broken_pool()
{
    cf::process_pool_executor pool(1);
    auto f = pool.submit(crash, 3);
    try
    {
        f.result(10s);
    }
    catch (const cf::broken_process_pool& e)
    {
        std::cout << "broken_process_pool: " << e.what() << '\n';
    }
    std::cout << std::boolalpha << "broken: " << pool.broken() << '\n';
    try
    {
        pool.submit(crash, 0); // a broken pool takes no more work
    }
    catch (const cf::broken_executor& e)
    {
        std::cout << "submit: " << e.what() << '\n';
    }
}
// end::broken[]

// tag::large_payloads[]
std::vector<float> brighten(std::vector<float> pixels, float gain)
{
    for (float& p : pixels)
        p = std::min(1.0f, p * gain);
    return pixels;
}
BOOST_CONCURRENT_FUTURES_REGISTER(brighten);

void large_payloads()
{
    cf::process_pool_executor pool(2);
    std::vector<float> image(4096 * 4096, 0.25f); // 64 MiB each way, through shared memory
    std::vector<float> brighter = pool.submit(brighten, image, 2.0f).result(30s);
    std::cout << brighter.size() << " pixels, the first now " << brighter.front() << '\n';
}
// end::large_payloads[]

// tag::main[]
int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv); // first: in a worker process it serves tasks, then exits
    submitting();
    custom_types();
    exceptions();
    initializers();
    recycling();
    chunks();
    dedicated_worker_program();
    broken_pool();
    large_payloads();
}
// end::main[]
