//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Switches that force the code paths other systems take, so that Linux runs
// them too (tools/test.d/15-fallbacks.sh runs the process-pool tests with all
// of them). Each is an environment variable, read when the path is taken
// (set to anything but empty or "0"):
//
//   BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD          worker exits seen from their pipes, not from a pidfd
//   BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2          pipes made with pipe() and fcntl(FD_CLOEXEC)
//   BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE  this program located by boost::dll::program_location()
//   BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE    inherited descriptors closed one by one, by the worker
//
// A worker reads them too: it inherits the parent's environment.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_FALLBACKS_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_FALLBACKS_HPP

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

enum class fallback
{
    no_pidfd,
    no_pipe2,
    no_proc_self_exe,
    no_close_range,
};

// True if the environment forces `f`.
bool forced(fallback f) noexcept;

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
