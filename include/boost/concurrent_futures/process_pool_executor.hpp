//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_PROCESS_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_PROCESS_POOL_EXECUTOR_HPP

#include <boost/concurrent_futures/config.hpp>

#if defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)
#error "Boost.ConcurrentFutures: the process pool is not available on Windows yet (it starts POSIX processes); use cf::thread_pool_executor, or <boost/concurrent_futures.hpp>, which leaves the process pool out there"
#endif

// cf::async_submit(executor, fn, token) is part of every executor's interface.
#include <boost/concurrent_futures/async_submit.hpp>
#include <boost/concurrent_futures/detail/process_pool_core.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/map_options.hpp>
#include <boost/concurrent_futures/map_result.hpp>
#include <boost/concurrent_futures/process_pool_options.hpp>
#include <boost/concurrent_futures/registration.hpp>
#include <boost/concurrent_futures/worker.hpp>

#include <concepts>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <vector>

namespace boost {
namespace concurrent_futures {

/// Python's ProcessPoolExecutor: CPU-bound work in separate processes.
///
/// Workers are this program re-executed (its `main` calls
/// `cf::serve_if_worker(argc, argv)` first) or a dedicated worker program.
/// Functions cross by registered name (BOOST_CONCURRENT_FUTURES_REGISTER);
/// arguments and results by Boost.Serialization. A worker dying
/// unexpectedly breaks the pool: every task it had not finished, and every
/// queued one, fails with broken_process_pool naming the process and how it
/// ended; later submits throw it. The destructor is `shutdown(true)`.
///
/// Done-callbacks of its futures run on the pool's manager thread: they must
/// not wait on this pool.
class process_pool_executor
{
public:
    /// std::thread::hardware_concurrency() workers.
    process_pool_executor() : process_pool_executor(process_pool_options{}) {}

    /// At most `max_workers` worker processes; zero or negative is std::invalid_argument.
    template <std::integral Int>
    explicit process_pool_executor(Int max_workers)
        : process_pool_executor(process_pool_options{.max_workers = checked_max_workers(max_workers)})
    {
    }

    explicit process_pool_executor(process_pool_options options)
        : core_(detail::process_pool_core::create(std::move(options)))
    {
    }

    process_pool_executor(const process_pool_executor&) = delete;
    process_pool_executor& operator=(const process_pool_executor&) = delete;
    process_pool_executor(process_pool_executor&&) noexcept = default;
    process_pool_executor& operator=(process_pool_executor&& other) noexcept
    {
        if (this != &other)
        {
            close();
            core_ = std::move(other.core_);
        }
        return *this;
    }

    ~process_pool_executor() { close(); }

    /// Runs `fn(args...)` in a worker process. `fn` is a plain function
    /// registered with BOOST_CONCURRENT_FUTURES_REGISTER; the arguments are
    /// checked against its parameters at compile time, converted to them and
    /// serialized. An unregistered function is std::invalid_argument here;
    /// arguments that fail to serialize fail only the returned future.
    template <class F, class... Args>
    auto submit(F fn, Args&&... args);

    /// Python's `map(fn, *iterables, timeout=, chunksize=, buffersize=)`:
    /// with `chunksize` > 1, that many calls travel to a worker as one message
    /// and their results come back together (an exception fails its chunk).
    template <class F, class... RangesAndOptions>
    auto map(F fn, RangesAndOptions&&... args);

    /// Stops accepting work (idempotent); `cancel_futures` cancels what no
    /// worker has received; `wait` blocks until the running tasks finish and
    /// every worker process has exited and been reaped.
    void shutdown(bool wait = true, bool cancel_futures = false) { core_->shutdown(wait, cancel_futures); }

    /// Python 3.14: shutdown(false, true), then asks every worker still alive
    /// to terminate (on POSIX: SIGTERM, then SIGCONT so that a stopped worker
    /// ends too). The pool is broken; tasks that were running fail with
    /// broken_process_pool.
    void terminate_workers() { core_->signal_workers(detail::worker_signal::terminate); }

    /// As terminate_workers(), but ends the workers at once (on POSIX: SIGKILL).
    void kill_workers() { core_->signal_workers(detail::worker_signal::kill); }

    std::size_t max_workers() const noexcept { return core_->max_workers(); }

    /// Process ids of the workers alive now (they start on demand).
    std::vector<long> worker_pids() const { return core_->worker_pids(); }

    /// True once a worker died or broke the protocol.
    bool broken() const noexcept { return core_->broken(); }

private:
    template <std::integral Int>
    static std::size_t checked_max_workers(Int n)
    {
        if (n <= 0)
            throw std::invalid_argument("process_pool_executor: max_workers must be greater than 0");
        return static_cast<std::size_t>(n);
    }

    void close() noexcept
    {
        if (!core_)
            return;
        if (core_->on_manager_thread())
            core_->shutdown_from_inside();
        else
        {
            try
            {
                core_->shutdown(true, false);
            }
            catch (...)
            {
            }
        }
        core_.reset();
    }

    std::shared_ptr<detail::process_pool_core> core_;
};

} // namespace concurrent_futures
} // namespace boost

#include <boost/concurrent_futures/impl/process_pool_executor.hpp>

#endif
