//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_ANSWER_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_ANSWER_HPP

// What a pool core does with a frame a worker sent: check_answer() holds it
// against what that worker was sent (its hello first, then one answer per
// task, oldest first, of the kind the task calls for) and says which task it
// settles or why the worker is put down; settle_answer() then turns the
// answer's payload into the task's outcome (a value, a remote exception, or
// a serialization_error). Frames come decoded from the transport (pipes or
// MPI messages alike); nothing here does I/O.

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <exception>
#include <string>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {

enum class answer_kind : unsigned char
{
    hello,              // a valid hello
    settles,            // settles the oldest task it holds
    initialized,        // the initializer ran
    initializer_failed, // the initializer threw: `why` is "type: message"
    violation,          // broke the protocol: `why` says how
};

struct answer_verdict
{
    answer_kind kind = answer_kind::violation;
    std::string why;
};

// `greeted`: it said hello already; `oldest`: the oldest task it holds, or
// null; `program`: what the workers run, for messages. Throws only
// std::bad_alloc.
BOOST_CONCURRENT_FUTURES_DECL answer_verdict check_answer(bool greeted, const pool_task* oldest,
                                                          const wire::frame& frame, const std::string& program);

// Settles `task` with an answer check_answer() accepted for it (result,
// chunk_result or error) from the worker with process id `pid`. Whatever
// goes wrong (a result that does not deserialize, no memory for the message)
// fails the task's future instead; nothing escapes. `pool_name` prefixes
// messages ("process pool"); `worker` names the worker in an error's message
// (empty: "worker <pid>").
BOOST_CONCURRENT_FUTURES_DECL void settle_answer(pool_task& task, const wire::frame& frame, long pid,
                                                 std::string_view pool_name, std::string_view worker = {}) noexcept;

// Fails `task`'s future with `e`, whatever state it reached: a RUNNING one
// finishes with `e`, a PENDING one too, a CANCELLED one is notified.
BOOST_CONCURRENT_FUTURES_DECL void fail_task(pool_task& task, const std::exception_ptr& e) noexcept;

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
