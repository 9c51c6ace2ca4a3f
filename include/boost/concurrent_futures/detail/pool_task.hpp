//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_TASK_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_TASK_HPP

// What a pool that runs registered functions elsewhere schedules: one call
// (or one chunk of map calls) as the submitting thread built it (its future,
// the encoded call, how to read the answer), and, once the pool core has it,
// the task id it travels under. Built by submit (detail/pool_calls.hpp),
// queued and handed out by pool_dispatcher, settled by settle_answer
// (detail/pool_answer.hpp).

#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/state_base.hpp>

#include <boost/intrusive_ptr.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Reads a worker's serialized answer into the future (on the pool's manager
// thread). Throws if it cannot be read; the future is then failed instead.
using result_reader = void (*)(state_base& future, std::string_view payload);

// One task as submitted: the caller's future, and what to send.
struct call_request
{
    boost::intrusive_ptr<state_base> future;
    std::string function; // registered name, for messages
    std::string payload;  // wire::encode_call() or wire::encode_chunk()
    bool chunk = false;
    result_reader read_result = nullptr;
    shared_region region{}; // or, for a large payload, its bytes here (payload empty)
};

// A task inside the pool core. The initializer is a task too, without a
// future; it is sent first to each new worker and is not counted as work.
struct pool_task
{
    std::uint64_t id = 0; // unique per pool, given when handed to a worker
    call_request request;
    bool initializer = false;
    // Once sent, its region, still shared with the worker that reads it: a
    // reused region goes back to its cache only when this task is done
    // with (answered, failed with its worker, cancelled), the worker then
    // past reading it.
    std::shared_ptr<shared_region> sent_region;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
