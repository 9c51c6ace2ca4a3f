//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// as_completed_stream::async_next: waits for the stream's next settled future.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_NEXT_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_NEXT_OP_HPP

#include <boost/concurrent_futures/detail/async_op.hpp>
#include <boost/concurrent_futures/detail/op_deadline.hpp>
#include <boost/concurrent_futures/detail/stream_core.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <boost/intrusive_ptr.hpp>

#include <cstddef>
#include <exception>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// One async_next(): completes with (exception_ptr, std::optional<Future>).
// Its source is the stream's waiter slot, which holds a reference while the
// operation is pending there.
template <class Future, class Handler>
class async_next_op final : public stream_waiter, public async_op<async_next_op<Future, Handler>, Handler>
{
    using base = async_op<async_next_op, Handler>;

public:
    static void start(Handler&& handler, boost::intrusive_ptr<stream_core<Future>> core)
    {
        base::create(std::move(handler), std::move(core))->initiate();
    }

    async_op_base::claim_result offer(std::size_t index) noexcept override
    {
        index_ = index; // read only if the claim below wins
        return this->claim(static_cast<async_op_base::outcome_type>(next_outcome::ready));
    }

    async_op_base& op() noexcept override { return *this; }

private:
    friend base;

    async_next_op(Handler&& handler, boost::intrusive_ptr<stream_core<Future>> core)
        : base(std::move(handler)), core_(std::move(core))
    {
    }

    ~async_next_op() = default;

    void initiate()
    {
        if (!this->template begin_initiation<abort_on_cancellation>())
            return;
        if (core_->deadline())
            deadline_.arm(*this, this->deadline_executor(), *core_->deadline());
        core_->poll_or_wait(*this);
        this->end_initiation();
    }

    void detach_sources() noexcept override { core_->withdraw(*this); }

    void destroy_extra_context_parts() noexcept { deadline_.disarm(); }

    void complete()
    {
        const auto outcome = this->outcome();
        this->complete_with([&] {
            std::optional<Future> next;
            std::exception_ptr error;
            if (outcome == static_cast<async_op_base::outcome_type>(next_outcome::ready))
                next.emplace(core_->take_future(index_));
            else if (outcome == async_op_base::aborted)
                error = operation_aborted_error();
            else if (outcome == async_op_base::timed_out)
                error = std::make_exception_ptr(timeout_error(core_->unfinished_message()));
            else if (outcome == static_cast<async_op_base::outcome_type>(next_outcome::busy))
                error = std::make_exception_ptr(
                    std::logic_error("as_completed_stream::async_next: another async_next is still pending"));
            return std::make_tuple(error, std::move(next));
        });
    }

    boost::intrusive_ptr<stream_core<Future>> core_;
    op_deadline deadline_;
    std::size_t index_ = 0;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
