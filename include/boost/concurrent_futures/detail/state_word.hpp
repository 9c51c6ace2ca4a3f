//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A future's status and its lock in one atomic word: CPython's state in three
// bits, and a lock bit that guards the listener list and every transition.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_STATE_WORD_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_STATE_WORD_HPP

#include <boost/concurrent_futures/future_state.hpp>

#include <atomic>
#include <cstdint>
#include <thread>

namespace boost {
namespace concurrent_futures {
namespace detail {

inline bool is_done(future_state s) noexcept
{
    return s >= future_state::cancelled;
}

// Done as wait() and as_completed() see it: a cancelled future only counts once
// its executor has noticed (CPython's CANCELLED_AND_NOTIFIED).
inline bool is_settled(future_state s) noexcept
{
    return s == future_state::cancelled_and_notified || s == future_state::finished;
}

inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// Reading the status never takes the lock. Holders of the lock only relink
// nodes or wake threads, so it spins briefly, then yields.
class state_word
{
public:
    future_state status() const noexcept { return status_of(word_.load(std::memory_order_acquire)); }

    // Without ordering: for destructors, already synchronized by the last
    // reference's release.
    future_state status_relaxed() const noexcept { return status_of(word_.load(std::memory_order_relaxed)); }

    // The executors' hot path: PENDING -> RUNNING without the lock (nobody
    // listens for it). False if the future was not pending.
    bool try_start() noexcept
    {
        std::uint32_t expected = static_cast<std::uint32_t>(future_state::pending);
        return word_.compare_exchange_strong(expected, static_cast<std::uint32_t>(future_state::running),
                                             std::memory_order_acq_rel, std::memory_order_relaxed);
    }

    // Takes the lock; returns the status it found.
    future_state lock() const noexcept
    {
        std::uint32_t w = word_.load(std::memory_order_relaxed);
        for (unsigned spins = 0;; ++spins)
        {
            if (!(w & lock_bit))
            {
                if (word_.compare_exchange_weak(w, w | lock_bit, std::memory_order_acquire, std::memory_order_relaxed))
                    return status_of(w);
                continue;
            }
            if (spins < 64)
                cpu_relax();
            else
                std::this_thread::yield();
            w = word_.load(std::memory_order_relaxed);
        }
    }

    // Under the lock: makes `s` visible while keeping the lock (a listener
    // told next must not see the old status).
    void publish(future_state s) const noexcept
    {
        word_.store(static_cast<std::uint32_t>(s) | lock_bit, std::memory_order_release);
    }

    // Releases the lock, leaving the status `s`.
    void unlock(future_state s) const noexcept
    {
        word_.store(static_cast<std::uint32_t>(s), std::memory_order_release);
    }

private:
    static constexpr std::uint32_t status_bits = 0x7;
    static constexpr std::uint32_t lock_bit = 0x8;

    static future_state status_of(std::uint32_t w) noexcept { return static_cast<future_state>(w & status_bits); }

    mutable std::atomic<std::uint32_t> word_{static_cast<std::uint32_t>(future_state::pending)};
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
