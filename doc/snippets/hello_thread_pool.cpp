//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The thread-pool hello world of the introduction and the README.

// tag::hello_thread_pool[]
#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <iostream>
#include <vector>

namespace cf = boost::concurrent_futures;

int main()
{
    cf::thread_pool_executor pool(4); // ThreadPoolExecutor(max_workers=4)
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 10; ++i)
        fs.push_back(pool.submit([](int x) { return x * x; }, i));

    int sum = 0;
    for (auto& f : cf::as_completed(fs, std::chrono::seconds(5))) // in completion order
        sum += f.result();
    std::cout << "sum of squares: " << sum << '\n';
} // the end of Python's `with` block: the destructor is shutdown(wait=true)
// end::hello_thread_pool[]
