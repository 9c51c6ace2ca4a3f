//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The worker's transport-independent half (lib/serve_request.hpp) without
// pipes or processes: request frames in, answer frames out.

#define BOOST_TEST_MODULE serve_request
#include "test_support.hpp"

#include "process_functions.hpp"

#include "../lib/serve_request.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

namespace w = cf::detail::wire;
using cf::detail::after_request;
using cf::detail::request_server;

namespace {

bool contains(const std::string& text, const std::string& needle)
{
    return text.find(needle) != std::string::npos;
}

template <class F, class... Args>
std::string call_payload(F fn, Args&&... args)
{
    return w::encode_call(cf::detail::lookup_registered("test", fn).name,
                          cf::detail::serialize_arguments<F>(std::forward<Args>(args)...));
}

w::header header(w::kind k, std::uint64_t task_id, const std::string& payload)
{
    return w::header{static_cast<std::uint32_t>(payload.size()), k, 0, task_id};
}

// The one frame of an answer.
w::frame only_frame(const std::string& answer)
{
    w::frame_reader reader;
    BOOST_TEST(reader.feed(reinterpret_cast<const unsigned char*>(answer.data()), answer.size()) == answer.size());
    auto f = reader.next();
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(!reader.next().has_value(), "more than one frame");
    BOOST_TEST(reader.partial_bytes() == 0u);
    return std::move(*f);
}

struct served_error
{
    w::error_origin origin;
    std::string type_name;
    std::string message;
};

served_error error_of_answer(const std::string& answer, std::uint64_t task_id)
{
    const w::frame f = only_frame(answer);
    BOOST_TEST(f.head.task_id == task_id);
    BOOST_REQUIRE(f.head.type == w::kind::error);
    w::error_info info;
    BOOST_REQUIRE(!w::decode_error(f.payload, info));
    return {info.origin, std::string(info.type_name), std::string(info.message)};
}

// Serves one task of `fn(args...)` and returns the server's answer.
template <class F, class... Args>
std::string serve_task(request_server& server, F fn, Args&&... args)
{
    const std::string payload = call_payload(fn, std::forward<Args>(args)...);
    BOOST_TEST((server.serve(header(w::kind::task, 7, payload), payload) == after_request::serve_next));
    return server.answer();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_call_answers_its_result)
{
    request_server server;
    const w::frame f = only_frame(serve_task(server, pf::mul, 6, 7));
    BOOST_TEST((f.head.type == w::kind::result));
    BOOST_TEST(f.head.task_id == 7u);
    int value = 0;
    cf::detail::load_values(f.payload, value);
    BOOST_TEST(value == 42);
    // The buffers are reused; the next answer is the next task's alone.
    const w::frame g = only_frame(serve_task(server, pf::echo, std::string("again")));
    std::string text;
    cf::detail::load_values(g.payload, text);
    BOOST_TEST(text == "again");
}

BOOST_AUTO_TEST_CASE(a_chunk_answers_all_its_results)
{
    request_server server;
    const std::vector<std::tuple<int, int>> calls{{1, 2}, {3, 4}, {5, 6}};
    const std::string payload =
        w::encode_chunk(cf::detail::lookup_registered("test", pf::mul).name, 3, cf::detail::serialize_calls(calls));
    BOOST_TEST((server.serve(header(w::kind::chunk, 9, payload), payload) == after_request::serve_next));
    const w::frame f = only_frame(server.answer());
    BOOST_TEST((f.head.type == w::kind::chunk_result));
    w::chunk_results results;
    BOOST_REQUIRE(!w::decode_chunk_results(f.payload, results));
    BOOST_TEST(results.count == 3u);
    int a = 0, b = 0, c = 0;
    cf::detail::load_values(results.values, a, b, c);
    BOOST_TEST((a == 2 && b == 12 && c == 30));
}

BOOST_AUTO_TEST_CASE(exceptions_are_classified)
{
    request_server server;
    const served_error raised = error_of_answer(serve_task(server, pf::raise_runtime_error, 5), 7);
    BOOST_TEST((raised.origin == w::error_origin::raised));
    BOOST_TEST(raised.type_name == "std::runtime_error");
    BOOST_TEST(raised.message == "5");

    const served_error not_std = error_of_answer(serve_task(server, pf::raise_int), 7);
    BOOST_TEST((not_std.origin == w::error_origin::raised));
    BOOST_TEST(not_std.type_name == "int");

    pf::faulty broken;
    broken.mode = pf::fault::throw_on_load;
    const served_error arguments = error_of_answer(serve_task(server, pf::take_faulty, broken), 7);
    BOOST_TEST((arguments.origin == w::error_origin::bad_arguments));
    BOOST_TEST(arguments.message == "load failed on purpose");

    const served_error result = error_of_answer(serve_task(server, pf::make_faulty, pf::fault::throw_on_save), 7);
    BOOST_TEST((result.origin == w::error_origin::bad_result));
    BOOST_TEST(result.message == "save failed on purpose");
}

BOOST_AUTO_TEST_CASE(malformed_and_unknown_calls)
{
    request_server server;
    const std::string unknown = w::encode_call("no::such_function(int)", cf::detail::save_values(1));
    BOOST_TEST((server.serve(header(w::kind::task, 3, unknown), unknown) == after_request::serve_next));
    const served_error e = error_of_answer(server.answer(), 3);
    BOOST_TEST((e.origin == w::error_origin::unknown_function));
    BOOST_TEST(contains(e.message, "no::such_function(int)"));

    const std::string garbage = "\x01";
    BOOST_TEST((server.serve(header(w::kind::task, 4, garbage), garbage) == after_request::serve_next));
    BOOST_TEST((error_of_answer(server.answer(), 4).origin == w::error_origin::bad_arguments));

    // Arguments of other types than the function's: bytes left over.
    const std::string wrong =
        w::encode_call(cf::detail::lookup_registered("test", pf::mul).name, cf::detail::save_values(1, 2, 3));
    BOOST_TEST((server.serve(header(w::kind::task, 5, wrong), wrong) == after_request::serve_next));
    BOOST_TEST((error_of_answer(server.answer(), 5).origin == w::error_origin::bad_arguments));
}

BOOST_AUTO_TEST_CASE(initializer_success_and_failure)
{
    request_server server;
    const std::string good = call_payload(pf::set_init_status, std::string("set by the initializer"));
    BOOST_TEST((server.serve(header(w::kind::initialize, 1, good), good) == after_request::serve_next));
    const w::frame f = only_frame(server.answer());
    BOOST_TEST((f.head.type == w::kind::initialized));
    BOOST_TEST(pf::get_init_status() == "set by the initializer");

    const std::string bad = call_payload(pf::failing_initializer);
    BOOST_TEST((server.serve(header(w::kind::initialize, 2, bad), bad) == after_request::initializer_failed));
    const served_error e = error_of_answer(server.answer(), 2);
    BOOST_TEST((e.origin == w::error_origin::initializer_failed));
    BOOST_TEST(e.type_name == "std::invalid_argument");
    BOOST_TEST(e.message == "error in initializer");
}

BOOST_AUTO_TEST_CASE(stop_and_protocol_failures)
{
    request_server server;
    BOOST_TEST((server.serve(header(w::kind::stop, 0, ""), "") == after_request::stop));
    BOOST_TEST(server.answer().empty());

    // Kinds only a worker sends.
    BOOST_TEST((server.serve(header(w::kind::result, 1, ""), "") == after_request::protocol_failure));
    BOOST_TEST(server.answer().empty());
    BOOST_TEST(contains(server.problem(), "unexpected result frame"));

    BOOST_TEST(!cf::detail::request_header_problem(header(w::kind::task, 1, "abc")).has_value());
    BOOST_TEST(cf::detail::request_header_problem(w::header{0, static_cast<w::kind>(99), 0, 1}).has_value());
    BOOST_TEST(cf::detail::request_header_problem(w::header{0, w::kind::task, 1, 1}).has_value());
    BOOST_TEST(cf::detail::request_header_problem(w::header{1001, w::kind::task, 0, 1}, 1000).has_value());
}

BOOST_AUTO_TEST_CASE(a_result_over_the_limit_fails_its_task_alone)
{
    request_server server(1000);
    const served_error e = error_of_answer(serve_task(server, pf::big_result, std::size_t(2000)), 7);
    BOOST_TEST((e.origin == w::error_origin::bad_result));
    BOOST_TEST(contains(e.message, "over the limit of 1000 bytes"), e.message);
    // A result that fits still travels.
    const w::frame f = only_frame(serve_task(server, pf::big_result, std::size_t(100)));
    BOOST_TEST((f.head.type == w::kind::result));
}

// An error over the limit would break the pool: its message is cut short,
// says how long it was, and the task fails as itself.
BOOST_AUTO_TEST_CASE(an_error_message_over_the_limit_is_cut_short)
{
    request_server server(1000);
    const served_error e = error_of_answer(serve_task(server, pf::raise_long_message, std::size_t(5000)), 7);
    BOOST_TEST((e.origin == w::error_origin::raised));
    BOOST_TEST(e.type_name == "std::runtime_error");
    BOOST_TEST(e.message.rfind(std::string(100, 'm'), 0) == 0u);
    BOOST_TEST(contains(e.message, "cut short: the message was 5000 bytes, over the limit of 1000 bytes"), e.message);
    BOOST_TEST(2 + 4 + e.type_name.size() + 4 + e.message.size() <= 1000u);
    // Within the limit, the message is whole.
    const served_error whole = error_of_answer(serve_task(server, pf::raise_long_message, std::size_t(900)), 7);
    BOOST_TEST(whole.message == std::string(900, 'm'));
    // Even a limit too small for the note holds.
    request_server tiny(40);
    const served_error cut = error_of_answer(serve_task(tiny, pf::raise_long_message, std::size_t(100)), 7);
    BOOST_TEST(2 + 4 + cut.type_name.size() + 4 + cut.message.size() <= 40u);
}
