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

// How long a new worker has to say hello: a few seconds, unless
// BOOST_CONCURRENT_FUTURES_HELLO_TIMEOUT_MS says otherwise (tests).
std::chrono::milliseconds hello_timeout()
{
    if (const char* text = std::getenv("BOOST_CONCURRENT_FUTURES_HELLO_TIMEOUT_MS"))
    {
        char* end = nullptr;
        const long ms = std::strtol(text, &end, 10);
        if (end != text && *end == '\0' && ms > 0)
            return std::chrono::milliseconds(ms);
    }
    return 5s;
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
    c.hello_timeout = hello_timeout();
    return c;
}

} // namespace

struct process_pool_core::impl
{
    impl(process_pool_options o)
        : options(std::move(o)), max_workers(validated_max_workers(options)),
          regions(std::make_shared<region_cache>([this] { post_to_manager([this] { sweep_regions(); }); })),
          shell(io, make_config(options, max_workers, this),
                [this](std::vector<long> pids) { publish_pids(std::move(pids)); })
    {
    }

    // --- submitting threads --------------------------------------------------------

    void submit(call_request&& request)
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (broken_flag.load(std::memory_order_relaxed))
            throw broken_process_pool(broken_message.empty() ? "the process pool is not usable anymore"
                                                             : broken_message);
        if (shutdown_requested)
            throw std::runtime_error("cannot schedule new futures after shutdown");
        inbox.push_back(std::move(request));
        if (!drain_posted)
        {
            drain_posted = true;
            post_to_manager([this] { drain(); });
        }
    }

    ~impl() { regions->close(); }

    // On the manager thread, once regions came back to the cache: empties
    // it after a moment without use, and looks again until then.
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

    void request_shutdown(bool cancel_futures)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            shutdown_requested = true;
            cancel_requested = cancel_requested || cancel_futures;
        }
        post_to_manager([this] { on_shutdown_requested(); });
    }

    // From any thread. The handler runs only inside run(), while the manager
    // thread keeps this object alive; a handler that never runs (the manager
    // already finished) must not keep it alive either, so it holds `this`.
    template <class F>
    void post_to_manager(F&& f)
    {
        asio::post(io, std::forward<F>(f));
    }

    void join()
    {
        std::lock_guard<std::mutex> lock(join_mutex);
        if (manager.joinable())
            manager.join();
    }

    // --- published by the manager thread ------------------------------------------------

    // Before any future fails with it (pool_config::on_broken).
    void publish_broken(const std::string& message) noexcept
    {
        try
        {
            std::lock_guard<std::mutex> lock(mutex);
            broken_message = message;
        }
        catch (...)
        {
        }
        broken_flag.store(true, std::memory_order_release);
    }

    void publish_pids(std::vector<long> pids)
    {
        std::lock_guard<std::mutex> lock(mutex);
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
        manager_id.store(std::this_thread::get_id());
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
        {
            std::lock_guard<std::mutex> lock(mutex);
            manager_finished = true;
        }
        manager_changed.notify_all();
    }

    void drain()
    {
        shell.report(std::nullopt, [this](pool_dispatcher& pool) {
            std::vector<call_request> taken;
            {
                std::lock_guard<std::mutex> lock(mutex);
                taken.swap(inbox);
                drain_posted = false;
            }
            for (auto& r : taken)
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
    }

    void on_shutdown_requested()
    {
        bool cancel = false;
        {
            std::lock_guard<std::mutex> lock(mutex);
            cancel = std::exchange(cancel_requested, false);
        }
        drain(); // anything submitted before the flag
        // Nothing more is submitted: no region is kept, and no timer keeps
        // the manager from finishing.
        regions->close();
        if (region_sweep)
            region_sweep->cancel();
        shell.report(std::nullopt, [&](pool_dispatcher& pool) { pool.shutdown(cancel); });
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
    std::thread manager;
    std::atomic<std::thread::id> manager_id{};
    std::mutex join_mutex;

    // Shared with submitting threads.
    mutable std::mutex mutex;
    std::vector<call_request> inbox;
    bool drain_posted = false;
    bool shutdown_requested = false;
    bool cancel_requested = false;
    std::string broken_message;
    std::atomic<bool> broken_flag{false};
    std::vector<long> pids_snapshot;
    bool manager_finished = false;
    std::condition_variable manager_changed; // manager_finished, or a signal request served

    process_shell shell; // the manager thread's only; after `io`, which it uses
};

std::shared_ptr<process_pool_core> process_pool_core::create(process_pool_options options)
{
    auto state = std::make_shared<impl>(std::move(options));
    open_reactor(state->io);
    state->manager = std::thread([state] { state->run(); });
    return std::shared_ptr<process_pool_core>(new process_pool_core(std::move(state)));
}

process_pool_core::process_pool_core(std::shared_ptr<impl> state) : impl_(std::move(state)) {}

process_pool_core::~process_pool_core()
{
    // The executor shut us down and joined; be sure nothing is left running.
    if (impl_->manager.joinable())
    {
        if (on_manager_thread())
            impl_->manager.detach();
        else
        {
            impl_->request_shutdown(false);
            impl_->join();
        }
    }
}

void process_pool_core::submit(call_request request)
{
    impl_->submit(std::move(request));
}

void process_pool_core::shutdown(bool wait, bool cancel_futures)
{
    impl_->request_shutdown(cancel_futures);
    if (!wait)
        return;
    if (on_manager_thread())
        throw std::logic_error("process_pool_executor::shutdown(wait=true) was called from the pool's manager "
                               "thread (a done-callback), where it would wait for itself; the pool is shut down, "
                               "but call shutdown(false) there, or wait from outside");
    impl_->join();
}

void process_pool_core::shutdown_from_inside() noexcept
{
    impl_->request_shutdown(false);
    std::lock_guard<std::mutex> lock(impl_->join_mutex);
    if (impl_->manager.joinable())
        impl_->manager.detach(); // it holds the state and finishes on its own
}

void process_pool_core::signal_workers(worker_signal how)
{
    impl_->request_shutdown(true);
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
            std::lock_guard<std::mutex> lock(state->mutex);
            *sent = true;
        }
        state->manager_changed.notify_all();
    });
    std::unique_lock<std::mutex> lock(state->mutex);
    // Bounded all the same: a caller is never held hostage by the manager.
    (void)state->manager_changed.wait_for(lock, 5s, [&] { return *sent || state->manager_finished; });
}

bool process_pool_core::on_manager_thread() const noexcept
{
    return impl_->manager_id.load() == std::this_thread::get_id();
}

std::size_t process_pool_core::max_workers() const noexcept
{
    return impl_->max_workers;
}

std::vector<long> process_pool_core::worker_pids() const
{
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->pids_snapshot;
}

const std::shared_ptr<region_cache>& process_pool_core::regions() const noexcept
{
    return impl_->regions;
}

bool process_pool_core::broken() const noexcept
{
    return impl_->broken_flag.load(std::memory_order_acquire);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
