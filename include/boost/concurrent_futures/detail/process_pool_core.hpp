//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_PROCESS_POOL_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_PROCESS_POOL_CORE_HPP

// The compiled half of process_pool_executor: the executor's templates hand
// it serialized calls (call_request); it runs them in worker processes and
// settles their futures. Implemented in lib/process_pool_core.cpp (the thread
// front), lib/process_shell.cpp and lib/worker_channel.cpp (the Asio shell)
// around the pool core (detail/pool_dispatcher.hpp).

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>
#include <boost/concurrent_futures/detail/worker_signal.hpp>
#include <boost/concurrent_futures/process_pool_options.hpp>

#include <cstddef>
#include <memory>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Everything of a process_pool_executor that is not a template: the manager
// thread and its io_context around the pool core (pool_dispatcher), the
// worker processes and their pipes.
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
    // Throws what submit() would throw now, else nothing.
    void check_accepting() const;

    void shutdown(bool wait, bool cancel_futures);

    // The destructor's path from the manager thread itself (a done-callback).
    void shutdown_from_inside() noexcept;
    // shutdown(true, false), or shutdown_from_inside() on the manager thread.
    void close() noexcept;

    // shutdown(false, true), then `how` to every worker still alive.
    void signal_workers(worker_signal how);

    bool on_manager_thread() const noexcept;
    std::size_t max_workers() const noexcept;
    std::vector<long> worker_pids() const;
    bool broken() const noexcept;

    // Where large arguments are serialized: the pool's warm regions (its
    // presence is what gives pool_calls.hpp's argument_sink() shared memory).
    const std::shared_ptr<region_cache>& regions() const noexcept;

private:
    struct impl;
    explicit process_pool_core(std::shared_ptr<impl> impl);
    std::shared_ptr<impl> impl_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
