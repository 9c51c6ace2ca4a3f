//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// future<T>::async_get and cf::async_submit: one callback node on one future,
// completed through the handler's executor.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_GET_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_GET_OP_HPP

#include <boost/concurrent_futures/detail/async_op.hpp>
#include <boost/concurrent_futures/detail/result_state.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <atomic>
#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// The completion arguments for a done future: (exception_ptr, T) or (exception_ptr).
template <class T>
auto outcome_args(const result_state<T>& s)
{
    std::exception_ptr error;
    if (s.status() != future_state::finished)
        error = std::make_exception_ptr(cancelled_error());
    else if (s.has_exception())
        error = s.stored_exception();
    if constexpr (std::is_void_v<T>)
        return std::make_tuple(error);
    else if (error)
        return std::make_tuple(error, T{});
    else
        return std::make_tuple(error, T(s.value()));
}

template <class T>
auto aborted_args()
{
    if constexpr (std::is_void_v<T>)
        return std::make_tuple(operation_aborted_error());
    else
        return std::make_tuple(operation_aborted_error(), T{});
}

// Its source is its own node in the future's listener list, which holds a
// reference while linked (and while the settling thread holds it detached).
//
// Cancellation (Asio's types): for async_get, ending the wait has no side
// effect, so every type ends it and none touches the future, which other code
// may own. For async_submit (`owns_task`), the future is the operation's own:
// withdrawing the task before it starts leaves nothing observable, so every
// type does that (the task never runs); once it runs, terminal and partial
// end the wait (the task carries on, unobserved) and total is ignored, since
// ending the wait would hide a side effect that already happened.
template <class T, class Handler>
class async_get_op final : public listener, public async_op<async_get_op<T, Handler>, Handler>
{
    using base = async_op<async_get_op, Handler>;

public:
    static void start(Handler&& handler, boost::intrusive_ptr<result_state<T>> s, bool owns_task = false)
    {
        base::create(std::move(handler), std::move(s), owns_task)->initiate();
    }

    // The future settled (outside its lock, on the thread that settled it).
    void invoke(state_base& s) noexcept override
    {
        // A task withdrawn by our own cancellation handler (on this thread)
        // completes as cancelled through Asio, not as cancelled_error.
        const bool withdrawn = withdrawing_.load(std::memory_order_relaxed) && s.status() != future_state::finished;
        this->claim_and_complete(withdrawn ? async_op_base::aborted : settled);
        intrusive_ptr_release(this); // the link's
    }

private:
    friend base;

    static constexpr async_op_base::outcome_type settled = async_op_base::first_own_outcome;

    class cancel_handler
    {
    public:
        explicit cancel_handler(async_get_op* op) noexcept : op_(op) {}

        void operator()(asio::cancellation_type type)
        {
            if (!is_cancellation(type))
                return;
            // Runs in the handler's context; if the future already settled,
            // its completion is on its way and wins.
            async_get_op* op = op_; // completing may clear the slot, destroying this functor
            if (op->owns_task_)
            {
                if (op->withdraw_task())
                    return; // completed through invoke()
                if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial)) ==
                    asio::cancellation_type::none)
                    return; // total only: the task runs, and its result will be seen
            }
            op->claim_and_complete(async_op_base::aborted);
        }

    private:
        async_get_op* op_;
    };

    async_get_op(Handler&& handler, boost::intrusive_ptr<result_state<T>> s, bool owns_task)
        : listener(interest_done, /*is_callback=*/true), base(std::move(handler)), state_(std::move(s)),
          owns_task_(owns_task)
    {
    }

    // async_submit's task, if it has not started: cancelling the future runs
    // invoke() on this thread, which completes the operation.
    bool withdraw_task() noexcept
    {
        withdrawing_.store(true, std::memory_order_relaxed);
        const bool withdrawn = state_->cancel();
        withdrawing_.store(false, std::memory_order_relaxed);
        return withdrawn;
    }

    ~async_get_op() = default;

    void initiate()
    {
        if (!this->template begin_initiation<cancel_handler>())
            return;
        intrusive_ptr_add_ref(this); // the link's
        if (!state_->link(*this))
        {
            // Already done: completes, but never inside the initiating call.
            intrusive_ptr_release(this);
            this->claim(settled);
        }
        this->end_initiation();
    }

    void detach_sources() noexcept override
    {
        if (state_->unlink(*this))
            intrusive_ptr_release(this);
    }

    void complete()
    {
        const bool aborted = this->outcome() == async_op_base::aborted;
        this->complete_with([&] { return aborted ? aborted_args<T>() : outcome_args<T>(*state_); });
    }

    boost::intrusive_ptr<result_state<T>> state_;
    const bool owns_task_;
    std::atomic<bool> withdrawing_{false};
};

template <class T>
struct initiate_async_get
{
    template <class Handler>
    void operator()(Handler&& handler, boost::intrusive_ptr<result_state<T>> s) const
    {
        async_get_op<T, std::decay_t<Handler>>::start(std::forward<Handler>(handler), std::move(s));
    }
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
