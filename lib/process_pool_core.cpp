//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process pool's front: what submitting threads and the executor see.
// Submitting threads append to an inbox; one manager thread runs an
// io_context in which the process_shell (process_shell.cpp) passes the inbox,
// shutdown requests and everything its worker channels hear (pipe reads,
// pipe closures, process exits, deadlines) to the pool core as events, and
// carries out the actions the core answers with. Every decision about who
// runs what is the core's (pool_dispatcher.cpp). Nothing polls while workers
// run normally.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "process_shell.hpp"
#include "spawn_worker.hpp"

#include <boost/concurrent_futures/detail/pool_front.hpp>
#include <boost/concurrent_futures/detail/process_pool_core.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {

using namespace std::chrono_literals;

namespace {

std::size_t validated_max_workers(const process_pool_options& o)
{
    if (!o.max_workers)
        return std::max(1u, std::thread::hardware_concurrency());
    if (*o.max_workers == 0)
        throw std::invalid_argument("process_pool_executor: max_workers must be greater than 0");
    return *o.max_workers;
}

void validate(const process_pool_options& o)
{
    if (o.max_tasks_per_child && *o.max_tasks_per_child == 0)
        throw std::invalid_argument("process_pool_executor: max_tasks_per_child must be >= 1");
    if (!o.worker_executable.empty() && ::access(o.worker_executable.c_str(), X_OK) != 0)
        throw std::invalid_argument("process_pool_executor: worker_executable '" + o.worker_executable +
                                    "' is not an executable file");
}

// How long the argument regions stay cached once unused: long enough for
// the next task of a steady stream, short enough that an idle pool soon
// holds no large mapping.
constexpr auto region_idle_release = 1s;

std::exception_ptr make_broken_process_pool(const std::string& message)
{
    return std::make_exception_ptr(broken_process_pool(message));
}

template <class Front>
pool_config make_config(const process_pool_options& o, std::size_t max_workers, Front* front)
{
    validate(o);
    pool_config c;
    c.max_workers = max_workers;
    c.max_tasks_per_child = o.max_tasks_per_child;
    c.supply = worker_supply::on_demand;
    if (o.initializer)
    {
        c.initializer_function = o.initializer.function();
        c.initializer_payload = wire::encode_call(o.initializer.function(), o.initializer.arguments());
    }
    c.program = worker_program(o.worker_executable);
    c.make_broken = &make_broken_process_pool;
    c.on_broken = [front](const std::string& message) { front->publish_broken(message); };
    c.hello_timeout = hello_timeout_or(5s);
    return c;
}

} // namespace

struct process_pool_core::impl : pool_front
{
    // For process_pool_core's signal_workers() and worker_pids().
    using pool_front::changed_;
    using pool_front::manager_finished_;
    using pool_front::mutex_;

    impl(process_pool_options o)
        : pool_front("process_pool_executor", "process pool", &make_broken_process_pool), options(std::move(o)),
          max_workers(validated_max_workers(options)),
          regions(std::make_shared<region_cache>([this] { post_to_manager([this] { sweep_regions(); }); })),
          shell(io, make_config(options, max_workers, this),
                [this](std::vector<long> pids) { publish_pids(std::move(pids)); })
    {
    }

    ~impl() override { regions->close(); }

    // --- any thread ---------------------------------------------------------------------

    // The handler runs only inside run(), while the manager thread keeps this
    // object alive; a handler that never runs (the manager already finished)
    // must not keep it alive either, so it holds `this`.
    template <class F>
    void post_to_manager(F&& f)
    {
        asio::post(io, std::forward<F>(f));
    }

    void wake_manager_locked() noexcept override
    {
        if (drain_posted)
            return;
        try
        {
            post_to_manager([this] { drain(); });
            drain_posted = true;
        }
        catch (...)
        {
            // Out of memory for the handler: the next submit or shutdown posts it.
        }
    }

    void publish_pids(std::vector<long> pids)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pids_snapshot = std::move(pids);
    }

    // --- the manager thread ---------------------------------------------------------

    void run()
    {
        // Writing to a dead worker's pipe must fail with EPIPE, not kill us.
        sigset_t pipe_only;
        ::sigemptyset(&pipe_only);
        ::sigaddset(&pipe_only, SIGPIPE);
        ::pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
#if defined(__linux__)
        ::pthread_setname_np(::pthread_self(), "cf-procpool");
#endif
        manager_begins();
        for (;;)
        {
            try
            {
                io.run();
                break;
            }
            catch (const std::exception& e)
            {
                // Every handler reports its failures to the core: this is a bug.
                log(log_level::critical, std::string("process pool manager: ") + e.what());
            }
        }
        manager_ends();
    }

    // Once regions came back to the cache: empties it after a moment
    // without use, and looks again until then.
    void sweep_regions()
    {
        const auto wait = regions->release_idle(region_idle_release);
        if (!wait)
            return;
        if (!region_sweep)
            region_sweep.emplace(io); // here, not before open_reactor(): its descriptors stay above 0-2
        region_sweep->expires_after(*wait);
        region_sweep->async_wait([this](const boost::system::error_code& ec) {
            if (!ec)
                sweep_regions();
        });
    }

    // Passes the submitted calls, then a shutdown request, to the core.
    void drain()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            drain_posted = false;
        }
        intake in = take();
        shell.report(std::nullopt, [&](pool_dispatcher& pool) {
            for (auto& r : in.calls)
            {
                try
                {
                    pool.submit(std::move(r));
                }
                catch (...)
                {
                    // The pool breaks, and fails what follows: none is lost.
                    pool.fault(std::nullopt, std::current_exception());
                }
            }
        });
        // Its own event, after the workers the calls asked for are on their
        // way: with cancel_futures, calls they can take at once still run, as
        // in CPython, where up to max_workers + 1 are queued for the workers.
        if (!in.shutdown)
            return;
        // Nothing more is submitted: no region is kept, and no timer keeps
        // the manager from finishing.
        regions->close();
        if (region_sweep)
            region_sweep->cancel();
        shell.report(std::nullopt, [&](pool_dispatcher& pool) { pool.shutdown(in.cancel); });
    }

    void signal_all(worker_signal how)
    {
        shell.report(std::nullopt, [&](pool_dispatcher& pool) { pool.signal_workers(how == worker_signal::kill); });
    }

    const process_pool_options options;
    const std::size_t max_workers;

    asio::io_context io;
    std::shared_ptr<region_cache> regions;
    std::optional<asio::steady_timer> region_sweep; // the manager thread's

    // Guarded by mutex_.
    bool drain_posted = false;
    std::vector<long> pids_snapshot;

    process_shell shell; // the manager thread's only; after `io`, which it uses
};

std::shared_ptr<process_pool_core> process_pool_core::create(process_pool_options options)
{
    auto state = std::make_shared<impl>(std::move(options));
    open_reactor(state->io);
    state->start_manager([state] { state->run(); });
    return std::shared_ptr<process_pool_core>(new process_pool_core(std::move(state)));
}

process_pool_core::process_pool_core(std::shared_ptr<impl> state) : impl_(std::move(state)) {}

process_pool_core::~process_pool_core()
{
    // The executor shut us down and joined; be sure nothing is left running.
    impl_->close();
}

void process_pool_core::submit(call_request request)
{
    impl_->submit(std::move(request));
}

void process_pool_core::check_accepting() const
{
    impl_->check_accepting();
}

void process_pool_core::shutdown(bool wait, bool cancel_futures)
{
    impl_->shutdown(wait, cancel_futures);
}

void process_pool_core::shutdown_from_inside() noexcept
{
    impl_->shutdown_from_inside();
}

void process_pool_core::close() noexcept
{
    impl_->close();
}

void process_pool_core::signal_workers(worker_signal how)
{
    impl_->shutdown(false, true);
    if (on_manager_thread())
    {
        impl_->signal_all(how);
        return;
    }
    // Synchronously, as Python does: when this returns, the signals were sent,
    // or there was nobody left to signal (the manager had finished).
    auto sent = std::make_shared<bool>(false);
    impl* state = impl_.get();
    state->post_to_manager([state, sent, how] {
        state->signal_all(how);
        {
            std::lock_guard<std::mutex> lock(state->mutex_);
            *sent = true;
        }
        state->changed_.notify_all();
    });
    std::unique_lock<std::mutex> lock(state->mutex_);
    // Bounded all the same: a caller is never held hostage by the manager.
    (void)state->changed_.wait_for(lock, 5s, [&] { return *sent || state->manager_finished_; });
}

bool process_pool_core::on_manager_thread() const noexcept
{
    return impl_->on_manager_thread();
}

std::size_t process_pool_core::max_workers() const noexcept
{
    return impl_->max_workers;
}

std::vector<long> process_pool_core::worker_pids() const
{
    std::lock_guard<std::mutex> lock(impl_->mutex_);
    return impl_->pids_snapshot;
}

const std::shared_ptr<region_cache>& process_pool_core::regions() const noexcept
{
    return impl_->regions;
}

bool process_pool_core::broken() const noexcept
{
    return impl_->broken();
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
