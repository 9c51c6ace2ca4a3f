//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_CONFIG_HPP
#define BOOST_CONCURRENT_FUTURES_CONFIG_HPP

// Configuration: the C++20 check, the version, symbol export and auto-linking.

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

// Symbols of the compiled library (process-pool runtime, thread-pool core,
// log handler). A shared library exports exactly what carries this macro, so
// everything the headers call into lib/ must: Boost's superproject and every
// Windows DLL build with hidden visibility. BOOST_CONCURRENT_FUTURES_DYN_LINK
// (or BOOST_ALL_DYN_LINK) says the library is shared; the build systems define
// it for the library and for its users. lib/ sources define
// BOOST_CONCURRENT_FUTURES_SOURCE before their first include.
#if defined(BOOST_CONCURRENT_FUTURES_DYN_LINK) || defined(BOOST_ALL_DYN_LINK)
#if defined(BOOST_CONCURRENT_FUTURES_SOURCE)
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_EXPORT
#else
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_IMPORT
#endif
#else
#define BOOST_CONCURRENT_FUTURES_DECL
#endif

// MSVC-style auto-linking, as every compiled Boost library offers it
// (a no-op with GCC and Clang).
#if !defined(BOOST_CONCURRENT_FUTURES_SOURCE) && !defined(BOOST_ALL_NO_LIB) && \
    !defined(BOOST_CONCURRENT_FUTURES_NO_LIB)
#define BOOST_LIB_NAME boost_concurrent_futures
#if defined(BOOST_CONCURRENT_FUTURES_DYN_LINK) || defined(BOOST_ALL_DYN_LINK)
#define BOOST_DYN_LINK
#endif
#include <boost/config/auto_link.hpp>
#endif

#endif
