//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_COMPLETION_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_COMPLETION_HPP

#include <boost/concurrent_futures/detail/async_op_service.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_executor.hpp>

#include <optional>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// The Asio side every operation on many futures shares: the handler, work on
// its executor, registration with the context's async_op_service, a deadline
// timer and the cancellation slot. Owned by an Op that provides
// `finish()` (run the completion) and `cleanup()` (destroy without invoking).
template <class Handler>
class async_completion
{
public:
    using handler_executor = asio::associated_executor_t<Handler, asio::system_executor>;
    using work_executor = std::decay_t<decltype(asio::prefer(std::declval<handler_executor>(),
                                                             asio::execution::outstanding_work.tracked))>;

    explicit async_completion(Handler&& handler)
        : handler_(std::move(handler)),
          work_(asio::prefer(asio::get_associated_executor(*handler_, asio::system_executor()),
                             asio::execution::outstanding_work.tracked)),
          service_(&async_op_service::of(work_))
    {
    }

    async_op_service& service() noexcept { return *service_; }
    const work_executor& work() const noexcept { return work_; }
    auto cancellation_slot() const noexcept { return asio::get_associated_cancellation_slot(*handler_); }
    auto allocator() const noexcept { return asio::get_associated_allocator(*handler_); }

    // Posts op->finish() to the handler's executor; if that never runs (the
    // context goes away), op->cleanup() runs instead.
    template <class Op>
    void post_completion(Op* op) noexcept
    {
        try
        {
            asio::post(work_, asio::bind_allocator(allocator(), posted<Op>(op)));
        }
        catch (...)
        {
            // Out of memory: the posted object already ran op->cleanup().
        }
    }

    // Starts a timer on the handler's executor; on expiry op->on_deadline().
    template <class Op>
    void arm_deadline(Op* op, clock::time_point deadline)
    {
        timer_.emplace(asio::get_associated_executor(*handler_, asio::system_executor()), deadline);
        op->add_ref();
        timer_->async_wait(deadline_handler<Op>(op));
    }

    // In the handler's context, before the handler goes: nothing may call
    // back into the operation afterwards.
    void disarm() noexcept
    {
        auto slot = cancellation_slot();
        if (slot.is_connected())
            slot.clear();
        if (timer_)
            timer_->cancel();
    }

    Handler take_handler() { return std::move(*handler_); }
    work_executor take_work() { return std::move(work_); }

private:
    template <class Op>
    class posted
    {
    public:
        explicit posted(Op* op) noexcept : op_(op) {}
        posted(posted&& other) noexcept : op_(std::exchange(other.op_, nullptr)) {}
        posted& operator=(posted&&) = delete;
        ~posted()
        {
            if (op_)
                op_->cleanup();
        }
        void operator()() { std::exchange(op_, nullptr)->finish(); }

    private:
        Op* op_;
    };

    template <class Op>
    class deadline_handler
    {
    public:
        explicit deadline_handler(Op* op) noexcept : op_(op) {}
        deadline_handler(deadline_handler&& other) noexcept : op_(std::exchange(other.op_, nullptr)) {}
        deadline_handler& operator=(deadline_handler&&) = delete;
        ~deadline_handler()
        {
            if (op_)
                op_->release();
        }
        void operator()(const boost::system::error_code& ec)
        {
            Op* op = std::exchange(op_, nullptr);
            if (!ec)
                op->on_deadline();
            op->release();
        }

    private:
        Op* op_;
    };

    std::optional<Handler> handler_;
    work_executor work_;
    async_op_service* service_;
    std::optional<asio::steady_timer> timer_;
};

inline bool is_cancellation(asio::cancellation_type type) noexcept
{
    return (type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                    asio::cancellation_type::total)) != asio::cancellation_type::none;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
