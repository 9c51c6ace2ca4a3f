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
#include <boost/concurrent_futures/detail/checked_max_workers.hpp>
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
#include <utility>
#include <stdexcept>
#include <vector>

namespace boost {
namespace concurrent_futures {

/// Python's ProcessPoolExecutor: CPU-bound work in separate processes.
///
/// Workers are this program re-executed (its `main` calls
/// `cf::serve_if_worker(argc, argv)` first) or a dedicated worker program.
/// Functions cross by registered name (BOOST_CONCURRENT_FUTURES_REGISTER);
/// arguments and results by Boost.Serialization, on pipes of their own (the
/// workers' stdout and stderr are the parent's). A worker dying unexpectedly
/// (a signal, exit, abort) or breaking the protocol breaks the pool: every
/// task it had not finished, and every queued one, fails with
/// broken_process_pool naming the process and how it ended; finished results
/// stay; later submits throw it. The destructor is `shutdown(true)`. Movable,
/// not copyable.
///
/// One manager thread per pool owns the workers and completes the futures:
/// done-callbacks of its futures run there and must not wait on this pool.
///
/// Thread safety: every member function may be called concurrently from any
/// thread; moving from or destroying the executor must not race with other
/// calls. Futures it returned outlive it.
class process_pool_executor
{
public:
    /// At most std::thread::hardware_concurrency() workers. Starts the
    /// manager thread; worker processes start on demand, when no idle one can
    /// take a task. Throws std::system_error if the manager thread cannot
    /// start.
    process_pool_executor() : process_pool_executor(process_pool_options{}) {}

    /// At most `max_workers` worker processes; zero or negative is std::invalid_argument.
    template <std::integral Int>
    explicit process_pool_executor(Int max_workers)
        : process_pool_executor(process_pool_options{.max_workers = detail::checked_max_workers(max_workers, "process_pool_executor")})
    {
    }

    /// The given options (see process_pool_options). Throws
    /// std::invalid_argument for a max_workers or max_tasks_per_child of zero,
    /// or a worker_executable that is not an executable file (a relative path
    /// is resolved against the working directory now, once);
    /// std::system_error if the manager thread cannot start.
    explicit process_pool_executor(process_pool_options options)
        : core_(detail::process_pool_core::create(std::move(options)))
    {
    }

    process_pool_executor(const process_pool_executor&) = delete;
    process_pool_executor& operator=(const process_pool_executor&) = delete;
    /// Takes `other`'s pool; `other` may then only be destroyed or assigned
    /// to.
    process_pool_executor(process_pool_executor&&) noexcept = default;
    /// Shuts this pool down as the destructor does, then takes `other`'s.
    process_pool_executor& operator=(process_pool_executor&& other) noexcept
    {
        if (this != &other)
        {
            close();
            core_ = std::move(other.core_);
        }
        return *this;
    }

    /// shutdown(true): waits for every submitted task, and for every worker
    /// process to exit and be reaped. From the pool's manager thread (a
    /// done-callback destroying its executor) it shuts down without waiting.
    /// Never throws.
    ~process_pool_executor() { close(); }

    /// Runs `fn(args...)` in a worker process and returns the future of its
    /// result. `fn` is a plain function (not a lambda or function object)
    /// registered with BOOST_CONCURRENT_FUTURES_REGISTER; the arguments are
    /// checked against its parameters at compile time, converted to them and
    /// serialized now (the caller's objects are not referenced afterwards).
    /// The manager thread hands the call to a worker once fewer than
    /// max_workers() + 1 tasks are out (the future then turns running). A
    /// standard or registered exception type thrown by the task is rethrown
    /// as itself, any other as remote_error.
    ///
    /// Throws std::invalid_argument if `fn` is not registered (naming the
    /// macro) or its name stands for several functions (naming the
    /// registrations); std::runtime_error after shutdown();
    /// broken_process_pool once broken, whether or not the arguments
    /// serialize. Arguments that fail to serialize, or exceed the 1 GiB limit
    /// of one message, do not throw: the returned future fails with
    /// serialization_error.
    template <class F, class... Args>
    auto submit(F fn, Args&&... args);

    /// Python's `map(fn, *iterables, timeout=, chunksize=, buffersize=)`, as
    /// thread_pool_executor::map with `fn` a registered function as for
    /// submit(). With `chunksize` > 1, that many calls travel to a worker as
    /// one message and their results come back together: an exception (or a
    /// serialization failure) fails its whole chunk, and the range rethrows it
    /// at the chunk's first element. Throws as submit(), and
    /// std::invalid_argument for a chunksize or buffersize of 0.
    template <class F, class... RangesAndOptions>
    auto map(F fn, RangesAndOptions&&... args);

    /// Stops accepting work (later submit() and map() throw
    /// std::runtime_error); idempotent. `cancel_futures` cancels every task no
    /// worker has received. `wait` blocks until the tasks handed out finish
    /// and every worker process has exited and been reaped. Workers are told
    /// to stop; one still running 10 s later is killed. After breakage it
    /// kills and reaps the workers and returns promptly.
    ///
    /// Throws std::logic_error if `wait` is true and the caller is this pool's
    /// manager thread (a done-callback of one of its futures), where it would
    /// wait for itself. The pool is shut down all the same, cancelling too if
    /// asked: only the wait is refused.
    void shutdown(bool wait = true, bool cancel_futures = false) { core_->shutdown(wait, cancel_futures); }

    /// Python 3.14: shutdown(false, true), then asks every worker still alive
    /// to terminate (on POSIX: SIGTERM, then SIGCONT so that a stopped worker
    /// ends too). Queued tasks are cancelled; tasks that were running fail
    /// with broken_process_pool, since each signalled worker's death breaks
    /// the pool (broken() turns true once the manager notices it; a pool
    /// with no worker alive is only shut down). Returns once the signals are
    /// sent (at most about 5 s), at once after the manager has finished.
    void terminate_workers() { core_->signal_workers(detail::worker_signal::terminate); }

    /// As terminate_workers(), but ends the workers at once (on POSIX:
    /// SIGKILL).
    void kill_workers() { core_->signal_workers(detail::worker_signal::kill); }

    /// The most worker processes the pool runs at once.
    std::size_t max_workers() const noexcept { return core_->max_workers(); }

    /// Process ids of the workers alive now (they start on demand, and are
    /// replaced after max_tasks_per_child tasks). Throws std::bad_alloc.
    std::vector<long> worker_pids() const { return core_->worker_pids(); }

    /// True once a worker died unexpectedly or broke the protocol, an
    /// initializer failed, a worker could not be started (and none ran), or
    /// the death of a worker signalled by terminate_workers() / kill_workers()
    /// was noticed.
    bool broken() const noexcept { return core_->broken(); }

private:
    // The destructor and move assignment: shut down and wait, or, on the
    // manager thread (a done-callback), let it finish on its own.
    void close() noexcept
    {
        if (core_)
            std::exchange(core_, nullptr)->close();
    }

    std::shared_ptr<detail::process_pool_core> core_;
};

} // namespace concurrent_futures
} // namespace boost

#include <boost/concurrent_futures/impl/process_pool_executor.hpp>

#endif
