//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_SERVICE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_SERVICE_HPP

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// A pending asynchronous operation on futures. Its handler belongs to an
// execution context (the handler's executor's); when that context shuts down
// the operation is destroyed without being invoked, Asio's rule for pending
// operations, so nothing later completes into a destroyed context.
class async_op_base
{
public:
    // Called once, when the context shuts down and the operation has not yet
    // claimed its completion: detach from the futures and destroy the handler.
    virtual void abandon_at_shutdown() noexcept = 0;

protected:
    ~async_op_base() = default;

private:
    friend class async_op_service;
    async_op_base* prev_ = nullptr;
    async_op_base* next_ = nullptr;
    bool registered_ = false;
};

// Asynchronous operations live in memory from their handler's associated
// allocator, as Asio's own do.
template <class Op, class Handler>
using op_allocator_t =
    typename std::allocator_traits<asio::associated_allocator_t<Handler>>::template rebind_alloc<Op>;

// Allocates an Op with `alloc`; `construct(void*)` builds it there (inside the
// Op's own code, so its constructor may stay private).
template <class Op, class Alloc, class Construct>
Op* allocate_op(Alloc alloc, Construct&& construct)
{
    Op* op = std::allocator_traits<Alloc>::allocate(alloc, 1);
    try
    {
        construct(static_cast<void*>(op));
    }
    catch (...)
    {
        std::allocator_traits<Alloc>::deallocate(alloc, op, 1);
        throw;
    }
    return op;
}

class async_op_service final : public asio::execution_context::service
{
public:
    using key_type = async_op_service;
    static inline asio::execution_context::id id;

    explicit async_op_service(asio::execution_context& context) : asio::execution_context::service(context) {}

    template <class Executor>
    static async_op_service& of(const Executor& ex)
    {
        return asio::use_service<async_op_service>(asio::query(ex, asio::execution::context));
    }

    // False if the context is already shutting down (do not start the operation).
    bool add(async_op_base& op)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (shut_down_)
            return false;
        op.prev_ = nullptr;
        op.next_ = head_;
        if (head_)
            head_->prev_ = &op;
        head_ = &op;
        op.registered_ = true;
        return true;
    }

    // The operation completes: false if the context shut down meanwhile (then
    // the operation must be destroyed without invoking its handler).
    bool remove(async_op_base& op) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!op.registered_)
            return false;
        unlink(op);
        return !shut_down_;
    }

private:
    void unlink(async_op_base& op) noexcept
    {
        if (op.prev_)
            op.prev_->next_ = op.next_;
        else
            head_ = op.next_;
        if (op.next_)
            op.next_->prev_ = op.prev_;
        op.prev_ = op.next_ = nullptr;
        op.registered_ = false;
    }

    void shutdown() override
    {
        std::vector<async_op_base*> pending;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            shut_down_ = true;
            while (head_)
            {
                pending.push_back(head_);
                unlink(*head_);
            }
        }
        // Outside the lock: destroying a handler may destroy other operations.
        for (async_op_base* op : pending)
            op->abandon_at_shutdown();
    }

    std::mutex mutex_;
    async_op_base* head_ = nullptr;
    bool shut_down_ = false;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
