//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_CONFIG_HPP
#define BOOST_CONCURRENT_FUTURES_CONFIG_HPP

#include <boost/config.hpp>

#if !defined(BOOST_CONCURRENT_FUTURES_ALLOW_OLD_STANDARD) && (__cplusplus < 202002L)
#error "Boost.ConcurrentFutures requires C++20 (-std=c++20)"
#endif

// 0.1.0
#define BOOST_CONCURRENT_FUTURES_VERSION 100

// The process pool starts POSIX processes; on Windows the library offers the
// thread side only (futures, thread pool, wait, as_completed, map, Asio): the
// umbrella header leaves the process pool out, and its headers stop with an
// #error.
#if defined(_WIN32) && !defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)
#define BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL
#endif

// Symbols of the compiled library (process-pool runtime, thread-pool core).
#if defined(BOOST_CONCURRENT_FUTURES_DYN_LINK)
#if defined(BOOST_CONCURRENT_FUTURES_SOURCE)
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_EXPORT
#else
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_IMPORT
#endif
#else
#define BOOST_CONCURRENT_FUTURES_DECL
#endif

#endif
