//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// as_completed_stream's engine: the settled futures in completion order, and
// the one pending async_next() they are handed to.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_STREAM_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_STREAM_CORE_HPP

#include <boost/concurrent_futures/detail/async_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// How a pending async_next() ends, as the stream decides it.
enum class next_outcome : async_op_base::outcome_type
{
    ready = async_op_base::first_own_outcome, // a settled future's index
    end,                                      // every future was yielded
    busy,                                     // another async_next is pending
};

// A pending async_next(), as the stream sees it.
class stream_waiter
{
public:
    // Under the stream's lock: takes `index` as the operation's outcome unless
    // it already has another (a cancellation, its deadline, the shutdown).
    virtual async_op_base::claim_result offer(std::size_t index) noexcept = 0;

    virtual async_op_base& op() noexcept = 0;

protected:
    ~stream_waiter() = default;
};

// The shared core of an as_completed_stream: one callback node per future,
// the queue of settled indices, and at most one pending async_next(), which
// the core holds a reference to. Reference counted (boost::intrusive_ptr): the
// stream, every linked node, and every async_next() launched or still to be
// launched, so a deferred async_next may outlive the stream.
template <class Future>
class stream_core
{
public:
    stream_core(distinct_futures<Future>&& futures, std::optional<clock::time_point> deadline)
        : futures_(std::move(futures.futures)), states_(std::move(futures.states)), nodes_(new node[states_.size()]),
          taken_(states_.size(), 0), deadline_(deadline)
    {
        ready_.reserve(states_.size());
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (is_settled(states_[i]->status()))
                ready_.push_back(i);
        const std::vector<std::size_t> initially_ready = ready_;
        std::vector<char> is_ready(states_.size(), 0);
        for (std::size_t i : initially_ready)
            is_ready[i] = 1;
        for (std::size_t i = 0; i < states_.size(); ++i)
        {
            if (is_ready[i])
                continue;
            nodes_[i].core_ = this;
            nodes_[i].index_ = i;
            add_ref();
            if (!states_[i]->link(nodes_[i]))
            {
                push(i);
                release();
            }
        }
    }

    stream_core(const stream_core&) = delete;
    stream_core& operator=(const stream_core&) = delete;

    friend void intrusive_ptr_add_ref(stream_core* core) noexcept { core->add_ref(); }
    friend void intrusive_ptr_release(stream_core* core) noexcept { core->release(); }

    // The stream goes away: a pending async_next completes with
    // operation_aborted (as Asio's objects do when destroyed), and so does
    // every one launched later; the nodes detach from every future still
    // referenced.
    void close() noexcept
    {
        std::vector<char> taken;
        stream_waiter* waiter = nullptr;
        async_op_base::claim_result claimed = async_op_base::claim_result::lost;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            closed_ = true;
            taken = taken_;
            if (waiter_)
            {
                claimed = waiter_->op().claim(async_op_base::aborted);
                if (claimed != async_op_base::claim_result::lost)
                    waiter = std::exchange(waiter_, nullptr);
            }
        }
        if (waiter)
            finish_claim(*waiter, claimed);
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (!taken[i] && nodes_[i].core_ && states_[i]->unlink(nodes_[i]))
                release();
    }

    std::size_t size() const noexcept { return states_.size(); }

    // Launching an async_next: decides its outcome at once, or makes it the
    // pending one (and holds a reference to it).
    void poll_or_wait(stream_waiter& waiter)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        async_op_base& op = waiter.op();
        if (closed_)
            op.claim(async_op_base::aborted);
        else if (waiter_)
            op.claim(static_cast<async_op_base::outcome_type>(next_outcome::busy));
        else if (head_ < ready_.size())
        {
            if (waiter.offer(ready_[head_]) != async_op_base::claim_result::lost)
                take_locked();
        }
        else if (yielded_ == states_.size())
            op.claim(static_cast<async_op_base::outcome_type>(next_outcome::end));
        else if (deadline_ && clock::now() >= *deadline_)
            op.claim(async_op_base::timed_out);
        else
        {
            intrusive_ptr_add_ref(&op);
            waiter_ = &waiter;
        }
    }

    // The pending async_next was claimed by something else (its cancellation,
    // deadline, or the context's shutdown): the stream lets go of it.
    void withdraw(stream_waiter& waiter) noexcept
    {
        bool held = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            held = waiter_ == &waiter;
            if (held)
                waiter_ = nullptr;
        }
        if (held)
            intrusive_ptr_release(&waiter.op());
    }

    Future take_future(std::size_t index) noexcept { return std::move(futures_[index]); }

    std::string unfinished_message() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return std::to_string(states_.size() - yielded_) + " (of " + std::to_string(states_.size()) +
               ") futures unfinished";
    }

    const std::optional<clock::time_point>& deadline() const noexcept { return deadline_; }

private:
    class node final : public listener
    {
    public:
        node() noexcept : listener(interest_settled, /*is_callback=*/true) {}

        void invoke(state_base&) noexcept override
        {
            stream_core* core = core_;
            core->push(index_);
            core->release();
        }

        stream_core* core_ = nullptr;
        std::size_t index_ = 0;
    };

    ~stream_core() = default;

    void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

    void release() noexcept
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            delete this;
    }

    void take_locked() noexcept
    {
        const std::size_t i = ready_[head_++];
        taken_[i] = 1;
        ++yielded_;
    }

    void push(std::size_t i) noexcept
    {
        stream_waiter* waiter = nullptr;
        async_op_base::claim_result claimed = async_op_base::claim_result::lost;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ready_.push_back(i); // reserved: never allocates
            if (waiter_)
            {
                claimed = waiter_->offer(ready_[head_]);
                if (claimed != async_op_base::claim_result::lost)
                {
                    take_locked();
                    waiter = std::exchange(waiter_, nullptr);
                }
            }
        }
        if (waiter)
            finish_claim(*waiter, claimed);
    }

    // Outside the lock, with the reference the waiter slot held.
    static void finish_claim(stream_waiter& waiter, async_op_base::claim_result claimed) noexcept
    {
        async_op_base& op = waiter.op();
        if (claimed == async_op_base::claim_result::won)
            op.complete_claimed();
        intrusive_ptr_release(&op);
    }

    std::atomic<std::size_t> refs_{1};
    std::vector<Future> futures_;
    std::vector<state_base*> states_;
    std::unique_ptr<node[]> nodes_;
    mutable std::mutex mutex_;
    std::vector<std::size_t> ready_;
    std::size_t head_ = 0;
    std::vector<char> taken_;
    std::size_t yielded_ = 0;
    stream_waiter* waiter_ = nullptr;
    bool closed_ = false;
    const std::optional<clock::time_point> deadline_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
