//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A dedicated worker program (process_pool_options::worker_executable): it
// registers the same functions as the tests, and does nothing else.

#include <boost/concurrent_futures/worker.hpp>

#include "process_functions.hpp"

int main(int argc, char** argv)
{
    return boost::concurrent_futures::worker_main(argc, argv);
}
