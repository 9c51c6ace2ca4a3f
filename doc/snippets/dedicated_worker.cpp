//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The tutorial's dedicated worker program: process_pool_options::worker_executable
// names it, and tutorial_processes starts it.

// tag::worker_program[]
#include <boost/concurrent_futures/worker.hpp>

// Registers centroid, as the program that submits it does:
#include "geometry.hpp"

int main(int argc, char** argv)
{
    return boost::concurrent_futures::worker_main(argc, argv);
}
// end::worker_program[]
