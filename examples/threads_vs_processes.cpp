//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The same CPU-bound job (counting primes, in chunks) run sequentially, on a
// thread pool and on a process pool, with a progress display fed by
// as_completed, and the timings side by side.
//
// In Python the process pool wins because threads share the GIL; in C++ both
// scale, and the process pool pays for serialization and pipes. What it buys
// is isolation: a task that crashes takes down its worker, not the program.

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

long count_primes(long from, long to)
{
    long count = 0;
    for (long n = std::max(from, 2L); n < to; ++n)
    {
        bool prime = true;
        for (long d = 2; d * d <= n; ++d)
            if (n % d == 0)
            {
                prime = false;
                break;
            }
        count += prime;
    }
    return count;
}
BOOST_CONCURRENT_FUTURES_REGISTER(count_primes);

long crash_on_purpose(long)
{
    std::raise(SIGSEGV);
    return 0;
}
BOOST_CONCURRENT_FUTURES_REGISTER(crash_on_purpose);

namespace {

constexpr long limit = 3'000'000;
constexpr long chunks = 40;

// A bar redrawn in place on a terminal, a few milestones otherwise.
class progress
{
public:
    explicit progress(std::string label) : label_(std::move(label)), tty_(::isatty(STDOUT_FILENO)) { draw(0); }

    void step(long done)
    {
        if (tty_ || done * 4 / chunks != (done - 1) * 4 / chunks || done == chunks)
            draw(done);
    }

private:
    void draw(long done)
    {
        constexpr int width = 30;
        const int filled = static_cast<int>(done * width / chunks);
        std::printf("%s%-18s [%s%s] %2ld/%ld chunks%s", tty_ ? "\r" : "", label_.c_str(),
                    std::string(static_cast<std::size_t>(filled), '#').c_str(),
                    std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, chunks, tty_ ? "" : "\n");
        std::fflush(stdout);
    }

    std::string label_;
    bool tty_;
};

template <class Executor>
std::pair<long, double> run_on(Executor& executor, const std::string& label)
{
    const auto start = std::chrono::steady_clock::now();
    std::vector<cf::future<long>> futures;
    for (long i = 0; i < chunks; ++i)
        futures.push_back(executor.submit(count_primes, i * limit / chunks, (i + 1) * limit / chunks));
    progress bar(label);
    long total = 0;
    long done = 0;
    for (auto& f : cf::as_completed(futures))
    {
        total += f.result();
        bar.step(++done);
    }
    if (::isatty(STDOUT_FILENO))
        std::printf("\n");
    return {total, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

} // namespace

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("Counting the primes below %ld in %ld chunks, on %u cores\n\n", limit, chunks, cores);

    const auto start = std::chrono::steady_clock::now();
    const long sequential = count_primes(0, limit);
    const double sequential_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-18s %ld primes in %.2f s\n\n", "sequential", sequential, sequential_s);

    cf::thread_pool_executor threads(cores);
    auto [thread_total, thread_s] = run_on(threads, "thread pool");
    cf::process_pool_executor processes(cores);
    auto [process_total, process_s] = run_on(processes, "process pool");

    std::printf("\n%-18s %10s %10s %10s\n", "", "primes", "seconds", "speed-up");
    std::printf("%-18s %10ld %10.2f %9.2fx\n", "sequential", sequential, sequential_s, 1.0);
    std::printf("%-18s %10ld %10.2f %9.2fx\n", "thread pool", thread_total, thread_s, sequential_s / thread_s);
    std::printf("%-18s %10ld %10.2f %9.2fx\n", "process pool", process_total, process_s, sequential_s / process_s);
    if (thread_total != sequential || process_total != sequential)
    {
        std::printf("the counts disagree!\n");
        return 1;
    }

    std::printf("\nA task that crashes (SIGSEGV) in the process pool:\n");
    cf::process_pool_executor isolated(1);
    try
    {
        isolated.submit(crash_on_purpose, 0L).result(10s);
    }
    catch (const cf::broken_process_pool& e)
    {
        std::printf("  caught broken_process_pool: %s\n", e.what());
    }
    std::printf("  ...and this program is still running. In a thread pool the same crash would have ended it.\n");
}
