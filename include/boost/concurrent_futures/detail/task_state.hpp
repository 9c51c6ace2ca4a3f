//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_TASK_STATE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_TASK_STATE_HPP

#include <boost/concurrent_futures/detail/inline_op_allocator.hpp>
#include <boost/concurrent_futures/detail/result_state.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Stands in for the result type of an ill-formed submit(), so the
// static_assert in check_submittable() explains instead of overload noise.
struct not_invocable
{
};

template <class F, class... Args>
struct submit_result
{
    using type = not_invocable;
};

template <class F, class... Args>
requires std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>
struct submit_result<F, Args...>
{
    using type = std::remove_cvref_t<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>>;
};

// Result type of submit(fn, args...): fn and args are decay-copied and invoked
// as rvalues, as std::async does.
template <class F, class... Args>
using submit_result_t = typename submit_result<F, Args...>::type;

// True when submit(fn, args...) is well-formed; otherwise a static_assert
// says why and the caller stops instantiating.
template <class F, class... Args>
constexpr bool check_submittable()
{
    constexpr bool invocable = std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>;
    static_assert(invocable, "submit(fn, args...): fn is not callable with these arguments "
                             "(they are decay-copied and passed as rvalues, as with std::async)");
    if constexpr (invocable)
    {
        using R = std::remove_cvref_t<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>>;
        constexpr bool movable = std::is_void_v<R> || std::is_move_constructible_v<R>;
        static_assert(movable, "submit(fn, args...): the result type must be move-constructible");
        return movable;
    }
    return false;
}

// A future's state that also carries its work: one allocation per task holds
// the callable, its arguments, the result and Asio's queue operation.
template <class R, class Fn, class... Args>
class task_state final : public result_state<R>
{
public:
    template <class F, class... A>
    explicit task_state(F&& fn, A&&... args) : work_(std::in_place, std::forward<F>(fn), std::forward<A>(args)...)
    {
    }

    void execute(const publish_hook& before_publish) noexcept override
    {
        try
        {
            if (!this->set_running_or_notify_cancel())
            {
                work_.reset();
                before_publish();
                return;
            }
        }
        catch (...)
        {
            // Completed by hand before it started: nothing left to run.
            work_.reset();
            before_publish();
            return;
        }

        std::exception_ptr error;
        if constexpr (std::is_void_v<R>)
        {
            try
            {
                std::apply(invoke_rvalues, std::move(*work_));
            }
            catch (...)
            {
                error = std::current_exception();
            }
            // The work goes before the result is published: once a waiter
            // wakes, the executor holds nothing of the task.
            work_.reset();
            before_publish();
            complete(error, [this] { this->set_value(); });
        }
        else
        {
            std::optional<R> value;
            try
            {
                value.emplace(std::apply(invoke_rvalues, std::move(*work_)));
            }
            catch (...)
            {
                error = std::current_exception();
            }
            work_.reset();
            before_publish();
            complete(error, [&] { this->set_value(std::move(*value)); });
        }
    }

    void discard_work() noexcept override { work_.reset(); }

    inline_op_storage& op_storage() noexcept { return op_storage_; }

private:
    static constexpr auto invoke_rvalues = [](auto&& fn, auto&&... args) -> decltype(auto) {
        return std::invoke(std::move(fn), std::move(args)...);
    };

    template <class SetValue>
    void complete(const std::exception_ptr& error, SetValue&& set_value) noexcept
    {
        try
        {
            if (error)
                this->set_exception(error);
            else
                set_value();
        }
        catch (...)
        {
            // invalid_state_error: finished by hand while running; a throwing
            // move of the result: report it as the task's outcome.
            try
            {
                if (!error)
                    this->set_exception(std::current_exception());
            }
            catch (...)
            {
            }
        }
    }

    std::optional<std::tuple<Fn, Args...>> work_;
    inline_op_storage op_storage_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
