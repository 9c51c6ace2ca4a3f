//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Leaks on purpose, so tools/test.sh can prove the leak check is live in the
// AddressSanitizer build: in the parent ("parent"), or in a process-pool
// worker ("worker"), whose report must reach the test log like any other.

#include <boost/concurrent_futures.hpp>

#include <cstdio>
#include <cstring>

namespace {

int* leaked = nullptr;

int leak_on_purpose(int n)
{
    leaked = new int[static_cast<std::size_t>(n)];
    leaked[0] = n;
    const int first = leaked[0];
    leaked = nullptr; // the only pointer to it, dropped
    return first;
}

} // namespace

BOOST_CONCURRENT_FUTURES_REGISTER(leak_on_purpose);

int main(int argc, char** argv)
{
    namespace cf = boost::concurrent_futures;
    cf::serve_if_worker(argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "parent") == 0)
        return leak_on_purpose(1000) == 1000 ? 0 : 1;
    if (argc > 1 && std::strcmp(argv[1], "worker") == 0)
    {
        cf::process_pool_executor pool(1);
        return pool.submit(leak_on_purpose, 1000).result(std::chrono::seconds(60)) == 1000 ? 0 : 1;
    }
    std::fprintf(stderr, "usage: leak_canary parent|worker\n");
    return 2;
}
