//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Locating the program a pool starts as its workers.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_PROGRAM_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_PROGRAM_HPP

#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

// What to start to run this program again: on Linux "/proc/self/exe", which
// still works if the file was replaced or deleted since; elsewhere (or with
// BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE) its path, from
// boost::dll::program_location(). Throws std::runtime_error if it cannot be
// found.
std::string this_program();

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
