//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How a thread waits for a future: it watches it for a few microseconds, then
// sleeps until the completing thread wakes it.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_BLOCKING_WAIT_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_BLOCKING_WAIT_HPP

#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/listener.hpp>
#include <boost/concurrent_futures/detail/state_word.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

// How long a thread about to block on a future first watches it, in
// microseconds; 0 turns spinning off.
#ifndef BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS
#define BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS 20
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {

// A result that arrives within microseconds (a round trip to a worker that is
// idle) costs less to watch for than to sleep for: waking a blocked thread
// takes about as long again. Bounded, so long tasks lose nothing that
// matters; skipped where a spinning thread would hold the only core. True
// once `done()`; false when the spin (or the deadline) ran out first.
template <class Done>
bool spin_until(Done&& done, const std::optional<clock::time_point>& deadline)
{
    static const bool worth_spinning =
        BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS > 0 && std::thread::hardware_concurrency() > 1;
    if (!worth_spinning)
        return false;
    auto until = clock::now() + std::chrono::microseconds(BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS);
    if (deadline && *deadline < until)
        until = *deadline;
    for (;;)
    {
        for (int i = 0; i < 64; ++i)
        {
            if (done())
                return true;
            cpu_relax();
        }
        if (clock::now() >= until)
            return false;
    }
}

// A blocked thread in result()/exception(): woken by the completing thread.
class once_waiter final : public listener
{
public:
    once_waiter() noexcept : listener(interest_done, /*is_callback=*/false) {}

    void notify(state_base&, settle_event) noexcept override
    {
        // Notify while holding the mutex: the waiter may return (and this node
        // vanish from its stack) as soon as it can observe `fired`.
        std::lock_guard<std::mutex> lock(mutex_);
        fired_ = true;
        cv_.notify_one();
    }

    // False when the deadline passed first.
    bool wait(const std::optional<clock::time_point>& deadline)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!deadline)
        {
            cv_.wait(lock, [this] { return fired_; });
            return true;
        }
        return cv_.wait_until(lock, *deadline, [this] { return fired_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool fired_ = false;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
