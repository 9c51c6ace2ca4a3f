//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The submitting threads' side of the process and MPI pools
// (detail/pool_front.hpp).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/pool_front.hpp>

#include <stdexcept>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

pool_front::pool_front(std::string executor, std::string pool_name,
                       std::exception_ptr (*make_broken)(const std::string& message))
    : executor_(std::move(executor)), pool_name_(std::move(pool_name)), make_broken_(make_broken)
{
}

pool_front::~pool_front() = default;

void pool_front::submit(call_request&& request)
{
    std::lock_guard<std::mutex> lock(mutex_);
    check_accepting_locked();
    inbox_.push_back(std::move(request));
    wake_manager_locked();
}

void pool_front::check_accepting() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    check_accepting_locked();
}

void pool_front::check_accepting_locked() const
{
    if (broken_flag_.load(std::memory_order_relaxed))
        std::rethrow_exception(
            make_broken_(broken_message_.empty() ? "the " + pool_name_ + " is not usable anymore" : broken_message_));
    if (shutdown_requested_)
        throw std::runtime_error("cannot schedule new futures after shutdown");
}

void pool_front::request_shutdown(bool cancel_futures)
{
    std::lock_guard<std::mutex> lock(mutex_);
    shutdown_requested_ = true;
    shutdown_pending_ = true;
    cancel_requested_ = cancel_requested_ || cancel_futures;
    wake_manager_locked();
}

void pool_front::shutdown(bool wait, bool cancel_futures)
{
    request_shutdown(cancel_futures);
    if (!wait)
        return;
    if (on_manager_thread())
        throw std::logic_error(executor_ +
                               "::shutdown(wait=true) was called from the pool's manager thread (a done-callback), "
                               "where it would wait for itself; the pool is shut down, but call shutdown(false) "
                               "there, or wait from outside");
    join();
}

void pool_front::shutdown_from_inside() noexcept
{
    try
    {
        request_shutdown(false);
    }
    catch (...)
    {
        // Out of memory for the lock: the flag is all there is to set.
    }
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (manager_.joinable())
        manager_.detach(); // it holds the state and finishes on its own
}

void pool_front::close() noexcept
{
    if (!manager_.joinable())
        return;
    if (on_manager_thread())
    {
        shutdown_from_inside();
        return;
    }
    try
    {
        request_shutdown(false);
    }
    catch (...)
    {
    }
    join();
}

void pool_front::start_manager(std::function<void()> run)
{
    manager_ = std::thread(std::move(run));
}

void pool_front::join()
{
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (manager_.joinable())
        manager_.join();
}

void pool_front::manager_begins() noexcept
{
    manager_id_.store(std::this_thread::get_id());
}

void pool_front::manager_ends() noexcept
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        manager_finished_ = true;
    }
    changed_.notify_all();
}

pool_front::intake pool_front::take()
{
    intake in;
    std::lock_guard<std::mutex> lock(mutex_);
    in.calls.swap(inbox_);
    in.shutdown = std::exchange(shutdown_pending_, false);
    in.cancel = std::exchange(cancel_requested_, false);
    return in;
}

void pool_front::publish_broken(const std::string& message) noexcept
{
    try
    {
        std::lock_guard<std::mutex> lock(mutex_);
        broken_message_ = message;
    }
    catch (...)
    {
    }
    broken_flag_.store(true, std::memory_order_release);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
