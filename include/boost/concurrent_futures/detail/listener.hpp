//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What waits on a future (a blocked thread, a wait() or as_completed() call, a
// done-callback, an asynchronous operation), and the list of them a future's
// state keeps under its lock bit.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_LISTENER_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_LISTENER_HPP

#include <boost/intrusive/list.hpp>

#include <cstdint>

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

// The events a listener hears: done (result() and callbacks), or settled as
// wait() and as_completed() count it (a cancellation only once noticed).
inline constexpr std::uint8_t interest_done =
    static_cast<std::uint8_t>(settle_event::cancelled) | static_cast<std::uint8_t>(settle_event::finished);
inline constexpr std::uint8_t interest_settled =
    static_cast<std::uint8_t>(settle_event::cancel_notified) | static_cast<std::uint8_t>(settle_event::finished);

class state_base;

// Something waiting on a future. Listeners are intrusive nodes, so
// registering one never allocates. Every listener hears at most one event and
// is unlinked before it is told. Waiters are told while the state's lock is
// held and must only record and wake; callbacks are detached under the lock
// and invoked after it is released.
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
    friend class listener_list;
    friend struct listener_hook_access;

    boost::intrusive::list_member_hook<> hook_;
    bool in_state_ = false; // in a state's list, not in a chain of detached callbacks
    const std::uint8_t interest_;
    const bool is_callback_;
};

// A sequence of listeners, linked through their own hook.
struct listener_hook_access
{
    using sequence = boost::intrusive::list<
        listener, boost::intrusive::member_hook<listener, boost::intrusive::list_member_hook<>, &listener::hook_>,
        boost::intrusive::constant_time_size<false>>;
};

// Callbacks detached from a state as it settled, in the order they were
// added; run once the state's lock is released.
class callback_chain
{
public:
    callback_chain() = default;
    callback_chain(const callback_chain&) = delete;
    callback_chain& operator=(const callback_chain&) = delete;

    // Invokes each callback, which owns its node from then on.
    void run(state_base& s) noexcept
    {
        while (!callbacks_.empty())
        {
            listener& n = callbacks_.front();
            callbacks_.pop_front();
            n.invoke(s);
        }
    }

private:
    friend class listener_list;
    listener_hook_access::sequence callbacks_;
};

// A state's listeners. Every member function runs under the state's lock.
class listener_list
{
public:
    bool empty() const noexcept { return listeners_.empty(); }

    // Whether `node` is interested in nothing that can still happen to a
    // future whose status is done (`done`) or settled (`settled`).
    static bool too_late(const listener& node, bool done, bool settled) noexcept
    {
        return (node.interest_ & static_cast<std::uint8_t>(settle_event::cancelled)) ? done : settled;
    }

    void push_back(listener& node) noexcept
    {
        listeners_.push_back(node);
        node.in_state_ = true;
    }

    // Unlinks `node` if it still is in this list; returns whether it was.
    bool erase(listener& node) noexcept
    {
        if (!node.in_state_)
            return false;
        listeners_.erase(listeners_.iterator_to(node));
        node.in_state_ = false;
        return true;
    }

    // Tells interested waiters and moves interested callbacks to `chain`.
    void settle(state_base& s, settle_event e, callback_chain& chain) noexcept
    {
        const auto bit = static_cast<std::uint8_t>(e);
        for (auto it = listeners_.begin(); it != listeners_.end();)
        {
            listener& n = *it;
            if (!(n.interest_ & bit))
            {
                ++it;
                continue;
            }
            it = listeners_.erase(it);
            n.in_state_ = false;
            if (n.is_callback_)
                chain.callbacks_.push_back(n);
            else
                n.notify(s, e);
        }
    }

    // The state goes away unsettled: only callbacks can remain (waiters hold
    // references while linked).
    void discard_all() noexcept
    {
        while (!listeners_.empty())
        {
            listener& n = listeners_.front();
            listeners_.pop_front();
            n.in_state_ = false;
            n.discard();
        }
    }

private:
    listener_hook_access::sequence listeners_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
