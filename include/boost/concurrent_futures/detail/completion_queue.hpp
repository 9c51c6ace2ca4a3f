//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_COMPLETION_QUEUE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_COMPLETION_QUEUE_HPP

#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Hands out the indices of distinct states in the order they settle: those
// already settled first, then in completion order (as_completed's engine).
// The caller keeps every state not yet handed out referenced.
class completion_queue
{
public:
    explicit completion_queue(std::vector<state_base*> states)
        : states_(std::move(states)), nodes_(new node[states_.size()]), taken_(states_.size(), 0)
    {
        const std::size_t n = states_.size();
        ready_.reserve(n); // each index is pushed once: push() never allocates
        std::vector<char> pending(n, 0);
        for (std::size_t i = 0; i < n; ++i)
        {
            if (is_settled(states_[i]->status()))
                push(i);
            else
                pending[i] = 1;
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            if (!pending[i])
                continue;
            nodes_[i].queue_ = this;
            nodes_[i].index_ = i;
            if (!states_[i]->link(nodes_[i]))
                push(i);
        }
    }

    completion_queue(const completion_queue&) = delete;
    completion_queue& operator=(const completion_queue&) = delete;

    ~completion_queue()
    {
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (!taken_[i])
                states_[i]->unlink(nodes_[i]);
    }

    std::size_t size() const noexcept { return states_.size(); }

    // The next settled index, or nullopt if the deadline passes first.
    std::optional<std::size_t> next(const std::optional<clock::time_point>& deadline)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        while (head_ == ready_.size())
        {
            waiting_ = true;
            if (!deadline)
                cv_.wait(lock);
            else if (cv_.wait_until(lock, *deadline) == std::cv_status::timeout && head_ == ready_.size())
            {
                waiting_ = false;
                return std::nullopt;
            }
            waiting_ = false;
        }
        const std::size_t i = ready_[head_++];
        taken_[i] = 1;
        return i;
    }

private:
    class node final : public listener
    {
    public:
        node() noexcept : listener(interest_settled, false) {}
        void notify(state_base&, settle_event) noexcept override { queue_->push(index_); }

        completion_queue* queue_ = nullptr;
        std::size_t index_ = 0;
    };

    void push(std::size_t i) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ready_.push_back(i);
        if (waiting_)
            cv_.notify_one();
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::size_t> ready_;
    std::size_t head_ = 0;
    bool waiting_ = false;
    std::vector<state_base*> states_;
    std::unique_ptr<node[]> nodes_;
    std::vector<char> taken_; // consumer-owned
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
