//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_STATE_BASE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_STATE_BASE_HPP

#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future_state.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

// How long a thread about to block on a future first watches it, in
// microseconds; 0 turns spinning off.
#ifndef BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS
#define BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS 20
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {

// What just happened to a future, as its listeners are told.
enum class settle_event : std::uint8_t
{
    cancelled = 1,       // PENDING -> CANCELLED
    cancel_notified = 2, // CANCELLED -> CANCELLED_AND_NOTIFIED
    finished = 4,        // -> FINISHED (result or exception)
};

class state_base;

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

// Something waiting on a future: a blocked thread, a wait()/as_completed()
// call, a done-callback, an asynchronous operation. Listeners are intrusive
// nodes, so registering one never allocates.
//
// Every listener hears at most one event and is unlinked before it is told.
// Waiters are told while the state's lock is held and must only record and
// wake; callbacks are detached under the lock and invoked after it is released.
class listener
{
public:
    listener(const listener&) = delete;
    listener& operator=(const listener&) = delete;

    // Waiters: record the event. Runs under the state's lock; must not block
    // for long, throw, or touch the state's public interface.
    virtual void notify(state_base&, settle_event) noexcept {}

    // Callbacks: run after the lock is released. Owns the node from then on.
    virtual void invoke(state_base&) noexcept {}

    // Callbacks only: the state is being destroyed without ever settling.
    virtual void discard() noexcept {}

protected:
    listener(std::uint8_t interest, bool is_callback) noexcept : interest_(interest), is_callback_(is_callback) {}
    ~listener() = default;

private:
    friend class state_base;

    listener* prev_ = nullptr;
    listener* next_ = nullptr;
    bool linked_ = false; // guarded by the state's lock
    const std::uint8_t interest_;
    const bool is_callback_;
};

inline constexpr std::uint8_t interest_done =
    static_cast<std::uint8_t>(settle_event::cancelled) | static_cast<std::uint8_t>(settle_event::finished);
inline constexpr std::uint8_t interest_settled =
    static_cast<std::uint8_t>(settle_event::cancel_notified) | static_cast<std::uint8_t>(settle_event::finished);

inline bool is_done(future_state s) noexcept
{
    return s >= future_state::cancelled;
}

// Done as wait() and as_completed() see it: a cancelled future only counts once
// its executor has noticed (CPython's CANCELLED_AND_NOTIFIED).
inline bool is_settled(future_state s) noexcept
{
    return s == future_state::cancelled_and_notified || s == future_state::finished;
}

inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// A blocked thread in result()/exception().
class once_waiter final : public listener
{
public:
    once_waiter() noexcept : listener(interest_done, false) {}

    void notify(state_base&, settle_event) noexcept override
    {
        // Notify while holding the mutex: the waiter may return (and this node
        // vanish from its stack) as soon as it can observe `fired`.
        std::lock_guard<std::mutex> lock(mutex_);
        fired_ = true;
        cv_.notify_one();
    }

    // False when the deadline passed first.
    bool wait(const std::optional<clock::time_point>& deadline)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!deadline)
        {
            cv_.wait(lock, [this] { return fired_; });
            return true;
        }
        return cv_.wait_until(lock, *deadline, [this] { return fired_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool fired_ = false;
};

// The shared state behind every future: CPython's state machine in one atomic
// word (3 status bits and a lock bit), an intrusive list of listeners, and the
// exception. Typed storage for the value lives in result_state<T>, the task in
// executor-specific subclasses, so a submitted task is one allocation.
//
// The lock bit guards the listener list and state transitions; reads of the
// status never take it. The uncontended cost of settling a future nobody waits
// on is one compare-exchange and one store.
class state_base
{
public:
    state_base(const state_base&) = delete;
    state_base& operator=(const state_base&) = delete;

    // --- reference counting ---------------------------------------------------

    void add_ref() const noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }

    void release() const noexcept
    {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            const_cast<state_base*>(this)->destroy_self();
    }

    // --- observers --------------------------------------------------------------

    future_state status() const noexcept
    {
        return static_cast<future_state>(word_.load(std::memory_order_acquire) & status_bits);
    }

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
            if (exception_)
            {
                out += " raised ";
                out += exception_type_name(exception_);
            }
            else
            {
                out += " returned ";
                out += value_type_name();
            }
        }
        out += '>';
        return out;
    }

    // Demangled name of the value type ("int", "void", ...).
    virtual std::string value_type_name() const = 0;

    // --- transitions (CPython's Future methods) --------------------------------

    bool cancel()
    {
        const std::uint32_t w = lock();
        const auto s = status_of(w);
        if (s == future_state::running || s == future_state::finished)
        {
            unlock(w);
            return false;
        }
        if (s == future_state::cancelled || s == future_state::cancelled_and_notified)
        {
            unlock(w);
            return true;
        }
        listener* callbacks = publish(future_state::cancelled, settle_event::cancelled);
        unlock(future_state::cancelled);
        run_callbacks(callbacks);
        return true;
    }

    bool set_running_or_notify_cancel()
    {
        // Hot path for executors: PENDING -> RUNNING tells no one.
        std::uint32_t expected = static_cast<std::uint32_t>(future_state::pending);
        if (word_.compare_exchange_strong(expected, static_cast<std::uint32_t>(future_state::running),
                                          std::memory_order_acq_rel, std::memory_order_relaxed))
            return true;

        const std::uint32_t w = lock();
        const auto s = status_of(w);
        if (s == future_state::cancelled)
        {
            // Asynchronous waits are callbacks interested in this event.
            listener* callbacks = publish(future_state::cancelled_and_notified, settle_event::cancel_notified);
            unlock(future_state::cancelled_and_notified);
            run_callbacks(callbacks);
            return false;
        }
        if (s == future_state::pending)
        {
            unlock(future_state::running);
            return true;
        }
        unlock(w);
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
        const std::uint32_t w = lock();
        const auto s = status_of(w);
        listener* callbacks = nullptr;
        if (s == future_state::cancelled)
        {
            callbacks = publish(future_state::cancelled_and_notified, settle_event::cancel_notified);
            unlock(future_state::cancelled_and_notified);
        }
        else if (s == future_state::pending)
        {
            exception_ = e;
            callbacks = publish(future_state::finished, settle_event::finished);
            unlock(future_state::finished);
        }
        else
        {
            unlock(w);
        }
        run_callbacks(callbacks);
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
        if (spin_until_done(deadline))
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

    // A result that arrives within microseconds (a round trip to a worker that
    // is idle) costs less to watch for than to sleep for: waking a blocked
    // thread takes about as long again. Bounded, so long tasks lose nothing
    // that matters; skipped where a spinning thread would hold the only core.
    bool spin_until_done(const std::optional<clock::time_point>& deadline) const
    {
        static const bool worth_spinning =
            BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS > 0 && std::thread::hardware_concurrency() > 1;
        if (!worth_spinning)
            return false;
        const auto now = clock::now();
        auto until = now + std::chrono::microseconds(BOOST_CONCURRENT_FUTURES_WAIT_SPIN_MICROSECONDS);
        if (deadline && *deadline < until)
            until = *deadline;
        for (;;)
        {
            for (int i = 0; i < 64; ++i)
            {
                if (is_done(status()))
                    return true;
                cpu_relax();
            }
            if (clock::now() >= until)
                return false;
        }
    }

    // Links `node` unless the future already is past every event the node wants.
    // Returns false (and does not link) in that case.
    bool link(listener& node) const
    {
        const std::uint32_t w = lock();
        const auto s = status_of(w);
        const bool too_late =
            (node.interest_ & static_cast<std::uint8_t>(settle_event::cancelled)) ? is_done(s) : is_settled(s);
        if (!too_late)
        {
            node.prev_ = tail_;
            node.next_ = nullptr;
            if (tail_)
                tail_->next_ = &node;
            else
                head_ = &node;
            tail_ = &node;
            node.linked_ = true;
        }
        unlock(w);
        return !too_late;
    }

    // Unlinks `node` if it still is linked; returns whether it was.
    bool unlink(listener& node) const noexcept
    {
        const std::uint32_t w = lock();
        const bool was_linked = node.linked_;
        if (was_linked)
            unlink_locked(node);
        unlock(w);
        return was_linked;
    }

protected:
    state_base() noexcept = default;

    // Only callbacks can remain: waiters hold references while linked.
    virtual ~state_base()
    {
        for (listener* n = head_; n;)
        {
            listener* next = n->next_;
            n->discard();
            n = next;
        }
    }

    virtual void destroy_self() noexcept { delete this; }

    // Moves the state to FINISHED after `store` wrote the outcome, under the lock.
    // Throws invalid_state_error if the future is already done.
    template <class Store>
    void finish(Store&& store)
    {
        const std::uint32_t w = lock();
        const auto s = status_of(w);
        if (is_done(s))
        {
            unlock(w);
            throw_invalid_state(s);
        }
        try
        {
            store();
        }
        catch (...)
        {
            unlock(w);
            throw;
        }
        listener* callbacks = publish(future_state::finished, settle_event::finished);
        unlock(future_state::finished);
        run_callbacks(callbacks);
    }

    // Status without ordering, for destructors (already synchronized by release()).
    future_state status_relaxed() const noexcept
    {
        return static_cast<future_state>(word_.load(std::memory_order_relaxed) & status_bits);
    }

private:
    static constexpr std::uint32_t status_bits = 0x7;
    static constexpr std::uint32_t lock_bit = 0x8;

    static future_state status_of(std::uint32_t word) noexcept { return static_cast<future_state>(word & status_bits); }

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

    // Returns the word as it was, lock bit clear.
    std::uint32_t lock() const noexcept
    {
        std::uint32_t w = word_.load(std::memory_order_relaxed);
        for (unsigned spins = 0;; ++spins)
        {
            if (!(w & lock_bit))
            {
                if (word_.compare_exchange_weak(w, w | lock_bit, std::memory_order_acquire, std::memory_order_relaxed))
                    return w;
                continue;
            }
            // Holders only relink nodes or wake a thread: spin briefly, then yield.
            if (spins < 64)
                cpu_relax();
            else
                std::this_thread::yield();
            w = word_.load(std::memory_order_relaxed);
        }
    }

    void unlock(std::uint32_t word) const noexcept { word_.store(word & status_bits, std::memory_order_release); }

    void unlock(future_state s) const noexcept { unlock(static_cast<std::uint32_t>(s)); }

    void unlink_locked(listener& node) const noexcept
    {
        if (node.prev_)
            node.prev_->next_ = node.next_;
        else
            head_ = node.next_;
        if (node.next_)
            node.next_->prev_ = node.prev_;
        else
            tail_ = node.prev_;
        node.prev_ = node.next_ = nullptr;
        node.linked_ = false;
    }

    // Under the lock, moving to `s`: makes the new status visible first (a woken
    // waiter must not see the old one), then tells the listeners. Returns the
    // callbacks to run once unlocked.
    listener* publish(future_state s, settle_event e) const noexcept
    {
        if (!head_)
            return nullptr;
        word_.store(static_cast<std::uint32_t>(s) | lock_bit, std::memory_order_release);
        return settle_listeners(e);
    }

    // Under the lock: tells interested waiters, detaches interested callbacks and
    // returns them in the order they were added.
    listener* settle_listeners(settle_event e) const noexcept
    {
        const auto bit = static_cast<std::uint8_t>(e);
        listener* callbacks_head = nullptr;
        listener* callbacks_tail = nullptr;
        for (listener* n = head_; n;)
        {
            listener* next = n->next_;
            if (n->interest_ & bit)
            {
                unlink_locked(*n);
                if (n->is_callback_)
                {
                    if (callbacks_tail)
                        callbacks_tail->next_ = n;
                    else
                        callbacks_head = n;
                    callbacks_tail = n;
                }
                else
                {
                    n->notify(const_cast<state_base&>(*this), e);
                }
            }
            n = next;
        }
        return callbacks_head;
    }

    void run_callbacks(listener* chain) noexcept
    {
        while (chain)
        {
            listener* next = chain->next_;
            chain->next_ = nullptr;
            chain->invoke(*this);
            chain = next;
        }
    }

    [[noreturn]] void throw_invalid_state(future_state s) const
    {
        std::string message(to_string(s));
        message += ": ";
        message += describe();
        throw invalid_state_error(message);
    }

    mutable std::atomic<std::uint32_t> word_{static_cast<std::uint32_t>(future_state::pending)};
    mutable std::atomic<std::uint32_t> refs_{1};
    mutable listener* head_ = nullptr;
    mutable listener* tail_ = nullptr;
    std::exception_ptr exception_;
};

// Owning handle to a state (intrusive reference count).
template <class State>
class state_ptr
{
public:
    state_ptr() noexcept = default;

    // Takes over a reference the caller already holds.
    static state_ptr adopt(State* p) noexcept
    {
        state_ptr out;
        out.p_ = p;
        return out;
    }

    // Adds a reference.
    static state_ptr share(State* p) noexcept
    {
        if (p)
            p->add_ref();
        return adopt(p);
    }

    state_ptr(const state_ptr& other) noexcept : p_(other.p_)
    {
        if (p_)
            p_->add_ref();
    }

    state_ptr(state_ptr&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}

    state_ptr& operator=(const state_ptr& other) noexcept
    {
        state_ptr(other).swap(*this);
        return *this;
    }

    state_ptr& operator=(state_ptr&& other) noexcept
    {
        state_ptr(std::move(other)).swap(*this);
        return *this;
    }

    ~state_ptr()
    {
        if (p_)
            p_->release();
    }

    void swap(state_ptr& other) noexcept { std::swap(p_, other.p_); }

    State* get() const noexcept { return p_; }
    State* operator->() const noexcept { return p_; }
    State& operator*() const noexcept { return *p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }

    // Gives up ownership without releasing.
    State* detach() noexcept { return std::exchange(p_, nullptr); }

private:
    State* p_ = nullptr;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
