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

/// Call first thing in `main` of a program that uses a process pool with the
/// default worker: in a worker process (the program re-executed by a pool,
/// recognized by its command line) it serves tasks until the pool stops it,
/// then exits the process, never returning; otherwise it returns at once and
/// does nothing. Python's `if __name__ == "__main__"`. Whatever main does
/// before the call, and every global constructor, also runs in each worker:
/// keep them cheap.
///
///     int main(int argc, char** argv)
///     {
///         cf::serve_if_worker(argc, argv);
///         ...
///     }
BOOST_CONCURRENT_FUTURES_DECL void serve_if_worker(int argc, char** argv);

/// The whole `main` of a dedicated worker program (named by
/// process_pool_options::worker_executable): `return cf::worker_main(argc, argv);`
/// Serves tasks when started by a pool, and returns 0 after a clean stop;
/// started by hand, explains on stderr that it is a worker program and
/// returns 2 (also when the pool's pipes are unusable).
BOOST_CONCURRENT_FUTURES_DECL int worker_main(int argc, char** argv);

} // namespace concurrent_futures
} // namespace boost

#endif
