//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::async_wait: one callback node per future, completed through the
// handler's executor once the return_when condition, a deadline or a
// cancellation ends the wait.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_WAIT_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_WAIT_OP_HPP

#include <boost/concurrent_futures/detail/async_op.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/op_deadline.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/detail/wait_trigger.hpp>
#include <boost/concurrent_futures/return_when.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

namespace boost {
namespace concurrent_futures {

template <class Future>
struct wait_result;

namespace detail {

// Its sources are its nodes, one per future not yet settled at the start;
// each holds a reference while linked. Settlements arrive outside every
// future's lock.
template <class Future, class Handler>
class async_wait_op final : public async_op<async_wait_op<Future, Handler>, Handler>
{
    using base = async_op<async_wait_op, Handler>;

public:
    static void start(Handler&& handler, distinct_futures<Future>&& futures, return_when mode,
                      std::optional<clock::time_point> deadline)
    {
        base::create(std::move(handler), std::move(futures), mode)->initiate(deadline);
    }

private:
    friend base;

    static constexpr async_op_base::outcome_type satisfied = async_op_base::first_own_outcome;

    class node final : public listener
    {
    public:
        node() noexcept : listener(interest_settled, /*is_callback=*/true) {}

        void invoke(state_base& s) noexcept override
        {
            async_wait_op* op = op_;
            op->on_settled(index_, s.status() == future_state::finished && s.has_exception());
            intrusive_ptr_release(op); // the link's
        }

        async_wait_op* op_ = nullptr;
        std::size_t index_ = 0;
    };

    async_wait_op(Handler&& handler, distinct_futures<Future>&& futures, return_when mode)
        : base(std::move(handler)), futures_(std::move(futures.futures)), states_(std::move(futures.states)),
          nodes_(new node[states_.size()]), done_(states_.size(), 0), mode_(mode)
    {
    }

    ~async_wait_op() = default;

    void initiate(std::optional<clock::time_point> deadline)
    {
        if (!this->template begin_initiation<abort_on_cancellation>())
            return;
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
            // Python's wait(timeout) past its deadline: the sets as they are, no error.
            this->claim(met ? satisfied : async_op_base::timed_out);
            this->end_initiation();
            return;
        }
        // Settlements while linking are recorded; a claim they make is
        // finished by end_initiation(), once every node is in place.
        for (std::size_t i = 0; i < states_.size(); ++i)
        {
            if (done_[i])
                continue;
            nodes_[i].op_ = this;
            nodes_[i].index_ = i;
            intrusive_ptr_add_ref(this); // the link's
            if (!states_[i]->link(nodes_[i]))
            {
                on_settled(i, states_[i]->status() == future_state::finished && states_[i]->has_exception());
                intrusive_ptr_release(this);
            }
        }
        if (deadline)
            deadline_.arm(*this, this->deadline_executor(), *deadline);
        this->end_initiation();
    }

    void on_settled(std::size_t index, bool raised) noexcept
    {
        bool trigger = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_[index] = 1;
            trigger = !triggered_ && wait_satisfied(mode_, raised, pending_);
            triggered_ = triggered_ || trigger;
        }
        if (trigger)
            this->claim_and_complete(satisfied);
    }

    // Every node still linked is unlinked and drops its reference; the others
    // were detached by their future, whose settling thread drops theirs.
    void detach_sources() noexcept override
    {
        for (std::size_t i = 0; i < states_.size(); ++i)
            if (nodes_[i].op_ && states_[i]->unlink(nodes_[i]))
                intrusive_ptr_release(this);
    }

    void destroy_extra_context_parts() noexcept { deadline_.disarm(); }

    void complete()
    {
        const bool aborted = this->outcome() == async_op_base::aborted;
        this->complete_with([&] {
            wait_result<Future> result;
            std::lock_guard<std::mutex> lock(mutex_);
            for (std::size_t i = 0; i < futures_.size(); ++i)
                (done_[i] ? result.done : result.not_done).insert(futures_[i]);
            return std::make_tuple(aborted ? operation_aborted_error() : std::exception_ptr(), std::move(result));
        });
    }

    std::vector<Future> futures_;
    std::vector<state_base*> states_;
    std::unique_ptr<node[]> nodes_;
    op_deadline deadline_;
    std::mutex mutex_;
    std::vector<char> done_;
    std::size_t pending_ = 0;
    bool triggered_ = false;
    const return_when mode_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
