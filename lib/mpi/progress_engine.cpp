//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The progress engine's sleeps: ppoll on an eventfd and watched descriptors.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "progress_engine.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <ctime>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <system_error>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

progress_engine::progress_engine(tuning t) : tuning_(t)
{
    event_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (event_fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "eventfd");
    fds_.push_back(pollfd{event_fd_, POLLIN, 0});
}

progress_engine::~progress_engine()
{
    ::close(event_fd_);
}

void progress_engine::wake() noexcept
{
    if (wake_.exchange(true, std::memory_order_seq_cst))
        return; // already pending: whoever set it did the rest
    // Pairs with sleep(): either it sees wake_ before sleeping, or we see
    // sleeping_ here and end its ppoll.
    if (sleeping_.load(std::memory_order_seq_cst))
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(event_fd_, &one, sizeof one);
    }
}

void progress_engine::watch(int fd)
{
    fds_.push_back(pollfd{fd, POLLIN, 0});
}

void progress_engine::unwatch(int fd) noexcept
{
    fds_.erase(std::remove_if(fds_.begin() + 1, fds_.end(), [fd](const pollfd& p) { return p.fd == fd; }), fds_.end());
}

void progress_engine::prepare_thread() noexcept
{
    thread_local bool prepared = false;
    if (prepared)
        return;
    prepared = true;
    if (tuning_.timer_slack.count() > 0)
        ::prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(tuning_.timer_slack.count()), 0, 0, 0);
}

bool progress_engine::sleep(std::chrono::nanoseconds timeout, result& r)
{
    sleeping_.store(true, std::memory_order_seq_cst);
    if (wake_.load(std::memory_order_seq_cst))
    {
        sleeping_.store(false, std::memory_order_relaxed);
        r.woken = take_wake();
        return r.woken;
    }
    timespec ts{};
    if (timeout.count() >= 0)
    {
        ts.tv_sec = static_cast<time_t>(timeout.count() / 1000000000);
        ts.tv_nsec = static_cast<long>(timeout.count() % 1000000000);
    }
    const int n = ::ppoll(fds_.data(), fds_.size(), timeout.count() >= 0 ? &ts : nullptr, nullptr);
    sleeping_.store(false, std::memory_order_relaxed);
    last_watch_check_ = clock::now();
    if (n <= 0) // timeout, or EINTR: the caller probes and sleeps again
        return false;
    if (fds_[0].revents)
    {
        std::uint64_t count = 0;
        [[maybe_unused]] const ssize_t ignored = ::read(event_fd_, &count, sizeof count);
    }
    r.woken = take_wake(); // a stale eventfd count alone is no wake-up
    for (std::size_t i = 1; i < fds_.size(); ++i)
        if (fds_[i].revents)
            ready_.push_back(fds_[i].fd);
    r.watched = !ready_.empty();
    return r.woken || r.watched;
}

bool progress_engine::check_watched(clock::time_point now, result& r)
{
    if (fds_.size() == 1 || now - last_watch_check_ < tuning_.watch_interval)
        return false;
    last_watch_check_ = now;
    const timespec zero{};
    if (::ppoll(fds_.data() + 1, fds_.size() - 1, &zero, nullptr) <= 0)
        return false;
    for (std::size_t i = 1; i < fds_.size(); ++i)
        if (fds_[i].revents)
            ready_.push_back(fds_[i].fd);
    r.watched = !ready_.empty();
    return r.watched;
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
