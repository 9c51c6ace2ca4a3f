//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Naming the calling thread, so pool threads show up by name in debuggers,
// `top -H` and /proc/<pid>/task/*/comm. One implementation per platform:
// thread_name_posix.cpp, thread_name_windows.cpp.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_THREAD_NAME_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_THREAD_NAME_HPP

#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Names the calling thread `name`, cut to what the platform keeps (Linux: 15
// bytes). Returns false if the platform refused or cannot name threads; a
// name only helps diagnostics, so callers go on either way. Never throws.
bool set_current_thread_name(std::string_view name) noexcept;

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
