//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_PROCESS_POOL_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_PROCESS_POOL_CORE_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/detail/worker_signal.hpp>
#include <boost/concurrent_futures/process_pool_options.hpp>

#include <boost/intrusive_ptr.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Reads a worker's serialized answer into the future (on the pool's manager
// thread). Throws if it cannot be read; the future is then failed instead.
using result_reader = void (*)(state_base& future, std::string_view payload);

// One task for the process pool: the caller's future, and what to send.
struct call_request
{
    boost::intrusive_ptr<state_base> future;
    std::string function; // registered name, for messages
    std::string payload;  // wire::encode_call() or wire::encode_chunk()
    bool chunk = false;
    result_reader read_result = nullptr;
};

// Everything of a process_pool_executor that is not a template: the manager
// thread, its io_context, the worker processes and their pipes. Implemented
// in lib/process_pool_core.cpp.
class BOOST_CONCURRENT_FUTURES_DECL process_pool_core
{
public:
    // Validates the options (std::invalid_argument) and starts the manager thread.
    static std::shared_ptr<process_pool_core> create(process_pool_options options);

    process_pool_core(const process_pool_core&) = delete;
    process_pool_core& operator=(const process_pool_core&) = delete;
    ~process_pool_core();

    // Throws std::runtime_error after shutdown, broken_process_pool once broken.
    void submit(call_request request);

    void shutdown(bool wait, bool cancel_futures);

    // The destructor's path from the manager thread itself (a done-callback).
    void shutdown_from_inside() noexcept;

    // shutdown(false, true), then `how` to every worker still alive.
    void signal_workers(worker_signal how);

    bool on_manager_thread() const noexcept;
    std::size_t max_workers() const noexcept;
    std::vector<long> worker_pids() const;
    bool broken() const noexcept;

private:
    struct impl;
    explicit process_pool_core(std::shared_ptr<impl> impl);
    std::shared_ptr<impl> impl_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
