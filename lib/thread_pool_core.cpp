//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/thread_pool_core.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/log.hpp>

#include "os/thread_name.hpp"

#include <algorithm>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

thread_local const thread_pool_core* current_pool = nullptr;
std::atomic<unsigned> pool_counter{0};

std::size_t default_max_workers()
{
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min<std::size_t>(32, cores + 4);
}

std::size_t validated_max_workers(const thread_pool_options& options)
{
    if (!options.max_workers)
        return default_max_workers();
    if (*options.max_workers == 0)
        throw std::invalid_argument("thread_pool_executor: max_workers must be greater than 0");
    return *options.max_workers;
}

} // namespace

std::shared_ptr<thread_pool_core> thread_pool_core::create(thread_pool_options options)
{
    return std::shared_ptr<thread_pool_core>(new thread_pool_core(std::move(options)));
}

thread_pool_core::thread_pool_core(thread_pool_options options)
    : options_(std::move(options)), max_workers_(validated_max_workers(options_)),
      name_prefix_(options_.thread_name_prefix.empty()
                       ? "cfpool-" + std::to_string(pool_counter.fetch_add(1, std::memory_order_relaxed))
                       : options_.thread_name_prefix)
{
}

thread_pool_core::~thread_pool_core()
{
    // Normally every thread was joined by shutdown(wait=true) or detached by
    // shutdown_from_inside(); never let a joinable std::thread terminate us.
    for (auto& t : threads_)
        if (t.joinable())
            t.detach();
}

void thread_pool_core::throw_not_accepting(std::uint64_t gate) const
{
    if (gate & broken_bit)
        std::rethrow_exception(broken_error_);
    throw std::runtime_error("cannot schedule new futures after shutdown");
}

void thread_pool_core::count_idle(void* self) noexcept
{
    auto* core = static_cast<thread_pool_core*>(self);
    // Once every thread exists, nobody reads the count.
    if (core->started_.load(std::memory_order_relaxed) < core->max_workers_)
        core->idle_.fetch_add(1, std::memory_order_relaxed);
}

void thread_pool_core::run(state_base& task) noexcept
{
    // This thread is idle again as soon as the task ends: counted before the
    // result is visible, so a caller woken by it reuses this thread rather
    // than starting another (CPython's idle semaphore, without the race).
    const publish_hook hook{&thread_pool_core::count_idle, this};
    const std::uint64_t g = gate_.load(std::memory_order_acquire);
    if (g & broken_bit)
    {
        hook();
        task.fail_unstarted(broken_error_);
    }
    else if (g & cancel_bit)
    {
        hook();
        task.abandon();
    }
    else
    {
        task.execute(hook);
    }
}

std::string thread_pool_core::adjust_thread_count()
{
    // An idle thread will take the task: do not start another (CPython).
    std::ptrdiff_t idle = idle_.load(std::memory_order_relaxed);
    while (idle > 0)
        if (idle_.compare_exchange_weak(idle, idle - 1, std::memory_order_relaxed))
            return {};

    std::lock_guard<std::mutex> lock(mutex_);
    if (threads_frozen_ || threads_.size() >= max_workers_)
        return {};
    try
    {
        spawn_worker_locked();
        start_refused_ = false;
        return {};
    }
    catch (const std::system_error& e)
    {
        if (threads_.empty())
            throw std::system_error(e.code(), "thread_pool_executor: could not start a worker thread and none runs, "
                                              "so nothing was submitted");
        // The running threads will take the task. (Python raises here with
        // the task queued already: a future nobody holds, run anyway.) The
        // next submit tries again; a run of refusals is logged once.
        if (std::exchange(start_refused_, true))
            return {};
        return "thread_pool_executor: could not start worker thread " + std::to_string(threads_.size() + 1) + " of " +
               std::to_string(max_workers_) + " (" + e.what() + "); tasks wait for the " +
               std::to_string(threads_.size()) + " running";
    }
}

void thread_pool_core::start_all_workers()
{
    std::lock_guard<std::mutex> lock(mutex_);
    while (!threads_frozen_ && threads_.size() < max_workers_)
        spawn_worker_locked();
}

void thread_pool_core::spawn_worker_locked()
{
    const std::size_t index = threads_.size();
    threads_.emplace_back([self = shared_from_this(), index] { self->worker_main(index); });
    started_.store(threads_.size(), std::memory_order_release);
}

void thread_pool_core::worker_main(std::size_t index)
{
    current_pool = this;
    // Only diagnostics read the name: a thread the platform cannot name works as well.
    (void)set_current_thread_name(name_prefix_ + "_" + std::to_string(index));
    if (options_.initializer)
    {
        try
        {
            options_.initializer();
        }
        catch (...)
        {
            // Stay attached: this thread now fails every queued task, so none
            // waits forever even if every initializer failed.
            mark_broken(std::current_exception());
        }
    }
    pool_.attach();
    current_pool = nullptr;
}

void thread_pool_core::mark_broken(const std::exception_ptr& cause) noexcept
{
    const std::string what = describe_exception(cause);
    log(log_level::critical, "Exception in initializer: " + what);
    std::lock_guard<std::mutex> lock(mutex_);
    if (gate_.load(std::memory_order_relaxed) & broken_bit)
        return;
    broken_error_ = std::make_exception_ptr(
        broken_thread_pool("A thread initializer failed, the thread pool is not usable anymore (" + what + ")"));
    gate_.fetch_or(broken_bit, std::memory_order_release);
}

bool thread_pool_core::on_pool_thread() const noexcept
{
    return current_pool == this;
}

void thread_pool_core::close_and_drain_tickets(bool cancel_futures) noexcept
{
    gate_.fetch_or(closed_bit | (cancel_futures ? cancel_bit : 0), std::memory_order_acq_rel);
    // A submit holding a ticket is copying its arguments into the task,
    // starting a thread for it or queueing it: never for long.
    for (unsigned spins = 0; gate_.load(std::memory_order_acquire) >= ticket; ++spins)
    {
        if (spins < 64)
            cpu_relax();
        else
            std::this_thread::yield();
    }
}

void thread_pool_core::release_pool_work_locked() noexcept
{
    threads_frozen_ = true;
    if (!pool_work_released_)
    {
        pool_work_released_ = true;
        // Drops the pool's own work count: once the queue is empty and the
        // running tasks are done, attached threads return.
        pool_.wait();
    }
}

void thread_pool_core::shutdown(bool wait, bool cancel_futures)
{
    close_and_drain_tickets(cancel_futures);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        release_pool_work_locked();
    }
    if (!wait)
        return;
    if (on_pool_thread())
        throw std::logic_error("thread_pool_executor::shutdown(wait=true) was called from one of the pool's own "
                               "threads, where it would wait for itself; the pool is shut down, but call "
                               "shutdown(false) there, or wait from outside the pool");
    // threads_ is frozen now; joiners take turns.
    std::lock_guard<std::mutex> lock(join_mutex_);
    for (; joined_ < threads_.size(); ++joined_)
        if (threads_[joined_].joinable())
            threads_[joined_].join();
}

void thread_pool_core::shutdown_from_inside() noexcept
{
    close_and_drain_tickets(false);
    std::lock_guard<std::mutex> join_lock(join_mutex_);
    std::lock_guard<std::mutex> lock(mutex_);
    release_pool_work_locked();
    for (auto& t : threads_)
        if (t.joinable())
            t.detach();
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
