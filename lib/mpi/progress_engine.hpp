//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How a thread that talks MPI waits for its next event without burning a
// core. MPI has no descriptor to sleep on, so incoming frames are found by
// probing; the engine decides when to probe:
//   - idle (nothing in flight): no probing at all; the thread sleeps until
//     wake() (new work) or a watched descriptor (a worker's pidfd) is ready;
//   - busy (answers expected): it probes in a tight loop for `spin`, which
//     catches quick answers at a few microseconds, then sleeps between probes
//     with doubling naps up to `max_sleep`, which bounds the cost of a long
//     wait to a few wake-ups per millisecond.
// The sleeps are ppoll()s on an eventfd (wake) and the watched descriptors,
// so a submission or a worker's death ends any nap at once; this is the
// condition variable of a classic manager thread, with process exits added.
//
// wait() and the watch set belong to one thread; wake() may be called from
// any thread.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_PROGRESS_ENGINE_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_PROGRESS_ENGINE_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <poll.h>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

class BOOST_CONCURRENT_FUTURES_MPI_DECL progress_engine
{
public:
    using clock = std::chrono::steady_clock;

    struct tuning
    {
        // Busy: probe without sleeping for this long after the wait starts.
        std::chrono::nanoseconds spin = std::chrono::microseconds(50);
        // Then nap this long, doubling each time, up to max_sleep.
        std::chrono::nanoseconds first_sleep = std::chrono::microseconds(5);
        std::chrono::nanoseconds max_sleep = std::chrono::milliseconds(1);
        // Watched descriptors are checked at least this often, even while the
        // probe keeps finding work (a death must not wait for a quiet moment).
        std::chrono::nanoseconds watch_interval = std::chrono::milliseconds(1);
        // The waiting thread's timer slack (prctl): the kernel's default 50 us
        // would stretch every short nap; 0 leaves it alone.
        std::chrono::nanoseconds timer_slack = std::chrono::microseconds(1);
    };

    // What ended a wait (more than one may be true).
    struct result
    {
        bool probed = false;  // the probe found something
        bool woken = false;   // wake() was called
        bool watched = false; // a watched descriptor is ready: see ready()
        bool timed_out = false;
    };

    // Throws std::system_error if no eventfd can be made.
    explicit progress_engine(tuning t);
    progress_engine() : progress_engine(tuning{}) {}
    ~progress_engine();

    progress_engine(const progress_engine&) = delete;
    progress_engine& operator=(const progress_engine&) = delete;

    // Any thread: ends the current wait, or the next one, early. Costs a
    // system call only when the waiting thread is asleep.
    void wake() noexcept;

    // Owner thread: a descriptor whose readability ends a wait. It stays
    // watched until unwatch(); a pidfd stays readable once its process exited,
    // so unwatch it once handled or every wait returns at once.
    void watch(int fd);
    void unwatch(int fd) noexcept;

    // Owner thread: the watched descriptors found ready by the last wait().
    const std::vector<int>& ready() const noexcept { return ready_; }

    // Owner thread: waits until wake() is called, a watched descriptor is
    // ready, `deadline` passes, or, when `busy`, `probe()` returns true (the
    // probe receives; it is not called when idle). Exceptions from `probe`
    // propagate.
    template <class Probe>
    result wait(bool busy, Probe&& probe, clock::time_point deadline = clock::time_point::max());

private:
    bool take_wake() noexcept
    {
        return wake_.load(std::memory_order_relaxed) && wake_.exchange(false, std::memory_order_acq_rel);
    }

    static void relax() noexcept
    {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }

    void prepare_thread() noexcept;
    // One ppoll on the eventfd and the watched descriptors; a negative
    // timeout sleeps until one is ready. True if woken or a watch fired.
    bool sleep(std::chrono::nanoseconds timeout, result& r);
    // The watched descriptors, without sleeping, if watch_interval passed.
    bool check_watched(clock::time_point now, result& r);

    tuning tuning_;
    int event_fd_ = -1;
    std::vector<pollfd> fds_; // [0] is the eventfd
    std::vector<int> ready_;
    clock::time_point last_watch_check_{};
    std::atomic<bool> wake_{false};
    std::atomic<bool> sleeping_{false};
};

template <class Probe>
progress_engine::result progress_engine::wait(bool busy, Probe&& probe, clock::time_point deadline)
{
    prepare_thread();
    ready_.clear();
    result r;
    auto now = clock::now();
    if (check_watched(now, r))
        return r;
    r.woken = take_wake();
    if (busy)
        r.probed = probe();
    if (r.woken || r.probed)
        return r;
    if (busy)
    {
        const auto spin_until = std::min(deadline, now + tuning_.spin);
        while ((now = clock::now()) < spin_until)
        {
            relax();
            if ((r.woken = take_wake()) || (r.probed = probe()))
                return r;
        }
    }
    for (auto nap = tuning_.first_sleep;; nap = std::min(nap * 2, tuning_.max_sleep))
    {
        if (now >= deadline)
        {
            r.timed_out = true;
            return r;
        }
        // Idle: one sleep until something happens (or the deadline).
        const auto left = deadline == clock::time_point::max() ? std::chrono::nanoseconds(-1) : deadline - now;
        const auto timeout = busy ? (left.count() < 0 ? nap : std::min(nap, left)) : left;
        if (sleep(timeout, r) || (busy && (r.probed = probe())))
            return r;
        now = clock::now();
    }
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
