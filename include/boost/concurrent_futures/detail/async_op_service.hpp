//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The pending asynchronous operations of one execution context, and what
// becomes of them when the context shuts down.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_SERVICE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_SERVICE_HPP

#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>
#include <boost/intrusive/list.hpp>
#include <boost/intrusive_ptr.hpp>
#include <boost/smart_ptr/intrusive_ref_counter.hpp>

#include <mutex>

namespace boost {
namespace concurrent_futures {
namespace detail {

// A pending asynchronous operation as its execution context sees it: its
// context-bound parts (the handler, the work it counts, a timer) belong to the
// context's registry until one party takes them, either the completion posted
// to the handler's executor or the context's shutdown. Membership is guarded
// by the registry's mutex, and so is the hand-over to the executor, so a
// context never shuts down in the middle of a post into it.
class pending_op
{
public:
    pending_op(const pending_op&) = delete;
    pending_op& operator=(const pending_op&) = delete;

    // The context shuts down with the operation still registered: its
    // context-bound parts must go now (the context is still alive), without
    // the handler being invoked, as Asio does with its own pending operations.
    virtual void abandon() noexcept = 0;

protected:
    pending_op() noexcept = default;
    ~pending_op() = default;

private:
    friend class async_op_registry;
    boost::intrusive::list_member_hook<> hook_;
};

// Shared by a context's async_op_service and every operation registered with
// it: a thread that settles a future after the context is gone still finds out,
// here, that it must not touch the context.
class async_op_registry : public boost::intrusive_ref_counter<async_op_registry, boost::thread_safe_counter>
{
public:
    // Registers `op` (whose parts then belong to the registry). False if the
    // context already shut down: `op` was not registered.
    bool add(pending_op& op)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (shut_down_)
            return false;
        pending_.push_back(op);
        return true;
    }

    // Takes `op` out and calls `post()` (which moves its parts into the
    // executor), under the lock. Does nothing if the context shut down first:
    // then the shutdown has taken the parts. `post` must not run user code
    // other than an allocator (asio::post never invokes the handler inline).
    template <class Post>
    void hand_over(pending_op& op, Post&& post) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (shut_down_)
            return;
        pending_.erase(pending_.iterator_to(op));
        post();
    }

    // The context shuts down: every operation still registered is abandoned,
    // outside the lock (abandoning destroys handlers, which may start or end
    // other operations).
    void shut_down() noexcept
    {
        list taken;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            shut_down_ = true;
            taken.swap(pending_);
        }
        while (!taken.empty())
        {
            pending_op& op = taken.front();
            taken.pop_front();
            op.abandon();
        }
    }

private:
    using list = boost::intrusive::list<
        pending_op, boost::intrusive::member_hook<pending_op, boost::intrusive::list_member_hook<>, &pending_op::hook_>,
        boost::intrusive::constant_time_size<false>>;

    std::mutex mutex_;
    bool shut_down_ = false;
    list pending_;
};

// One per execution context that ever had an operation of this library.
class async_op_service final : public asio::execution_context::service
{
public:
    using key_type = async_op_service;
    static inline asio::execution_context::id id;

    explicit async_op_service(asio::execution_context& context)
        : asio::execution_context::service(context), registry_(new async_op_registry)
    {
    }

    template <class Executor>
    static const boost::intrusive_ptr<async_op_registry>& registry_of(const Executor& ex)
    {
        return asio::use_service<async_op_service>(asio::query(ex, asio::execution::context)).registry_;
    }

private:
    void shutdown() override { registry_->shut_down(); }

    boost::intrusive_ptr<async_op_registry> registry_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
