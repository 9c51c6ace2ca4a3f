//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_WORKER_SIGNAL_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_WORKER_SIGNAL_HPP

namespace boost {
namespace concurrent_futures {
namespace detail {

// How process_pool_executor::terminate_workers() and kill_workers() end the
// workers, named without the platform's signals (lib/os maps them: SIGTERM
// followed by SIGCONT, SIGKILL).
enum class worker_signal
{
    terminate, // asked to end
    kill,      // ended at once
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
