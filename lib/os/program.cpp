//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Locating this program: /proc/self/exe on Linux, Boost.DLL everywhere else.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "program.hpp"

#include "fallbacks.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

std::string this_program()
{
#if defined(__linux__)
    if (!forced(fallback::no_proc_self_exe))
        return "/proc/self/exe";
#endif
    boost::dll::fs::error_code ec;
    const auto path = boost::dll::program_location(ec);
    if (ec || path.empty())
        throw std::runtime_error("process_pool_executor: could not find this program to start it as a worker (" +
                                 ec.message() + "); name a worker program in process_pool_options::worker_executable");
    return path.string();
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
