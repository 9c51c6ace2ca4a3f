//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_STREAM_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_STREAM_HPP

#include <boost/concurrent_futures/detail/async_completion.hpp>
#include <boost/concurrent_futures/detail/async_get_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// A pending async_next(): what the stream hands a settled future (or the end,
// or an error) to.
class stream_waiter
{
public:
    // Index of the future to yield, or nullopt with `error` (null at the end).
    virtual void deliver(std::optional<std::size_t> index, std::exception_ptr error) noexcept = 0;

protected:
    ~stream_waiter() = default;
};

// The shared core of an as_completed_stream: one callback node per future,
// the queue of settled indices, and at most one pending async_next().
// Reference counted: the stream, every linked node and a pending waiter each
// hold one reference.
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

    void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

    void release() noexcept
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            delete this;
    }

    // The stream goes away: a pending async_next completes with
    // operation_aborted (as Asio's objects do when destroyed), and the nodes
    // detach from every future still referenced.
    void close() noexcept
    {
        std::vector<char> taken;
        stream_waiter* waiter = nullptr;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            taken = taken_;
            waiter = std::exchange(waiter_, nullptr);
        }
        if (waiter)
            waiter->deliver(std::nullopt, operation_aborted_error());
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (!taken[i] && nodes_[i].core_ && states_[i]->unlink(nodes_[i]))
                release();
    }

    std::size_t size() const noexcept { return states_.size(); }

    // Under the stream's logic: the next settled index, the end, or a wait.
    enum class poll_result
    {
        ready,
        end,
        timed_out,
        busy,
        wait
    };

    poll_result poll_or_wait(std::size_t& index, stream_waiter* waiter)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (waiter_)
            return poll_result::busy;
        if (head_ < ready_.size())
        {
            index = take_locked();
            return poll_result::ready;
        }
        if (yielded_ == states_.size())
            return poll_result::end;
        if (deadline_ && clock::now() >= *deadline_)
            return poll_result::timed_out;
        waiter_ = waiter;
        return poll_result::wait;
    }

    // The waiter's deadline or cancellation: true if it was still pending
    // (and is not any more).
    bool withdraw(stream_waiter* waiter) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (waiter_ != waiter)
            return false;
        waiter_ = nullptr;
        return true;
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

    std::size_t take_locked() noexcept
    {
        const std::size_t i = ready_[head_++];
        taken_[i] = 1;
        ++yielded_;
        return i;
    }

    void push(std::size_t i) noexcept
    {
        stream_waiter* waiter = nullptr;
        std::size_t index = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ready_.push_back(i); // reserved: never allocates
            if (waiter_)
            {
                waiter = std::exchange(waiter_, nullptr);
                index = take_locked();
            }
        }
        if (waiter)
            waiter->deliver(index, nullptr);
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
    const std::optional<clock::time_point> deadline_;
};

// One async_next(): completes with (exception_ptr, std::optional<Future>).
template <class Future, class Handler>
class async_next_op final : public stream_waiter, public async_op_base
{
public:
    using allocator_type = op_allocator_t<async_next_op, Handler>;

    static void start(Handler&& handler, stream_core<Future>& core)
    {
        allocator_type alloc(asio::get_associated_allocator(handler));
        auto* op = allocate_op<async_next_op>(
            alloc, [&](void* p) { ::new (p) async_next_op(std::move(handler), core, alloc); });
        op->begin();
    }

    void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

    void release() noexcept
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
        {
            allocator_type alloc(alloc_);
            this->~async_next_op();
            std::allocator_traits<allocator_type>::deallocate(alloc, this, 1);
        }
    }

    void deliver(std::optional<std::size_t> index, std::exception_ptr error) noexcept override
    {
        index_ = index;
        error_ = std::move(error);
        completion_.post_completion(this);
    }

    void finish()
    {
        completion_.service().remove(*this);
        completion_.disarm();
        std::optional<Future> out;
        if (index_)
            out.emplace(core_->take_future(*index_));
        std::exception_ptr error = error_;
        auto handler = completion_.take_handler();
        [[maybe_unused]] auto work = completion_.take_work();
        release();
        std::move(handler)(error, std::move(out));
    }

    void cleanup() noexcept
    {
        completion_.service().remove(*this);
        completion_.disarm();
        release();
    }

    void on_deadline() noexcept
    {
        if (core_->withdraw(this))
            deliver(std::nullopt, std::make_exception_ptr(timeout_error(core_->unfinished_message())));
    }

    void abandon_at_shutdown() noexcept override
    {
        if (core_->withdraw(this))
            cleanup();
    }

private:
    // Constructed in place by the slot (emplace): a constructor, not an
    // aggregate, so compilers without parenthesized aggregate init take it.
    struct cancel_handler
    {
        explicit cancel_handler(async_next_op* o) noexcept : op(o) {}

        async_next_op* op;
        void operator()(asio::cancellation_type type)
        {
            async_next_op* self = op;
            if (is_cancellation(type) && self->core_->withdraw(self))
                self->deliver(std::nullopt, operation_aborted_error());
        }
    };

    async_next_op(Handler&& handler, stream_core<Future>& core, const allocator_type& alloc)
        : alloc_(alloc), completion_(std::move(handler)), core_(&core)
    {
        core_->add_ref();
    }

    ~async_next_op() { core_->release(); }

    void begin()
    {
        if (!completion_.service().add(*this))
        {
            release();
            return;
        }
        // A delivery may complete us on another thread as soon as we wait:
        // hold a reference until this function is done with `this`.
        add_ref();
        auto slot = completion_.cancellation_slot();
        if (slot.is_connected())
            slot.template emplace<cancel_handler>(this);
        // Armed before waiting, so a completion can always disarm it.
        if (core_->deadline())
            completion_.arm_deadline(this, *core_->deadline());
        std::size_t index = 0;
        switch (core_->poll_or_wait(index, this))
        {
        case stream_core<Future>::poll_result::ready:
            deliver(index, nullptr);
            break;
        case stream_core<Future>::poll_result::end:
            deliver(std::nullopt, nullptr);
            break;
        case stream_core<Future>::poll_result::timed_out:
            deliver(std::nullopt, std::make_exception_ptr(timeout_error(core_->unfinished_message())));
            break;
        case stream_core<Future>::poll_result::busy:
            deliver(std::nullopt, std::make_exception_ptr(std::logic_error(
                                      "as_completed_stream::async_next: another async_next is still pending")));
            break;
        case stream_core<Future>::poll_result::wait:
            break;
        }
        release();
    }

    allocator_type alloc_;
    async_completion<Handler> completion_;
    std::atomic<std::size_t> refs_{1};
    stream_core<Future>* core_;
    std::optional<std::size_t> index_;
    std::exception_ptr error_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
