//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_THREAD_POOL_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_THREAD_POOL_CORE_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/thread_pool_options.hpp>

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Everything of a thread_pool_executor that is not a template: the Asio pool,
// its worker threads (started on demand, named, running the initializer, then
// attached to the pool) and the shutdown protocol. Worker threads share
// ownership, so a pool destroyed from one of its own tasks stays alive until
// its last thread has left.
class BOOST_CONCURRENT_FUTURES_DECL thread_pool_core : public std::enable_shared_from_this<thread_pool_core>
{
public:
    // Validates the options (std::invalid_argument).
    static std::shared_ptr<thread_pool_core> create(thread_pool_options options);

    thread_pool_core(const thread_pool_core&) = delete;
    thread_pool_core& operator=(const thread_pool_core&) = delete;
    ~thread_pool_core();

    asio::thread_pool& pool() noexcept { return pool_; }

    // Every submit holds a ticket while it queues its task, so shutdown can
    // close the pool only after in-flight submissions have landed.
    // Throws broken_thread_pool, or std::runtime_error after shutdown.
    void acquire_ticket()
    {
        const std::uint64_t g = gate_.fetch_add(ticket, std::memory_order_acquire);
        if (g & (broken_bit | closed_bit))
        {
            gate_.fetch_sub(ticket, std::memory_order_relaxed);
            throw_not_accepting(g);
        }
    }

    void release_ticket() noexcept { gate_.fetch_sub(ticket, std::memory_order_release); }

    // Before queueing a task, under its ticket: make sure a thread will take
    // it. Throws std::system_error only when no thread of this pool runs to
    // take it, and then the task must not be queued. With one running, the
    // task waits its turn when another cannot start: the warning to log,
    // once the ticket is released, is returned (empty otherwise; only the
    // first of a run of refusals).
    std::string before_submit()
    {
        if (started_.load(std::memory_order_relaxed) < max_workers_)
            return adjust_thread_count();
        return {};
    }

    // Runs one submitted task on a worker thread.
    void run(state_base& task) noexcept;

    void shutdown(bool wait, bool cancel_futures);

    // Destructor path from inside one of this pool's threads: stop accepting
    // work, let the threads finish the queue and exit on their own.
    void shutdown_from_inside() noexcept;

    // Start every worker now (the pool is about to be used through Asio).
    void start_all_workers();

    bool on_pool_thread() const noexcept;

    std::size_t max_workers() const noexcept { return max_workers_; }
    std::size_t worker_count() const noexcept { return started_.load(std::memory_order_acquire); }
    bool broken() const noexcept { return (gate_.load(std::memory_order_acquire) & broken_bit) != 0; }

private:
    static constexpr std::uint64_t closed_bit = 1; // shut down: no new tasks
    static constexpr std::uint64_t broken_bit = 2; // an initializer failed
    static constexpr std::uint64_t cancel_bit = 4; // cancel tasks not yet started
    static constexpr std::uint64_t ticket = 8;     // one in-flight submit

    explicit thread_pool_core(thread_pool_options options);

    [[noreturn]] void throw_not_accepting(std::uint64_t gate) const;
    static void count_idle(void* self) noexcept;
    std::string adjust_thread_count();
    void spawn_worker_locked();
    void worker_main(std::size_t index);
    void mark_broken(const std::exception_ptr& cause) noexcept;
    void close_and_drain_tickets(bool cancel_futures) noexcept;
    void release_pool_work_locked() noexcept;

    const thread_pool_options options_;
    const std::size_t max_workers_;
    const std::string name_prefix_;

    asio::thread_pool pool_{0};

    std::atomic<std::uint64_t> gate_{0};
    std::atomic<std::size_t> started_{0};
    // CPython's idle semaphore: tasks finished while not every thread exists.
    std::atomic<std::ptrdiff_t> idle_{0};

    // Written once before broken_bit is published.
    std::exception_ptr broken_error_;

    std::mutex mutex_; // threads_, the flags below
    std::vector<std::thread> threads_;
    bool threads_frozen_ = false;
    bool start_refused_ = false; // the last thread start failed: not logged again
    bool pool_work_released_ = false;

    std::mutex join_mutex_; // one joiner at a time
    std::size_t joined_ = 0;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
