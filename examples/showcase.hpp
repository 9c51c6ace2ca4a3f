//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The showcase's job and display, shared by threads_vs_processes.cpp and its
// MPI edition (examples/mpi/threads_vs_processes_mpi.cpp): counting primes in
// chunks on any executor, with a progress bar fed by as_completed. Include it
// in one source file of a program (it registers the functions).

#ifndef BOOST_CONCURRENT_FUTURES_EXAMPLES_SHOWCASE_HPP
#define BOOST_CONCURRENT_FUTURES_EXAMPLES_SHOWCASE_HPP

#include <boost/concurrent_futures/as_completed.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace showcase {

namespace cf = boost::concurrent_futures;

// Primes in [from, to), by trial division: CPU-bound on purpose.
inline long count_primes(long from, long to)
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

// Ends its process as a bug would.
inline long crash_on_purpose(long)
{
    std::raise(SIGSEGV);
    return 0;
}
BOOST_CONCURRENT_FUTURES_REGISTER(crash_on_purpose);

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

// One line of the timing table.
inline void print_row(const char* name, long primes, double seconds, double sequential_seconds)
{
    std::printf("%-18s %10ld %10.2f %9.2fx\n", name, primes, seconds, sequential_seconds / seconds);
}

} // namespace showcase

#endif
