//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_IMPL_THREAD_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_IMPL_THREAD_POOL_EXECUTOR_HPP

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/inline_op_allocator.hpp>
#include <boost/concurrent_futures/detail/map_args.hpp>
#include <boost/concurrent_futures/detail/task_state.hpp>
#include <boost/concurrent_futures/detail/thread_pool_core.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <boost/asio/execution/allocator.hpp>
#include <boost/asio/execution/blocking.hpp>
#include <boost/asio/require.hpp>
#include <boost/intrusive_ptr.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// The handler Asio queues for a task. If Asio destroys it unrun (the pool is
// torn down), the task is cancelled so nothing waits on it forever.
class pool_run_handler
{
public:
    pool_run_handler(boost::intrusive_ptr<state_base> task, thread_pool_core* core) noexcept
        : task_(std::move(task)), core_(core)
    {
    }

    pool_run_handler(pool_run_handler&&) noexcept = default;
    pool_run_handler& operator=(pool_run_handler&&) = delete;

    ~pool_run_handler()
    {
        if (task_)
            task_->abandon();
    }

    void operator()()
    {
        const boost::intrusive_ptr<state_base> task = std::move(task_);
        core_->run(*task);
    }

private:
    boost::intrusive_ptr<state_base> task_;
    thread_pool_core* core_;
};

struct ticket_guard
{
    thread_pool_core* core;
    void release() noexcept
    {
        if (core)
            std::exchange(core, nullptr)->release_ticket();
    }
    ~ticket_guard() { release(); }
};

template <class F, class... Args>
future<submit_result_t<F, Args...>> submit_to_pool(thread_pool_core& core, F&& fn, Args&&... args)
{
    using R = submit_result_t<F, Args...>;
    if constexpr (!check_submittable<F, Args...>())
        return future<R>();
    else
    {
        using task_type = task_state<R, std::decay_t<F>, std::decay_t<Args>...>;

        core.acquire_ticket();
        ticket_guard guard{&core};

        auto* task = new task_type(std::forward<F>(fn), std::forward<Args>(args)...);
        boost::intrusive_ptr<state_base> queued(task);       // one reference for the queue
        auto result = future_access::adopt<future<R>>(task); // and the first for the future

        // A thread first, so that a submit that throws has queued nothing.
        const std::string warning = core.before_submit();
        // blocking.never: queue even when called from a pool thread, never run inline.
        auto ex = asio::require(core.pool().get_executor(), asio::execution::blocking.never,
                                asio::execution::allocator(inline_op_allocator<void>(&task->op_storage())));
        ex.execute(pool_run_handler(std::move(queued), &core));
        guard.release(); // before the log handler, which may shut the pool down
        if (!warning.empty())
            log(log_level::warning, warning);
        return result;
    }
}

} // namespace detail

template <class F, class... Args>
future<detail::submit_result_t<F, Args...>> thread_pool_executor::submit(F&& fn, Args&&... args)
{
    return detail::submit_to_pool(*core_, std::forward<F>(fn), std::forward<Args>(args)...);
}

template <class F, class... RangesAndOptions>
auto thread_pool_executor::map(F&& fn, RangesAndOptions&&... args)
{
    return detail::with_map_args(
        [&](const map_options& options, auto&&... ranges) {
            using R = detail::map_call_result_t<F, decltype(ranges)...>;
            if constexpr (!detail::check_map_ranges<decltype(ranges)...>())
                return map_result<R>({}, nullptr, std::nullopt);
            else
            {
                // A buffered map outliving the executor stops submitting (Python's weakref).
                auto make =
                    [weak = std::weak_ptr<detail::thread_pool_core>(core_),
                     fn = std::decay_t<F>(std::forward<F>(fn))](auto& reader) -> std::optional<detail::map_unit<R>> {
                    auto core = weak.lock();
                    if (!core)
                        return std::nullopt;
                    std::optional<detail::map_unit<R>> unit;
                    reader.next([&](auto&&... items) {
                        unit.emplace(std::in_place_index<0>,
                                     detail::submit_to_pool(*core, fn, std::forward<decltype(items)>(items)...));
                    });
                    return unit;
                };
                return detail::make_map_result<R>(std::move(make), options, std::forward<decltype(ranges)>(ranges)...);
            }
        },
        std::forward<RangesAndOptions>(args)...);
}

} // namespace concurrent_futures
} // namespace boost

#endif
