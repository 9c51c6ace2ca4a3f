//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Checking a worker's frames against what it was sent, and turning accepted
// answers into futures' outcomes (detail/pool_answer.hpp).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/pool_answer.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace w = wire;

namespace {

answer_verdict violation(std::string why)
{
    return answer_verdict{answer_kind::violation, "broke the protocol: " + why};
}

std::string kind_name(w::kind k)
{
    return w::to_string(k);
}

// `worker`: how the pool names the worker, or empty for "worker <pid>".
std::exception_ptr remote_exception(const w::error_info& info, const std::string& fn, long pid,
                                    std::string_view pool_name, std::string_view worker)
{
    const std::string type(info.type_name);
    const std::string message(info.message);
    const std::string prefix = std::string(pool_name) + ": ";
    const std::string who = worker.empty() ? "worker " + std::to_string(pid) : std::string(worker);
    const std::string where = " in " + who;
    auto remote = [&] {
        return worker.empty() ? remote_error(type, message, pid) : remote_error(type, message, pid, who);
    };
    switch (info.origin)
    {
    case w::error_origin::raised:
        if (exception_factory make = exception_registry::instance().find(type))
            return make(message);
        return std::make_exception_ptr(remote());
    case w::error_origin::bad_arguments:
        return std::make_exception_ptr(
            serialization_error(prefix + "could not deserialize the arguments of '" + fn + "'" + where + ": " + message));
    case w::error_origin::bad_result:
        return std::make_exception_ptr(
            serialization_error(prefix + "could not serialize the result of '" + fn + "'" + where + ": " + message));
    case w::error_origin::unknown_function:
        return std::make_exception_ptr(
            std::invalid_argument(prefix + message + " (" + who + ")"));
    case w::error_origin::initializer_failed:
        break;
    }
    return std::make_exception_ptr(remote());
}

// settle_answer's work; throws when even the failure cannot be described.
void settle_or_throw(pool_task& task, const w::frame& frame, long pid, std::string_view pool_name,
                     std::string_view worker)
{
    const std::string& fn = task.request.function;
    if (frame.head.type == w::kind::error)
    {
        w::error_info info;
        if (auto err = w::decode_error(frame.payload, info))
            fail_task(task, std::make_exception_ptr(serialization_error(std::string(pool_name) + ": worker " +
                                                                        std::to_string(pid) + " sent a malformed error for '" +
                                                                        fn + "': " + *err)));
        else
            fail_task(task, remote_exception(info, fn, pid, pool_name, worker));
        return;
    }
    try
    {
        task.request.read_result(*task.request.future, frame.body());
    }
    catch (const invalid_state_error&)
    {
        // Completed by hand meanwhile: nothing left to tell it.
    }
    catch (const std::exception& e)
    {
        fail_task(task, std::make_exception_ptr(serialization_error(
                            std::string(pool_name) + ": could not deserialize the result of '" + fn + "' from worker " +
                            std::to_string(pid) + " in the parent: " + e.what())));
    }
}

} // namespace

answer_verdict check_answer(bool greeted, const pool_task* oldest, const w::frame& frame, const std::string& program)
{
    const w::kind k = frame.head.type;
    if (k == w::kind::hello)
    {
        if (greeted)
            return violation("a second hello");
        w::hello h;
        if (auto err = w::decode_hello(frame.payload, h))
            return violation(*err);
        if (h.version != w::protocol_version)
            return answer_verdict{answer_kind::violation,
                                  "speaks protocol version " + std::to_string(h.version) +
                                      ", this program speaks version " + std::to_string(w::protocol_version) + ": '" +
                                      program + "' was built against another Boost.ConcurrentFutures"};
        return answer_verdict{answer_kind::hello, {}};
    }
    if (!greeted)
        return violation("a " + kind_name(k) + " frame before its hello");
    if (k != w::kind::result && k != w::kind::chunk_result && k != w::kind::error && k != w::kind::initialized)
        return violation("it sent a " + kind_name(k) + " frame");
    if (!oldest || oldest->id != frame.head.task_id)
        return violation("an answer for task " + std::to_string(frame.head.task_id) +
                         (oldest ? ", but its oldest task is " + std::to_string(oldest->id)
                                 : std::string(", but it had no task")));
    if (oldest->initializer)
    {
        if (k == w::kind::initialized)
            return answer_verdict{answer_kind::initialized, {}};
        w::error_info info;
        if (k != w::kind::error || w::decode_error(frame.payload, info))
            return violation("a bad answer to its initializer");
        return answer_verdict{answer_kind::initializer_failed,
                              std::string(info.type_name) + ": " + std::string(info.message)};
    }
    const w::kind expected = oldest->request.chunk ? w::kind::chunk_result : w::kind::result;
    if (k != w::kind::error && k != expected)
        return violation("a " + kind_name(k) + " answer to a " + (oldest->request.chunk ? "chunk" : "task"));
    return answer_verdict{answer_kind::settles, {}};
}

void settle_answer(pool_task& task, const w::frame& frame, long pid, std::string_view pool_name,
                   std::string_view worker) noexcept
{
    try
    {
        settle_or_throw(task, frame, pid, pool_name, worker);
    }
    catch (...)
    {
        fail_task(task, std::current_exception()); // e.g. std::bad_alloc, as itself
    }
}

void fail_task(pool_task& task, const std::exception_ptr& e) noexcept
{
    if (!task.request.future)
        return;
    state_base& s = *task.request.future;
    if (s.status() == future_state::running)
    {
        try
        {
            s.set_exception(e);
        }
        catch (...)
        {
            // Completed by hand meanwhile.
        }
    }
    else
    {
        s.fail_unstarted(e); // PENDING fails, CANCELLED gets noticed
    }
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
