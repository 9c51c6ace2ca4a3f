//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_CALLBACK_NODE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_CALLBACK_NODE_HPP

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Runs a done-callback; what it throws is logged and swallowed, as in CPython.
template <class Call>
void run_done_callback(const state_base& s, Call&& call) noexcept
{
    try
    {
        std::forward<Call>(call)();
    }
    catch (...)
    {
        try
        {
            log(log_level::error,
                "exception calling callback for " + s.describe() + ": " + describe_exception(std::current_exception()));
        }
        catch (...)
        {
        }
    }
}

// add_done_callback(fn): `fn(const Handle&)`, heap node owned by the state until run.
template <class Handle, class Fn>
class callback_node final : public listener
{
public:
    template <class F>
    explicit callback_node(F&& fn) : listener(interest_done, true), fn_(std::forward<F>(fn))
    {
    }

    void invoke(state_base& s) noexcept override
    {
        run_done_callback(s, [&] { fn_(future_access::make<Handle>(s)); });
        delete this;
    }

    void discard() noexcept override { delete this; }

    void call(const Handle& h) { fn_(h); }

private:
    Fn fn_;
};

template <class Handle, class F>
void add_done_callback(const Handle& self, state_base& s, F&& fn)
{
    using fn_type = std::decay_t<F>;
    static_assert(std::is_invocable_v<fn_type&, const Handle&>,
                  "add_done_callback: the callback must be callable as fn(const future&)");
    auto node = std::make_unique<callback_node<Handle, fn_type>>(std::forward<F>(fn));
    if (s.link(*node))
    {
        node.release(); // the state owns it now
        return;
    }
    // Already done: run in the caller, now.
    run_done_callback(s, [&] { node->call(self); });
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
