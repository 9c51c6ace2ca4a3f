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

/// BOOST_CONCURRENT_FUTURES_ALLOW_OLD_STANDARD: define it to skip the check
/// below, for tools that parse the headers in an older mode; the library
/// itself needs C++20.
#if !defined(BOOST_CONCURRENT_FUTURES_ALLOW_OLD_STANDARD) && (__cplusplus < 202002L)
#error "Boost.ConcurrentFutures requires C++20 (-std=c++20)"
#endif

/// The library's version as major * 100000 + minor * 100 + patch: 100 is 0.1.0.
#define BOOST_CONCURRENT_FUTURES_VERSION 100

#if defined(_WIN32) && !defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)
/// Defined where the process pool is not available (on Windows; define it
/// yourself to leave it out elsewhere): the process pool starts POSIX
/// processes, so the library offers the thread side only (futures, thread
/// pool, wait, as_completed, map, Asio). The umbrella header then leaves the
/// process pool's headers out, and including process_pool_executor.hpp stops
/// with an #error.
#define BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL
#endif

// Symbols of the compiled library (process-pool runtime, thread-pool core,
// log handler). A shared library exports exactly what carries this macro, so
// everything the headers call into lib/ must: Boost's superproject and every
// Windows DLL build with hidden visibility.
///
/// BOOST_CONCURRENT_FUTURES_DYN_LINK (or BOOST_ALL_DYN_LINK): the compiled
/// library is linked as a shared library, so its symbols are imported; the
/// build systems (b2, CMake) define it for the library and for its users.
/// BOOST_CONCURRENT_FUTURES_SOURCE: defined by the library's own sources (lib/)
/// before their first include, so that the symbols are exported; never
/// define it elsewhere.
#if defined(BOOST_CONCURRENT_FUTURES_DYN_LINK) || defined(BOOST_ALL_DYN_LINK)
#if defined(BOOST_CONCURRENT_FUTURES_SOURCE)
/// Marks the functions of the compiled library: exported when building it as
/// a shared library, imported when using it so, empty otherwise.
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_EXPORT
#else
#define BOOST_CONCURRENT_FUTURES_DECL BOOST_SYMBOL_IMPORT
#endif
#else
#define BOOST_CONCURRENT_FUTURES_DECL
#endif

/// MSVC-style auto-linking, as every compiled Boost library offers it (a no-op
/// with GCC and Clang); BOOST_CONCURRENT_FUTURES_NO_LIB or BOOST_ALL_NO_LIB
/// turns it off.
#if !defined(BOOST_CONCURRENT_FUTURES_SOURCE) && !defined(BOOST_ALL_NO_LIB) && \
    !defined(BOOST_CONCURRENT_FUTURES_NO_LIB)
#define BOOST_LIB_NAME boost_concurrent_futures
#if defined(BOOST_CONCURRENT_FUTURES_DYN_LINK) || defined(BOOST_ALL_DYN_LINK)
#define BOOST_DYN_LINK
#endif
#include <boost/config/auto_link.hpp>
#endif

#endif
