//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The base of every asynchronous operation on futures (async_get, async_wait,
// async_next): who owns the operation at each instant, and the Asio plumbing
// they share (the handler's executor and allocator, work tracking, the
// cancellation slot, the context-shutdown registration).

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_ASYNC_OP_HPP

#include <boost/concurrent_futures/detail/async_op_service.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/intrusive_ptr.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// What an operation that was cancelled through Asio completes with.
inline std::exception_ptr operation_aborted_error()
{
    return std::make_exception_ptr(boost::system::system_error(asio::error::operation_aborted));
}

inline bool is_cancellation(asio::cancellation_type type) noexcept
{
    return (type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                    asio::cancellation_type::total)) != asio::cancellation_type::none;
}

// The ownership protocol, the same for every operation:
//
// - Memory is reference counted. References: the initiating function's while
//   it runs; one for the context-bound parts, held by whoever holds them; one
//   per source that can still call the operation (a callback node linked into
//   a future, a stream's waiter slot); an armed timer's handler. Memory holds
//   nothing bound to the context, so a thread that drops the last reference
//   after the context is gone touches nothing of it.
// - The context-bound parts (the handler, the tracked work, the cancellation
//   slot's handler, a timer) have one owner at every instant: the context's
//   registry while the operation is pending, then either the completion posted
//   to the handler's executor (which runs there, or is destroyed by that
//   context's shutdown) or the shutdown itself. Either way they go while the
//   context is alive.
// - Exactly one claim decides how the operation ends (an atomic word): a
//   source (a future settled), a cancellation, the deadline or the shutdown.
//   The winner detaches the operation from its sources, then hands the parts
//   to the executor under the registry's lock; if the context shut down first,
//   the shutdown has destroyed them and the winner only lets go of its
//   reference. A claim made while the initiating function still runs is
//   finished by it once every source is in place.
//
// Nobody ever waits for another party: a context destroyed from a done-callback
// (while the settling thread holds operations it has detached but not yet
// claimed) abandons them, and the settling thread then loses its claims.
class async_op_base : public pending_op
{
public:
    using outcome_type = std::uint8_t;
    static constexpr outcome_type no_outcome = 0;
    static constexpr outcome_type abandoned = 1; // the context shut down
    static constexpr outcome_type aborted = 2;   // cancelled through the slot
    static constexpr outcome_type timed_out = 3;
    static constexpr outcome_type first_own_outcome = 4; // an operation's own outcomes start here

    enum class claim_result
    {
        lost,
        won,
        won_while_initiating // the initiating function finishes it
    };

    friend void intrusive_ptr_add_ref(async_op_base* op) noexcept { op->refs_.fetch_add(1, std::memory_order_relaxed); }

    friend void intrusive_ptr_release(async_op_base* op) noexcept
    {
        if (op->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            op->deallocate();
    }

    // Makes `o` the operation's outcome unless another claim came first.
    claim_result claim(outcome_type o) noexcept
    {
        std::uint8_t w = word_.load(std::memory_order_relaxed);
        do
        {
            if (w >> 1)
                return claim_result::lost;
        } while (!word_.compare_exchange_weak(w, static_cast<std::uint8_t>(w | (o << 1)), std::memory_order_acq_rel,
                                              std::memory_order_relaxed));
        return (w & initiating_bit) ? claim_result::won_while_initiating : claim_result::won;
    }

    // Claims and, if that won, completes. True unless another claim came first.
    bool claim_and_complete(outcome_type o) noexcept
    {
        const claim_result c = claim(o);
        if (c == claim_result::won)
            complete_claimed();
        return c != claim_result::lost;
    }

    // After a won claim: stop listening, then hand the parts to the executor.
    void complete_claimed() noexcept
    {
        detach_sources();
        hand_over();
    }

    // Once claimed, and ordered after the claim by the hand-over.
    outcome_type outcome() const noexcept
    {
        return static_cast<outcome_type>(word_.load(std::memory_order_acquire) >> 1);
    }

    void abandon() noexcept final
    {
        if (claim(abandoned) != claim_result::lost)
            detach_sources();
        destroy_context_parts();
        intrusive_ptr_release(this); // the parts' reference
    }

protected:
    async_op_base() noexcept = default;
    ~async_op_base() = default;

    // The initiating function is done with the operation: finishes a claim
    // made meanwhile and drops the initiation's reference (`this` may be gone
    // afterwards).
    void end_initiation() noexcept
    {
        const std::uint8_t w = word_.fetch_and(static_cast<std::uint8_t>(~initiating_bit), std::memory_order_acq_rel);
        if (w >> 1)
            complete_claimed();
        intrusive_ptr_release(this);
    }

    // Stops every source from calling the operation again, dropping the
    // references they held (a source that already let go of the operation
    // drops its own when it is done with it).
    virtual void detach_sources() noexcept = 0;

    // Moves the context-bound parts into a completion posted to the handler's
    // executor, unless the context shut down first.
    virtual void hand_over() noexcept = 0;

    // Destroys the context-bound parts without invoking the handler.
    virtual void destroy_context_parts() noexcept = 0;

    virtual void deallocate() noexcept = 0;

private:
    static constexpr std::uint8_t initiating_bit = 1;

    std::atomic<std::size_t> refs_{2}; // the initiation's and the context-bound parts'
    std::atomic<std::uint8_t> word_{initiating_bit};
};

// The cancellation handler of an operation that only waits: every type ends
// it with operation_aborted, since ending a wait has no side effect to undo.
class abort_on_cancellation
{
public:
    explicit abort_on_cancellation(async_op_base* op) noexcept : op_(op) {}

    void operator()(asio::cancellation_type type)
    {
        if (is_cancellation(type))
            op_->claim_and_complete(async_op_base::aborted);
    }

private:
    async_op_base* op_;
};

// The Asio side of an operation Derived (which provides `detach_sources()`,
// `complete()`, run in the handler's context, and optionally
// `destroy_extra_context_parts()`), completed through a Handler. Memory comes
// from the handler's associated allocator; the handler runs on its associated
// executor (default: the system executor), whose context counts the operation
// as outstanding work while it is pending.
template <class Derived, class Handler>
class async_op : public async_op_base
{
public:
    using handler_executor = asio::associated_executor_t<Handler, asio::system_executor>;
    using work_executor = std::decay_t<decltype(asio::prefer(std::declval<handler_executor>(),
                                                             asio::execution::outstanding_work.tracked))>;
    using allocator_type =
        typename std::allocator_traits<asio::associated_allocator_t<Handler>>::template rebind_alloc<Derived>;

    // Allocates and constructs a Derived(handler, args...) with the handler's
    // allocator. Throws what the allocator or the constructor throws (nothing
    // is left behind then).
    template <class... Args>
    static Derived* create(Handler&& handler, Args&&... args)
    {
        allocator_type alloc(asio::get_associated_allocator(handler));
        Derived* op = std::allocator_traits<allocator_type>::allocate(alloc, 1);
        try
        {
            ::new (static_cast<void*>(op)) Derived(std::move(handler), std::forward<Args>(args)...);
        }
        catch (...)
        {
            std::allocator_traits<allocator_type>::deallocate(alloc, op, 1);
            throw;
        }
        return op;
    }

protected:
    explicit async_op(Handler&& handler)
        : alloc_(asio::get_associated_allocator(handler)), handler_(std::move(handler)),
          work_(asio::prefer(asio::get_associated_executor(*handler_, asio::system_executor()),
                             asio::execution::outstanding_work.tracked)),
          registry_(async_op_service::registry_of(*work_))
    {
    }

    ~async_op() = default;

    // First step of the initiating function: registers with the handler's
    // context and connects a bound cancellation slot to a
    // CancelHandler(Derived*). False if that context already shut down: the
    // operation is then gone, its handler destroyed unrun.
    template <class CancelHandler>
    bool begin_initiation()
    {
        if (!registry_->add(*this))
        {
            destroy_context_parts();
            deallocate(); // nobody else ever saw it
            return false;
        }
        auto slot = asio::get_associated_cancellation_slot(*handler_);
        if (slot.is_connected())
            slot.template emplace<CancelHandler>(static_cast<Derived*>(this));
        return true;
    }

    // The executor a deadline is measured on (during the initiation).
    handler_executor deadline_executor() const
    {
        return asio::get_associated_executor(*handler_, asio::system_executor());
    }

    // For Derived::complete(), in the handler's context: takes the handler,
    // destroys the other context-bound parts, builds the completion's
    // arguments with `make_args()` (a tuple, from the operation's memory),
    // drops the parts' reference (so the memory goes back before the upcall,
    // as Asio asks, unless a source still holds it) and invokes the handler.
    // The context's work stays counted until the handler returns.
    template <class MakeArgs>
    void complete_with(MakeArgs&& make_args)
    {
        clear_cancellation_slot();
        static_cast<Derived*>(this)->destroy_extra_context_parts();
        Handler handler(std::move(*handler_));
        handler_.reset();
        [[maybe_unused]] work_executor work(std::move(*work_));
        work_.reset();
        auto args = std::forward<MakeArgs>(make_args)();
        intrusive_ptr_release(this);
        std::apply(std::move(handler), std::move(args));
    }

    // Default: nothing beyond the handler, the work and the slot.
    void destroy_extra_context_parts() noexcept {}

private:
    // Carries the context-bound parts (and their reference) to the handler's
    // executor: run, it completes the operation; destroyed unrun (the context
    // shut down), it destroys them.
    class posted_completion
    {
    public:
        explicit posted_completion(Derived* op) noexcept : op_(op) {}
        posted_completion(posted_completion&& other) noexcept : op_(std::exchange(other.op_, nullptr)) {}
        posted_completion& operator=(posted_completion&&) = delete;
        ~posted_completion()
        {
            if (op_)
            {
                op_->destroy_context_parts();
                intrusive_ptr_release(op_);
            }
        }
        void operator()() { std::exchange(op_, nullptr)->complete(); }

    private:
        Derived* op_;
    };

    void hand_over() noexcept final
    {
        registry_->hand_over(*this, [this]() noexcept {
            try
            {
                asio::post(*work_, asio::bind_allocator(alloc_, posted_completion(static_cast<Derived*>(this))));
            }
            catch (...)
            {
                // Out of memory: the posted_completion was destroyed unrun,
                // and with it the parts (the handler is never invoked).
            }
        });
    }

    void destroy_context_parts() noexcept final
    {
        if (!handler_)
            return;
        clear_cancellation_slot();
        static_cast<Derived*>(this)->destroy_extra_context_parts();
        handler_.reset();
        work_.reset();
    }

    void deallocate() noexcept final
    {
        allocator_type alloc(alloc_);
        Derived* self = static_cast<Derived*>(this);
        self->~Derived();
        std::allocator_traits<allocator_type>::deallocate(alloc, self, 1);
    }

    void clear_cancellation_slot() noexcept
    {
        auto slot = asio::get_associated_cancellation_slot(*handler_);
        if (slot.is_connected())
            slot.clear();
    }

    allocator_type alloc_;
    std::optional<Handler> handler_;
    std::optional<work_executor> work_;
    boost::intrusive_ptr<async_op_registry> registry_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
