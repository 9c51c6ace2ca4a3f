//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_WORKER_HPP
#define BOOST_CONCURRENT_FUTURES_WORKER_HPP

#include <boost/concurrent_futures/config.hpp>

namespace boost {
namespace concurrent_futures {

/// Call first thing in `main` of a program that uses a process pool: in a
/// worker process (the program re-executed by the pool) it serves tasks and
/// exits; otherwise it returns at once. Python's `if __name__ == "__main__"`.
///
///     int main(int argc, char** argv)
///     {
///         cf::serve_if_worker(argc, argv);
///         ...
///     }
BOOST_CONCURRENT_FUTURES_DECL void serve_if_worker(int argc, char** argv);

/// The whole `main` of a dedicated worker program (named by
/// process_pool_options::worker_executable): `return cf::worker_main(argc, argv);`
/// Serves tasks when started by a pool; otherwise explains itself and returns 2.
BOOST_CONCURRENT_FUTURES_DECL int worker_main(int argc, char** argv);

} // namespace concurrent_futures
} // namespace boost

#endif
