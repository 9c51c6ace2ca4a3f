//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A deadline for an asynchronous operation (async_wait and async_next with a
// timeout), measured by a timer on the handler's executor.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_OP_DEADLINE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_OP_DEADLINE_HPP

#include <boost/concurrent_futures/detail/async_op.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive_ptr.hpp>
#include <boost/system/error_code.hpp>

#include <optional>

namespace boost {
namespace concurrent_futures {
namespace detail {

// A deadline measured on the handler's executor: when it passes, the
// operation is claimed with `timed_out`. One of the context-bound parts.
class op_deadline
{
public:
    template <class Executor>
    void arm(async_op_base& op, const Executor& ex, clock::time_point when)
    {
        timer_.emplace(ex, when);
        timer_->async_wait(expiry(&op));
    }

    // Destroying the timer cancels its wait (the handler then runs with
    // operation_aborted and only drops its reference).
    void disarm() noexcept { timer_.reset(); }

private:
    class expiry
    {
    public:
        explicit expiry(async_op_base* op) noexcept : op_(op) {}
        void operator()(const boost::system::error_code& ec)
        {
            if (!ec)
                op_->claim_and_complete(async_op_base::timed_out);
        }

    private:
        boost::intrusive_ptr<async_op_base> op_;
    };

    std::optional<asio::steady_timer> timer_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
