//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's handling of one request: see serve_request.hpp.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "serve_request.hpp"

#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace w = wire;

namespace {

// What `e` says, valid as long as `e` lives (not copied: it may be huge).
std::string_view exception_message(const std::exception_ptr& e)
{
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        return ex.what();
    }
    catch (...)
    {
        return {};
    }
}

// How much of a message over the limit is kept.
constexpr std::size_t kept_message_bytes = 64 * 1024;

void flush_output()
{
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
}

} // namespace

std::string_view request_server::failure::text() const
{
    return exception ? exception_message(exception) : std::string_view(message);
}

std::optional<std::string> request_header_problem(const wire::header& head, std::uint32_t max_payload)
{
    if (!w::is_known(head.type) || w::flags_problem(head))
        return "malformed frame from the parent (kind " + std::to_string(static_cast<unsigned>(head.type)) +
               ", flags " + std::to_string(head.flags) + ", " + std::to_string(head.length) + " bytes)";
    if (head.length > max_payload)
        return "oversized frame from the parent (" + std::to_string(head.length) + " bytes)";
    return std::nullopt;
}

// An error too large for one message would break the pool: its message is
// cut short instead, and says so; the task fails as it would have.
void request_server::answer_error(std::uint64_t task_id, w::error_origin origin, std::string_view type_name,
                                  std::string_view message)
{
    constexpr std::size_t overhead = 2 + 4 + 4; // origin and two lengths
    std::string shortened;
    if (overhead + type_name.size() + message.size() > max_payload_)
    {
        type_name = type_name.substr(0, std::min<std::size_t>(type_name.size(), 1024));
        const std::string note = " [... cut short: the message was " + std::to_string(message.size()) +
                                 " bytes, over the limit of " + std::to_string(max_payload_) +
                                 " bytes for one message between a worker and its parent]";
        const std::size_t room = max_payload_ - std::min<std::size_t>(max_payload_, overhead + type_name.size());
        shortened.assign(message.substr(0, std::min(kept_message_bytes, room - std::min(room, note.size()))));
        shortened += note;
        shortened.resize(std::min(shortened.size(), room));
        message = shortened;
    }
    w::append_frame(answer_, w::kind::error, task_id, w::encode_error(origin, type_name, message));
}

// A large result travels in its region; one too large for a frame (where
// it could not spill) fails its own future; the pool goes on.
void request_server::answer_values(w::kind k, std::uint64_t task_id)
{
    if (results_.spilled())
    {
        answer_region_ = results_.take_region();
        if (!answer_region_.reusable()) // a reused one is sealed already
            answer_region_.seal();
        w::append_frame(answer_, k, task_id, w::encode_region_ref({answer_region_.offset(), answer_region_.size()}),
                        w::flag_shared);
        return;
    }
    const std::string_view payload = results_.text();
    if (payload.size() > max_payload_)
        answer_error(task_id, w::error_origin::bad_result, "",
                     "the result is " + std::to_string(payload.size()) + " bytes, over the limit of " +
                         std::to_string(max_payload_) +
                         " bytes for one message between the parent and a worker; split the work into smaller "
                         "pieces");
    else
        w::append_frame(answer_, k, task_id, payload);
}

std::optional<request_server::failure> request_server::run_calls(std::string_view function, std::string_view arguments,
                                                                 std::uint32_t count, bool chunk)
{
    const registered_function* fn = function_registry::instance().find(function);
    if (!fn)
        return failure{w::error_origin::unknown_function, "",
                       "no function named '" + std::string(function) +
                           "' is registered in the worker program; register it there with "
                           "BOOST_CONCURRENT_FUTURES_REGISTER"};
    if (!fn->clash.empty())
        return failure{w::error_origin::unknown_function, "", "in the worker program: " + fn->clash};
    results_.clear();
    std::optional<failure> failed;
    try
    {
        // A chunk's results start with their count (wire::chunk_results).
        if (chunk)
        {
            std::string head;
            w::put_u32(head, count);
            results_.sputn(head.data(), static_cast<std::streamsize>(head.size()));
        }
        fn->call(fn->address, arguments, count, results_);
    }
    catch (const call_stage_error& e)
    {
        const auto origin = e.stage() == call_stage_error::reading_arguments ? w::error_origin::bad_arguments
                                                                             : w::error_origin::bad_result;
        failed = failure{origin, e.type_name(), e.what()};
    }
    catch (...)
    {
        const auto e = std::current_exception();
        failed = failure{w::error_origin::raised, exception_type_name(e), {}, e};
    }
    flush_output();
    return failed;
}

after_request request_server::serve(const wire::header& head, std::string_view payload)
{
    answer_.clear();
    problem_.clear();
    answer_region_ = shared_region();
    std::optional<failure> failed;
    switch (head.type)
    {
    case w::kind::stop:
        flush_output();
        return after_request::stop;

    case w::kind::task:
    case w::kind::initialize:
    {
        w::call c;
        if (auto bad = w::decode_call(payload, c))
            failed = failure{w::error_origin::bad_arguments, "", *bad};
        else
            failed = run_calls(c.function, c.arguments, 1, false);
        if (head.type == w::kind::task)
            break;
        if (!failed)
        {
            w::append_frame(answer_, w::kind::initialized, head.task_id, {});
            return after_request::serve_next;
        }
        // Whatever went wrong, the parent hears an initializer failure; the
        // worker then leaves.
        answer_error(head.task_id, w::error_origin::initializer_failed, failed->type_name, failed->text());
        return after_request::initializer_failed;
    }

    case w::kind::chunk:
    {
        // Python's _process_chunk: all the results, or the first exception.
        w::chunk c;
        if (auto bad = w::decode_chunk(payload, c))
            failed = failure{w::error_origin::bad_arguments, "", *bad};
        else
            failed = run_calls(c.function, c.arguments, c.count, true);
        break;
    }

    default:
        problem_ = std::string("unexpected ") + w::to_string(head.type) + " frame from the parent";
        return after_request::protocol_failure;
    }
    if (failed)
    {
        answer_error(head.task_id, failed->origin, failed->type_name, failed->text());
        results_.clear(); // a region half filled goes now
    }
    else
        answer_values(head.type == w::kind::chunk ? w::kind::chunk_result : w::kind::result, head.task_id);
    return after_request::serve_next;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
