//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_FRONT_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_FRONT_HPP

// What a pool's submitting threads share with its manager thread: the calls
// waiting to reach the pool core, the shutdown request, the broken flag and
// the manager thread's life. The process pool's and the MPI pool's shells
// derive from it and differ only in how the manager thread is woken and
// what it runs. Implemented in lib/pool_front.cpp.

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

class BOOST_CONCURRENT_FUTURES_DECL pool_front
{
public:
    // What the manager thread takes in one go.
    struct intake
    {
        std::vector<call_request> calls;
        bool shutdown = false; // a shutdown was requested since the last take
        bool cancel = false;   // ... with cancel_futures
        bool empty() const noexcept { return calls.empty() && !shutdown; }
    };

    // `executor` names the executor in errors ("process_pool_executor");
    // `pool_name` the pool ("process pool"); `make_broken` makes what
    // submit() throws once the pool is broken.
    pool_front(std::string executor, std::string pool_name,
               std::exception_ptr (*make_broken)(const std::string& message));
    virtual ~pool_front();

    pool_front(const pool_front&) = delete;
    pool_front& operator=(const pool_front&) = delete;

    // --- any thread -------------------------------------------------------------------

    // Throws the pool's broken error once broken, std::runtime_error after
    // shutdown (nothing queued then); std::bad_alloc. Strong guarantee.
    void submit(call_request&& request);

    // Throws what submit() would throw now, else nothing: a call whose
    // arguments cannot be serialized fails its future only if the pool would
    // have taken it (Python refuses a broken or shut down pool first).
    void check_accepting() const;

    // The executor's shutdown(wait, cancel_futures). std::logic_error (the
    // shutdown requested all the same) if `wait` is asked on the manager
    // thread, which would wait for itself.
    void shutdown(bool wait, bool cancel_futures);

    // The executor's destructor on the manager thread (a done-callback): the
    // shutdown is requested and the thread left to finish on its own.
    void shutdown_from_inside() noexcept;

    // The core's destructor: shuts down and joins, unless on the manager
    // thread (then as shutdown_from_inside).
    void close() noexcept;

    bool on_manager_thread() const noexcept { return manager_id_.load() == std::this_thread::get_id(); }
    bool broken() const noexcept { return broken_flag_.load(std::memory_order_acquire); }

    // Starts the manager thread running `run` (which owns what it needs).
    void start_manager(std::function<void()> run);

    // --- the manager thread -----------------------------------------------------------

    // Called first thing by the manager thread.
    void manager_begins() noexcept;
    // Called last: wakes whoever waits for the manager to finish.
    void manager_ends() noexcept;
    // Takes what the submitting threads left.
    intake take();
    // Before any future fails with it (pool_config::on_broken).
    void publish_broken(const std::string& message) noexcept;

protected:
    void request_shutdown(bool cancel_futures);
    // With mutex_ held: calls or a shutdown request wait for the manager.
    virtual void wake_manager_locked() noexcept = 0;
    bool has_intake_locked() const noexcept { return !inbox_.empty() || shutdown_pending_; }
    void join();

    mutable std::mutex mutex_;
    std::condition_variable changed_; // manager_finished_, or what a shell waits for
    bool manager_finished_ = false;   // guarded by mutex_

private:
    void check_accepting_locked() const;

    const std::string executor_;
    const std::string pool_name_;
    std::exception_ptr (*const make_broken_)(const std::string&);

    std::thread manager_;
    std::mutex join_mutex_;
    std::atomic<std::thread::id> manager_id_{};

    // Guarded by mutex_.
    std::vector<call_request> inbox_;
    bool shutdown_requested_ = false;
    bool shutdown_pending_ = false;
    bool cancel_requested_ = false;
    std::string broken_message_;

    std::atomic<bool> broken_flag_{false};
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
