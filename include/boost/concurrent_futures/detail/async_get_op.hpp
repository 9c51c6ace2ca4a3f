//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_GET_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_GET_OP_HPP

#include <boost/concurrent_futures/detail/async_op_service.hpp>
#include <boost/concurrent_futures/detail/result_state.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/system/system_error.hpp>

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// What a wait that was cancelled through Asio completes with.
inline std::exception_ptr operation_aborted_error()
{
    return std::make_exception_ptr(boost::system::system_error(asio::error::operation_aborted));
}

// Invokes `handler` with a done future's outcome: (exception_ptr, T) or (exception_ptr).
template <class T, class Handler>
void invoke_with_outcome(Handler& handler, const result_state<T>& s)
{
    std::exception_ptr error;
    if (s.status() != future_state::finished)
        error = std::make_exception_ptr(cancelled_error());
    else if (s.has_exception())
        error = s.stored_exception();
    if constexpr (std::is_void_v<T>)
        std::move(handler)(error);
    else if (error)
        std::move(handler)(error, T{});
    else
        std::move(handler)(error, T(s.value()));
}

// future<T>::async_get: one callback node on the future, completed through the
// handler's executor. Exactly one of three paths owns it at the end: the
// future settling, an Asio cancellation, or the context shutting down.
template <class T, class Handler>
class async_get_op final : public listener, public async_op_base
{
public:
    using handler_executor = asio::associated_executor_t<Handler, asio::system_executor>;
    using work_executor = std::decay_t<decltype(asio::prefer(std::declval<handler_executor>(),
                                                             asio::execution::outstanding_work.tracked))>;
    using allocator_type = op_allocator_t<async_get_op, Handler>;

    static void start(Handler&& handler, result_state<T>& s)
    {
        allocator_type alloc(asio::get_associated_allocator(handler));
        async_get_op* op = allocate_op<async_get_op>(
            alloc, [&](void* p) { ::new (p) async_get_op(std::move(handler), s); });
        op->begin();
    }

    // The future settled (outside its lock, on whatever thread settled it).
    void invoke(state_base&) noexcept override
    {
        if (!service_->remove(*this))
        {
            destroy();
            return;
        }
        complete_in_handler_context(false);
    }

    void abandon_at_shutdown() noexcept override
    {
        // If the future already detached us, its invoke() owns us and will
        // see the shutdown; otherwise we do.
        if (state_->unlink(*this))
            destroy();
    }

private:
    async_get_op(Handler&& handler, result_state<T>& s)
        : listener(interest_done, /*is_callback=*/true), state_(state_ptr<result_state<T>>::share(&s)),
          handler_(std::move(handler)),
          work_(asio::prefer(asio::get_associated_executor(handler_, asio::system_executor()),
                             asio::execution::outstanding_work.tracked)),
          service_(&async_op_service::of(work_))
    {
    }

    void begin()
    {
        if (!service_->add(*this))
        {
            destroy(); // the context is shutting down
            return;
        }
        // Before linking: the future may settle on another thread at once.
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected())
            slot.template emplace<cancel_handler>(this);
        if (!state_->link(*this))
        {
            // Already done: complete, but never inside the initiating call.
            if (service_->remove(*this))
                complete_in_handler_context(/*post=*/true);
            else
                destroy();
        }
    }

    // Constructed in place by the slot (emplace): a constructor, not an
    // aggregate, so compilers without parenthesized aggregate init take it.
    struct cancel_handler
    {
        explicit cancel_handler(async_get_op* o) noexcept : op(o) {}

        async_get_op* op;

        void operator()(asio::cancellation_type type)
        {
            if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                         asio::cancellation_type::total)) == asio::cancellation_type::none)
                return;
            // Runs in the handler's context; if the future already detached us
            // its completion is on its way and wins.
            async_get_op* self = op; // clearing the slot below destroys this functor
            if (!self->state_->unlink(*self))
                return;
            if ((type & asio::cancellation_type::total) != asio::cancellation_type::none)
                self->state_->cancel(); // the task, if it has not started
            self->aborted_ = true;
            if (self->service_->remove(*self))
                self->complete_in_handler_context(/*post=*/true);
            else
                self->destroy();
        }
    };

    // Owns the operation while it travels to the handler's executor: run, it
    // completes; destroyed unrun (the context shut down), it just cleans up.
    class completion
    {
    public:
        explicit completion(async_get_op* op) noexcept : op_(op) {}
        completion(completion&& other) noexcept : op_(std::exchange(other.op_, nullptr)) {}
        completion& operator=(completion&&) = delete;
        ~completion()
        {
            if (op_)
                op_->destroy();
        }
        void operator()() { std::exchange(op_, nullptr)->finish(); }

    private:
        async_get_op* op_;
    };

    void complete_in_handler_context(bool post) noexcept
    {
        try
        {
            auto fn = asio::bind_allocator(asio::get_associated_allocator(handler_), completion(this));
            if (post)
                asio::post(work_, std::move(fn));
            else
                asio::dispatch(work_, std::move(fn));
        }
        catch (...)
        {
            // Could not even queue the completion (out of memory): the
            // completion object already cleaned up.
        }
    }

    // In the handler's context.
    void finish()
    {
        clear_cancellation_slot();
        allocator_type alloc(asio::get_associated_allocator(handler_));
        Handler handler(std::move(handler_));
        state_ptr<result_state<T>> s = std::move(state_);
        const bool aborted = aborted_;
        [[maybe_unused]] auto work = std::move(work_); // keeps the context running until the upcall
        // Memory goes back before the upcall, as Asio requires.
        this->~async_get_op();
        std::allocator_traits<allocator_type>::deallocate(alloc, this, 1);
        if (aborted)
        {
            if constexpr (std::is_void_v<T>)
                std::move(handler)(operation_aborted_error());
            else
                std::move(handler)(operation_aborted_error(), T{});
        }
        else
        {
            invoke_with_outcome<T>(handler, *s);
        }
    }

    void clear_cancellation_slot() noexcept
    {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected())
            slot.clear();
    }

    // Without invoking the handler.
    void destroy() noexcept
    {
        clear_cancellation_slot();
        allocator_type alloc(asio::get_associated_allocator(handler_));
        this->~async_get_op();
        std::allocator_traits<allocator_type>::deallocate(alloc, this, 1);
    }

    state_ptr<result_state<T>> state_;
    Handler handler_;
    work_executor work_;
    async_op_service* service_;
    bool aborted_ = false;
};

template <class T>
struct initiate_async_get
{
    template <class Handler>
    void operator()(Handler&& handler, result_state<T>* s) const
    {
        async_get_op<T, std::decay_t<Handler>>::start(std::forward<Handler>(handler), *s);
    }
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
