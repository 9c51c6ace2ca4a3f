//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_WAIT_CORE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_WAIT_CORE_HPP

#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/detail/wait_trigger.hpp>
#include <boost/concurrent_futures/return_when.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// CPython's _Waiter family in one: counts settled futures and decides when
// wait() may return.
class wait_condition
{
public:
    wait_condition(return_when mode, std::size_t pending) noexcept : mode_(mode), pending_(pending) {}

    // One future settled (under its state's lock, or by the registering thread).
    void on_settled(std::size_t index, bool raised) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        settled_.push_back(index);
        const bool trigger = wait_satisfied(mode_, raised, pending_);
        if (trigger && !triggered_)
        {
            triggered_ = true;
            cv_.notify_one();
        }
    }

    void wait(const std::optional<clock::time_point>& deadline)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (deadline)
            cv_.wait_until(lock, *deadline, [this] { return triggered_; });
        else
            cv_.wait(lock, [this] { return triggered_; });
    }

    // Only once no listener can fire any more.
    const std::vector<std::size_t>& settled() const noexcept { return settled_; }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    const return_when mode_;
    std::size_t pending_;
    bool triggered_ = false;
    std::vector<std::size_t> settled_;
};

class wait_node final : public listener
{
public:
    wait_node() noexcept : listener(interest_settled, false) {}

    void notify(state_base& s, settle_event e) noexcept override
    {
        condition_->on_settled(index_, e == settle_event::finished && s.has_exception());
    }

    wait_condition* condition_ = nullptr;
    std::size_t index_ = 0;
};

// Waits on distinct states; returns, per state, whether it counted as done.
// `states` must stay referenced for the duration of the call.
inline std::vector<char> wait_for_states(const std::vector<state_base*>& states,
                                         const std::optional<clock::time_point>& deadline, return_when mode)
{
    const std::size_t n = states.size();
    std::vector<char> done(n, 0);
    std::size_t done_count = 0;
    bool raised = false;
    for (std::size_t i = 0; i < n; ++i)
    {
        const future_state s = states[i]->status();
        if (is_settled(s))
        {
            done[i] = 1;
            ++done_count;
            raised = raised || (s == future_state::finished && states[i]->has_exception());
        }
    }
    if (done_count == n || (mode == return_when::first_completed && done_count > 0) ||
        (mode == return_when::first_exception && raised))
        return done;
    if (deadline && clock::now() >= *deadline)
        return done;

    wait_condition condition(mode, n - done_count);
    std::unique_ptr<wait_node[]> nodes(new wait_node[n - done_count]);
    std::vector<std::size_t> linked;
    linked.reserve(n - done_count);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        if (done[i])
            continue;
        wait_node& node = nodes[k++];
        node.condition_ = &condition;
        node.index_ = i;
        if (states[i]->link(node))
            linked.push_back(k - 1);
        else // settled since the scan
            condition.on_settled(i, states[i]->status() == future_state::finished && states[i]->has_exception());
    }

    condition.wait(deadline);

    for (std::size_t j : linked)
        states[nodes[j].index_]->unlink(nodes[j]);
    for (std::size_t i : condition.settled())
        done[i] = 1;
    return done;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
