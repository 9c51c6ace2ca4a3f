//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Built by a separate b2 project; exits non-zero if anything is off.

#include <boost/concurrent_futures.hpp>

#include <cstdio>
#include <vector>

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

int triple(int x)
{
    return 3 * x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(triple);

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);
    int errors = 0;
    auto check = [&](bool ok, const char* what) {
        if (!ok)
        {
            std::fprintf(stderr, "consumer: %s failed\n", what);
            ++errors;
        }
    };

    cf::thread_pool_executor pool(2);
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 10; ++i)
        fs.push_back(pool.submit([](int x) { return x * x; }, i));

    int sum = 0;
    for (auto& f : cf::as_completed(fs, 30s))
        sum += f.result();
    check(sum == 285, "as_completed sum");

    auto [done, not_done] = cf::wait(fs, 30s);
    check(done.size() == 10 && not_done.empty(), "wait");

    auto squares = pool.map([](int x) { return x * x; }, std::vector{1, 2, 3}).to_vector();
    check(squares == std::vector<int>{1, 4, 9}, "map");

    auto failing = pool.submit([]() -> int { throw std::runtime_error("expected"); });
    check(static_cast<bool>(failing.exception(30s)), "exception");

    pool.shutdown();

    cf::process_pool_executor processes(2);
    check(processes.submit(triple, 14).result(30s) == 42, "process pool");
    check(processes.map(triple, std::vector{1, 2}).to_vector() == std::vector<int>{3, 6}, "process pool map");
    processes.shutdown();

    std::printf("consumer: %s\n", errors ? "FAILED" : "ok");
    return errors ? 1 : 0;
}
