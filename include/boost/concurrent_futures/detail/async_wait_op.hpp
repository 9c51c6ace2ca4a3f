//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_WAIT_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_WAIT_OP_HPP

#include <boost/concurrent_futures/detail/async_completion.hpp>
#include <boost/concurrent_futures/detail/async_get_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/detail/wait_trigger.hpp>
#include <boost/concurrent_futures/return_when.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

namespace boost {
namespace concurrent_futures {

template <class Future>
struct wait_result;

namespace detail {

// cf::async_wait. Reference counted: the waiting phase holds one reference,
// every linked node one more, an armed timer one, so a settlement racing the
// completion never touches freed memory. Settlements arrive through callback
// nodes, outside every future's lock.
template <class Future, class Handler>
class async_wait_op final : public async_op_base
{
public:
    using allocator_type = op_allocator_t<async_wait_op, Handler>;

    static void start(Handler&& handler, distinct_futures<Future>&& futures, return_when mode,
                      std::optional<clock::time_point> deadline)
    {
        allocator_type alloc(asio::get_associated_allocator(handler));
        auto* op = allocate_op<async_wait_op>(alloc, [&](void* p) {
            ::new (p) async_wait_op(std::move(handler), std::move(futures), mode, alloc);
        });
        op->begin(deadline);
    }

    void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

    void release() noexcept
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
        {
            allocator_type alloc(alloc_);
            this->~async_wait_op();
            std::allocator_traits<allocator_type>::deallocate(alloc, this, 1);
        }
    }

    // Completion (in the handler's context).
    void finish()
    {
        unlink_all();
        completion_.service().remove(*this);
        completion_.disarm();
        wait_result<Future> result;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (std::size_t i = 0; i < futures_.size(); ++i)
                (done_[i] ? result.done : result.not_done).insert(futures_[i]);
        }
        const bool aborted = aborted_;
        auto handler = completion_.take_handler();
        [[maybe_unused]] auto work = completion_.take_work();
        release();
        std::move(handler)(aborted ? operation_aborted_error() : std::exception_ptr(), std::move(result));
    }

    // The completion will never run.
    void cleanup() noexcept
    {
        unlink_all();
        completion_.service().remove(*this);
        completion_.disarm();
        release();
    }

    void on_deadline() noexcept
    {
        // Python's wait(timeout): the sets as they are, no error.
        if (claim())
            completion_.post_completion(this);
    }

    void abandon_at_shutdown() noexcept override
    {
        if (claim())
            cleanup();
    }

private:
    class node final : public listener
    {
    public:
        node() noexcept : listener(interest_settled, /*is_callback=*/true) {}

        void invoke(state_base& s) noexcept override
        {
            op_->on_settled(index_, s.status() == future_state::finished && s.has_exception());
            op_->release();
        }

        async_wait_op* op_ = nullptr;
        std::size_t index_ = 0;
    };

    // Constructed in place by the slot (emplace): a constructor, not an
    // aggregate, so compilers without parenthesized aggregate init take it.
    struct cancel_handler
    {
        explicit cancel_handler(async_wait_op* o) noexcept : op(o) {}

        async_wait_op* op;
        void operator()(asio::cancellation_type type)
        {
            async_wait_op* self = op;
            if (is_cancellation(type) && self->claim(/*aborted=*/true))
                self->completion_.post_completion(self);
        }
    };

    async_wait_op(Handler&& handler, distinct_futures<Future>&& futures, return_when mode, const allocator_type& alloc)
        : alloc_(alloc), completion_(std::move(handler)), futures_(std::move(futures.futures)),
          states_(std::move(futures.states)), nodes_(new node[states_.size()]), done_(states_.size(), 0), mode_(mode)
    {
    }

    void begin(std::optional<clock::time_point> deadline)
    {
        if (!completion_.service().add(*this))
        {
            release(); // the context is shutting down
            return;
        }
        // The completion may run on another thread as soon as a node is
        // linked: hold a reference until this function is done with `this`.
        add_ref();
        auto slot = completion_.cancellation_slot();
        if (slot.is_connected())
            slot.template emplace<cancel_handler>(this);

        std::size_t done_count = 0;
        bool raised = false;
        for (std::size_t i = 0; i < states_.size(); ++i)
        {
            const future_state s = states_[i]->status();
            if (is_settled(s))
            {
                done_[i] = 1;
                ++done_count;
                raised = raised || (s == future_state::finished && states_[i]->has_exception());
            }
        }
        pending_ = states_.size() - done_count;
        const bool met = pending_ == 0 || (mode_ == return_when::first_completed && done_count > 0) ||
                         (mode_ == return_when::first_exception && raised);
        if (met || (deadline && clock::now() >= *deadline))
        {
            if (claim())
                completion_.post_completion(this);
            release();
            return;
        }
        // Settlements while linking only record; the completion is posted
        // once every node is in place.
        for (std::size_t i = 0; i < states_.size(); ++i)
        {
            if (done_[i])
                continue;
            nodes_[i].op_ = this;
            nodes_[i].index_ = i;
            add_ref();
            if (!states_[i]->link(nodes_[i]))
            {
                on_settled(i, states_[i]->status() == future_state::finished && states_[i]->has_exception());
                release();
            }
        }
        // Armed before anything can complete us, so the completion can disarm it.
        if (deadline)
            completion_.arm_deadline(this, *deadline);
        bool post = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            starting_ = false;
            post = phase_ == phase::completing;
        }
        if (post)
            completion_.post_completion(this);
        release();
    }

    void on_settled(std::size_t index, bool raised) noexcept
    {
        bool trigger = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (phase_ != phase::waiting)
                return;
            done_[index] = 1;
            trigger = wait_satisfied(mode_, raised, pending_);
            if (trigger)
                phase_ = phase::completing;
            if (starting_)
                return; // begin() posts it
        }
        if (trigger)
            completion_.post_completion(this);
    }

    // Waiting -> completing, once; the winner owns the waiting phase's reference.
    bool claim(bool aborted = false) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (phase_ != phase::waiting)
            return false;
        phase_ = phase::completing;
        aborted_ = aborted;
        return true;
    }

    // After this no node is linked: each one linked released its reference
    // here or through its invoke(). The caller still holds a reference, so
    // this never frees the operation.
    void unlink_all() noexcept
    {
        std::size_t dropped = 0;
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (nodes_[i].op_ && states_[i]->unlink(nodes_[i]))
                ++dropped;
        if (dropped)
            refs_.fetch_sub(dropped, std::memory_order_acq_rel);
    }

    enum class phase
    {
        waiting,
        completing
    };

    allocator_type alloc_;
    async_completion<Handler> completion_;
    std::atomic<std::size_t> refs_{1};
    std::vector<Future> futures_;
    std::vector<state_base*> states_;
    std::unique_ptr<node[]> nodes_;
    std::mutex mutex_;
    std::vector<char> done_;
    std::size_t pending_ = 0;
    const return_when mode_;
    phase phase_ = phase::waiting;
    bool starting_ = true;
    bool aborted_ = false;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
