//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_HPP
#define BOOST_CONCURRENT_FUTURES_HPP

// Python's concurrent.futures for C++20 on Boost.Asio: the whole public API.

#include <boost/concurrent_futures/config.hpp>

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/as_completed.hpp>
#include <boost/concurrent_futures/async_as_completed.hpp>
#include <boost/concurrent_futures/async_submit.hpp>
#include <boost/concurrent_futures/async_wait.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/future_state.hpp>
#include <boost/concurrent_futures/log.hpp>
#include <boost/concurrent_futures/map_options.hpp>
#include <boost/concurrent_futures/map_result.hpp>
#include <boost/concurrent_futures/return_when.hpp>
#include <boost/concurrent_futures/thread_pool_executor.hpp>
#include <boost/concurrent_futures/thread_pool_options.hpp>
#include <boost/concurrent_futures/wait.hpp>

// Not on Windows yet (config.hpp).
#if !defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)
#include <boost/concurrent_futures/process_pool_executor.hpp>
#include <boost/concurrent_futures/process_pool_options.hpp>
#include <boost/concurrent_futures/registration.hpp>
#include <boost/concurrent_futures/serialization.hpp>
#include <boost/concurrent_futures/worker.hpp>
#endif

#endif
