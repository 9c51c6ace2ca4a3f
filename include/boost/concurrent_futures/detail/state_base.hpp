//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The shared state behind every future: CPython's state machine, the
// listeners, the exception, and the reference count its handles share.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_STATE_BASE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_STATE_BASE_HPP

#include <boost/concurrent_futures/detail/blocking_wait.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/listener.hpp>
#include <boost/concurrent_futures/detail/state_word.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future_state.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <boost/intrusive_ptr.hpp>

#include <atomic>
#include <charconv>
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Lets an executor act between a task's end and its result becoming visible.
struct publish_hook
{
    void (*fn)(void*) = nullptr;
    void* context = nullptr;

    void operator()() const noexcept
    {
        if (fn)
            fn(context);
    }
};

// The state machine in one atomic word (state_word), an intrusive list of
// listeners under its lock bit, and the exception. Typed storage for the
// value lives in result_state<T>, the task in executor-specific subclasses,
// so a submitted task is one allocation. Handles are boost::intrusive_ptr.
//
// The uncontended cost of settling a future nobody waits on is one
// compare-exchange and one store.
class state_base
{
public:
    state_base(const state_base&) = delete;
    state_base& operator=(const state_base&) = delete;

    friend void intrusive_ptr_add_ref(const state_base* s) noexcept
    {
        s->refs_.fetch_add(1, std::memory_order_relaxed);
    }

    friend void intrusive_ptr_release(const state_base* s) noexcept
    {
        if (s->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            const_cast<state_base*>(s)->destroy_self();
    }

    // --- observers --------------------------------------------------------------

    future_state status() const noexcept { return word_.status(); }

    // Precondition: status() returned finished (which orders the read).
    bool has_exception() const noexcept { return static_cast<bool>(exception_); }
    const std::exception_ptr& stored_exception() const noexcept { return exception_; }

    // CPython's repr: "<future at 0x... state=finished returned int>".
    std::string describe() const
    {
        // Not "%p": Windows prints it without "0x".
        char address[2 + 2 * sizeof(void*)] = {'0', 'x'};
        char* const address_end =
            std::to_chars(address + 2, address + sizeof address, reinterpret_cast<std::uintptr_t>(this), 16).ptr;
        const future_state s = status();
        std::string out = "<future at ";
        out.append(address, address_end);
        out += " state=";
        out += state_description(s);
        if (s == future_state::finished)
        {
            out += exception_ ? " raised " : " returned ";
            out += exception_ ? exception_type_name(exception_) : value_type_name();
        }
        out += '>';
        return out;
    }

    // Demangled name of the value type ("int", "void", ...).
    virtual std::string value_type_name() const = 0;

    // --- transitions (CPython's Future methods) --------------------------------

    bool cancel()
    {
        const future_state s = word_.lock();
        if (s != future_state::pending)
        {
            word_.unlock(s);
            return s != future_state::running && s != future_state::finished;
        }
        settle(future_state::cancelled, settle_event::cancelled);
        return true;
    }

    bool set_running_or_notify_cancel()
    {
        if (word_.try_start())
            return true;
        const future_state s = word_.lock();
        if (s == future_state::cancelled)
        {
            // Asynchronous waits are callbacks interested in this event.
            settle(future_state::cancelled_and_notified, settle_event::cancel_notified);
            return false;
        }
        if (s == future_state::pending)
        {
            word_.unlock(future_state::running);
            return true;
        }
        word_.unlock(s);
        std::string message = "set_running_or_notify_cancel: future in unexpected state ";
        message += to_string(s);
        message += ": ";
        message += describe();
        detail::log(log_level::critical, message);
        throw invalid_state_error(message);
    }

    void set_exception(std::exception_ptr e)
    {
        if (!e)
            throw std::invalid_argument("set_exception: the exception_ptr is null; "
                                        "pass std::current_exception() or std::make_exception_ptr(...)");
        finish([&] { exception_ = std::move(e); });
    }

    // --- executor hooks ----------------------------------------------------------

    // Run the work this state carries (tasks only). `before_publish` runs once
    // the work is done, just before waiters can see the outcome.
    virtual void execute(const publish_hook& before_publish) noexcept { before_publish(); }

    // Drop the work without running it (tasks only).
    virtual void discard_work() noexcept {}

    // The executor will never run this task: cancel it and tell its waiters, so
    // nothing blocks on it forever.
    void abandon() noexcept
    {
        try
        {
            cancel();
            set_running_or_notify_cancel();
        }
        catch (...)
        {
            // Someone finished it by hand; nothing is left waiting.
        }
        discard_work();
    }

    // A broken executor fails what it had not started: CANCELLED futures are
    // notified, PENDING ones finish with `e`.
    void fail_unstarted(const std::exception_ptr& e) noexcept
    {
        const future_state s = word_.lock();
        if (s == future_state::cancelled)
            settle(future_state::cancelled_and_notified, settle_event::cancel_notified);
        else if (s == future_state::pending)
        {
            exception_ = e;
            settle(future_state::finished, settle_event::finished);
        }
        else
            word_.unlock(s);
        discard_work();
    }

    // --- waiting -----------------------------------------------------------------

    // Blocks until done (finished or cancelled); false if the deadline passed first.
    bool wait_done(const std::optional<clock::time_point>& deadline = std::nullopt) const
    {
        if (is_done(status()))
            return true;
        if (deadline && clock::now() >= *deadline)
            return false;
        if (spin_until([this] { return is_done(status()); }, deadline))
            return true;
        once_waiter w;
        if (!link(w))
            return true;
        if (w.wait(deadline))
            return true;
        // Timed out: take the node back, unless a notifier already owns it (then
        // it has finished with it, since it held the lock we just took).
        return !unlink(w);
    }

    // Links `node` unless the future already is past every event the node wants.
    // Returns false (and does not link) in that case.
    bool link(listener& node) const
    {
        const future_state s = word_.lock();
        const bool too_late = listener_list::too_late(node, is_done(s), is_settled(s));
        if (!too_late)
            listeners_.push_back(node);
        word_.unlock(s);
        return !too_late;
    }

    // Unlinks `node` if it still is linked; returns whether it was.
    bool unlink(listener& node) const noexcept
    {
        const future_state s = word_.lock();
        const bool was_linked = listeners_.erase(node);
        word_.unlock(s);
        return was_linked;
    }

protected:
    state_base() noexcept = default;

    virtual ~state_base() { listeners_.discard_all(); }

    virtual void destroy_self() noexcept { delete this; }

    // Moves the state to FINISHED after `store` wrote the outcome, under the lock.
    // Throws invalid_state_error if the future is already done.
    template <class Store>
    void finish(Store&& store)
    {
        const future_state s = word_.lock();
        if (is_done(s))
        {
            word_.unlock(s);
            throw_invalid_state(s);
        }
        try
        {
            store();
        }
        catch (...)
        {
            word_.unlock(s);
            throw;
        }
        settle(future_state::finished, settle_event::finished);
    }

    // Status without ordering, for destructors (already synchronized by the
    // last reference's release).
    future_state status_relaxed() const noexcept { return word_.status_relaxed(); }

private:
    static const char* state_description(future_state s) noexcept
    {
        switch (s)
        {
        case future_state::pending:
            return "pending";
        case future_state::running:
            return "running";
        case future_state::cancelled:
        case future_state::cancelled_and_notified:
            return "cancelled";
        case future_state::finished:
            return "finished";
        }
        return "unknown";
    }

    // Under the lock, moving to `s`: the new status is visible before any
    // listener hears `e` (a woken waiter must not see the old one); releases
    // the lock, then runs the callbacks.
    void settle(future_state s, settle_event e) noexcept
    {
        if (listeners_.empty())
        {
            word_.unlock(s);
            return;
        }
        word_.publish(s);
        callback_chain callbacks;
        listeners_.settle(*this, e, callbacks);
        word_.unlock(s);
        callbacks.run(*this);
    }

    [[noreturn]] void throw_invalid_state(future_state s) const
    {
        std::string message(to_string(s));
        message += ": ";
        message += describe();
        throw invalid_state_error(message);
    }

    state_word word_;
    mutable std::atomic<std::uint32_t> refs_{1};
    mutable listener_list listeners_;
    std::exception_ptr exception_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
