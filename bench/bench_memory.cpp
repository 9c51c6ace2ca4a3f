//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Memory of pending thread-pool tasks: heap bytes per task while a million
// small tasks wait behind a blocked worker (glibc's mallinfo2), and the peak
// resident set of a process doing just that (measured in a fresh child
// process per contender, so nothing else inflates it).

#define BOOST_THREAD_VERSION 5
#define BOOST_THREAD_PROVIDES_EXECUTORS
#define BOOST_THREAD_USES_MOVE

#include "harness.hpp"

#include <boost/concurrent_futures.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/thread/executors/basic_thread_pool.hpp>
#include <boost/thread/future.hpp>

#include <cstring>
#include <future>
#include <malloc.h>
#include <semaphore>
#include <vector>

namespace asio = boost::asio;
namespace cf = boost::concurrent_futures;

namespace {

std::size_t heap_in_use()
{
    return ::mallinfo2().uordblks;
}

// Submits `n` tasks behind one blocked worker; returns heap bytes per task,
// or, with `peak`, the process's peak RSS in MiB.
template <class Pool, class Submit, class Result>
double pending(std::size_t n, bool peak, Pool& pool, Submit submit, Result get)
{
    std::binary_semaphore gate(0);
    auto blocker = submit(pool, [&gate] {
        gate.acquire();
        return 0;
    });
    using future_type = decltype(submit(pool, [] { return 0; }));
    std::vector<future_type> fs;
    fs.reserve(n);
    const std::size_t before = heap_in_use();
    for (std::size_t i = 0; i < n; ++i)
        fs.push_back(submit(pool, [i] { return static_cast<int>(i); }));
    const std::size_t after = heap_in_use();
    const double result = peak ? static_cast<double>(bench::peak_rss_kib()) / 1024.0
                               : static_cast<double>(after - before) / static_cast<double>(n);
    gate.release();
    get(blocker);
    for (auto& f : fs)
        get(f);
    return result;
}

auto std_get = [](auto& f) { return f.get(); };
auto cf_get = [](auto& f) { return f.result(); };

double measure(const std::string& contender, std::size_t n, bool peak)
{
    if (contender == "floor")
    {
        asio::thread_pool pool(1);
        return pending(
            n, peak, pool,
            [](asio::thread_pool& p, auto fn) {
                std::promise<int> promise;
                auto f = promise.get_future();
                asio::post(p, [promise = std::move(promise), fn]() mutable { promise.set_value(fn()); });
                return f;
            },
            std_get);
    }
    if (contender == "cf")
    {
        cf::thread_pool_executor pool(1);
        return pending(
            n, peak, pool, [](cf::thread_pool_executor& p, auto fn) { return p.submit(fn); }, cf_get);
    }
    if (contender == "use_future")
    {
        asio::thread_pool pool(1);
        return pending(
            n, peak, pool, [](asio::thread_pool& p, auto fn) { return asio::post(p, asio::use_future(fn)); }, std_get);
    }
    if (contender == "boost")
    {
        boost::executors::basic_thread_pool pool(1);
        return pending(
            n, peak, pool,
            [](boost::executors::basic_thread_pool& p, auto fn) {
                boost::packaged_task<int()> task(fn);
                auto f = task.get_future();
                p.submit(std::move(task));
                return f;
            },
            std_get);
    }
    throw std::invalid_argument("unknown contender " + contender);
}

// The peak RSS of a fresh process doing only this.
double measure_in_child(const std::string& contender, std::size_t n)
{
    const std::string command =
        "/proc/" + std::to_string(::getpid()) + "/exe --peak=" + contender + " " + std::to_string(n);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    double value = 0;
    if (!pipe || std::fscanf(pipe.get(), "%lf", &value) != 1)
        throw std::runtime_error("the measuring child failed");
    return value;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 2 && std::strncmp(argv[1], "--peak=", 7) == 0)
    {
        std::printf("%.1f\n", measure(argv[1] + 7, std::strtoul(argv[2], nullptr, 10), true));
        return 0;
    }
    const bench::options o = bench::parse_options(argc, argv);
    const std::size_t n = bench::scaled(o, 1000000);
    const std::vector<std::pair<std::string, std::string>> contenders{
        {"floor", "asio::post + std::promise"},
        {"cf", "cf::thread_pool_executor::submit"},
        {"use_future", "asio::post(pool, use_future(fn))"},
        {"boost", "boost::executors::basic_thread_pool"},
    };

    bench::workload bytes{"memory.pending_bytes",
                          "Heap bytes per pending thread-pool task (" + std::to_string(n) +
                              " tasks behind a blocked worker)",
                          "bytes/task", 3};
    bench::workload rss{"memory.peak_rss",
                        "Peak RSS of a process holding " + std::to_string(n) + " pending thread-pool tasks", "MiB", 3};
    for (const auto& [id, name] : contenders)
    {
        bytes.contenders.push_back({name, [id = id, n] { return measure(id, n, false); }, id == "floor"});
        rss.contenders.push_back({name, [id = id, n] { return measure_in_child(id, n); }, id == "floor"});
    }
    bench::run(bytes, o);
    bench::run(rss, o);
}
