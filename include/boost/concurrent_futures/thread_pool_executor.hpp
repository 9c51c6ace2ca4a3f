//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_THREAD_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_THREAD_POOL_EXECUTOR_HPP

// cf::async_submit(executor, fn, token) is part of every executor's interface.
#include <boost/concurrent_futures/async_submit.hpp>
#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/checked_max_workers.hpp>
#include <boost/concurrent_futures/detail/map_args.hpp>
#include <boost/concurrent_futures/detail/task_state.hpp>
#include <boost/concurrent_futures/detail/thread_pool_core.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/map_options.hpp>
#include <boost/concurrent_futures/map_result.hpp>
#include <boost/concurrent_futures/thread_pool_options.hpp>

#include <boost/asio/thread_pool.hpp>

#include <concepts>
#include <cstddef>
#include <memory>
#include <stdexcept>

namespace boost {
namespace concurrent_futures {

/// Python's ThreadPoolExecutor on an `asio::thread_pool`.
///
/// Tasks run on up to `max_workers` threads, started on demand (an idle thread
/// is reused before a new one starts). The destructor is `shutdown(true)`,
/// Python's `with` block. Movable, not copyable.
///
/// Thread safety: every member function may be called concurrently from any
/// thread, tasks and done-callbacks included; moving from or destroying the
/// executor must not race with other calls. Futures it returned outlive it.
class thread_pool_executor
{
public:
    /// The pool's Asio executor: asio::post, co_spawn and strands run on the
    /// pool's threads.
    using executor_type = asio::thread_pool::executor_type;

    /// Python's defaults: min(32, hardware_concurrency + 4) workers. No thread
    /// starts before the first task. Throws std::bad_alloc.
    thread_pool_executor() : thread_pool_executor(thread_pool_options{}) {}

    /// At most `max_workers` threads; zero or negative is std::invalid_argument.
    template <std::integral Int>
    explicit thread_pool_executor(Int max_workers)
        : thread_pool_executor(thread_pool_options{.max_workers = detail::checked_max_workers(max_workers, "thread_pool_executor")})
    {
    }

    /// The given options (see thread_pool_options); a `max_workers` of zero
    /// is std::invalid_argument.
    explicit thread_pool_executor(thread_pool_options options)
        : core_(detail::thread_pool_core::create(std::move(options)))
    {
    }

    thread_pool_executor(const thread_pool_executor&) = delete;
    thread_pool_executor& operator=(const thread_pool_executor&) = delete;
    /// Takes `other`'s pool; `other` may then only be destroyed or assigned
    /// to.
    thread_pool_executor(thread_pool_executor&&) noexcept = default;
    /// Shuts this pool down as the destructor does, then takes `other`'s.
    thread_pool_executor& operator=(thread_pool_executor&& other) noexcept
    {
        if (this != &other)
        {
            close();
            core_ = std::move(other.core_);
        }
        return *this;
    }

    /// shutdown(true): waits for every submitted task and for every thread to
    /// exit. From one of the pool's own threads (a task or a callback
    /// destroying its executor), where waiting would deadlock, shutdown(false)
    /// instead: the threads exit once the queue drains. Never throws.
    ~thread_pool_executor() { close(); }

    /// Schedules `fn(args...)` (Python's `submit(fn, *args)`) and returns the
    /// future of its result (`R` without reference or cv-qualifiers: a
    /// reference result is copied). `fn` and `args` are decay-copied into the
    /// task (one allocation) and invoked as rvalues, as std::async does; the
    /// task never runs inside this call, even on a pool thread. A worker thread
    /// starts if none is idle and fewer than max_workers() run. A static_assert
    /// explains a call that cannot be made.
    ///
    /// Throws std::runtime_error("cannot schedule new futures after shutdown")
    /// after shutdown(), broken_thread_pool once an initializer has failed,
    /// std::bad_alloc, and std::system_error when no worker thread runs and
    /// none can start; these submit nothing. When threads run but one more
    /// cannot start, the task is queued for them and a warning is logged.
    template <class F, class... Args>
    future<detail::submit_result_t<F, Args...>> submit(F&& fn, Args&&... args);

    /// Python's `map(fn, *iterables, timeout=, chunksize=, buffersize=)`: fn
    /// over the ranges zipped (the shortest ends it), results in input order
    /// through the returned map_result<R> (std::monostate for void).
    /// Usage: `map(fn, r1, r2, ..., map_options{...})` (options optional).
    /// Submits everything before returning unless `buffersize` is set; then
    /// the ranges are read lazily, one task per result taken, and must outlive
    /// the result (rvalue ranges are moved into it). `chunksize` is accepted
    /// and ignored, as in Python.
    ///
    /// Throws as submit() (tasks submitted before the throw run on), and
    /// std::invalid_argument for a chunksize or buffersize of 0.
    template <class F, class... RangesAndOptions>
    auto map(F&& fn, RangesAndOptions&&... args);

    /// Stops accepting work (later submit() and map() throw
    /// std::runtime_error). `cancel_futures` cancels every task not yet
    /// started: none of them runs (with `wait` false, each turns cancelled when
    /// a thread reaches it). `wait` blocks until the running tasks finish and
    /// every thread has exited. Idempotent: a later call may still wait or
    /// cancel.
    ///
    /// Throws std::logic_error if `wait` is true and the caller is one of this
    /// pool's threads (a task, a done-callback, or Asio work on
    /// get_executor()), where it would wait for itself (Python raises
    /// RuntimeError). The pool is shut down all the same, cancelling too if
    /// asked: only the wait is refused.
    void shutdown(bool wait = true, bool cancel_futures = false) { core_->shutdown(wait, cancel_futures); }

    /// The pool's Asio executor: asio::post, strands and co_spawn run on the
    /// pool's threads. Starts every worker thread (running the initializer on
    /// each), so work posted through Asio, which the executor cannot see,
    /// always has threads to run on.
    executor_type get_executor()
    {
        core_->start_all_workers();
        return core_->pool().get_executor();
    }

    /// The most threads the pool starts.
    std::size_t max_workers() const noexcept { return core_->max_workers(); }

    /// Worker threads started so far (they start on demand and stay until
    /// shutdown).
    std::size_t worker_count() const noexcept { return core_->worker_count(); }

    /// True once an initializer has failed.
    bool broken() const noexcept { return core_->broken(); }

private:
    void close() noexcept
    {
        if (!core_)
            return;
        if (core_->on_pool_thread())
            core_->shutdown_from_inside();
        else
            core_->shutdown(true, false);
        core_.reset();
    }

    std::shared_ptr<detail::thread_pool_core> core_;
};

} // namespace concurrent_futures
} // namespace boost

#include <boost/concurrent_futures/impl/thread_pool_executor.hpp>

#endif
