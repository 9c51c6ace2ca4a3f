//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's handling of one request from its parent, whatever carries the
// bytes: the process pool's pipes (lib/worker.cpp) or, later, MPI messages.
// A transport reads a request frame (wire.hpp), checks its header with
// request_header_problem() before reading the payload, hands both to
// request_server::serve(), sends answer() if it is not empty, and does what
// serve() returned. Everything else (running the initializer, a call or a
// map chunk, catching and classifying what the function throws, keeping
// every answer within the message limit) is here.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_SERVE_REQUEST_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_SERVE_REQUEST_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {

// What the transport does once it has sent the answer.
enum class after_request
{
    serve_next,         // read the next request
    stop,               // the parent said stop (no answer): leave, exit status 0
    initializer_failed, // the answer says so; leave, exit status 1 (the pool is broken)
    protocol_failure,   // no parent sends this (problem() says what): leave, exit status 3
};

// Why a request with this header must not be read at all (unknown kind,
// reserved flags, a payload over `max_payload`), or nullopt.
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string>
request_header_problem(const wire::header& head, std::uint32_t max_payload = wire::default_max_payload);

// Serves requests one at a time, keeping its buffers between them. Not
// thread-safe; one per worker.
class BOOST_CONCURRENT_FUTURES_DECL request_server
{
public:
    // `max_payload` bounds every answer's payload (the parent rejects a
    // larger frame as a protocol break): a result over it fails its own
    // task instead (bad_result), and an error message over it is cut to its
    // first 64 KiB and a note saying how long it was.
    // A result from `shared_threshold` bytes on goes into a shared_region
    // (answer_region()) instead, without that limit: one of `cache`'s (warm,
    // reused; `cache` outlives this) if given, else a fresh one.
    explicit request_server(std::uint32_t max_payload = wire::default_max_payload,
                            std::size_t shared_threshold = shared_memory_threshold,
                            region_cache* cache = nullptr) noexcept
        : max_payload_(max_payload), results_(cache, shared_threshold)
    {
    }

    // Serves one request whose header passed request_header_problem(). The
    // registered function runs here, on this thread; whatever it throws is
    // caught and becomes an error answer. Standard output and error are
    // flushed before the answer is made, so a task's prints come first.
    after_request serve(const wire::header& head, std::string_view payload);

    // The frame to send after serve() (empty after a stop or a protocol failure).
    const std::string& answer() const noexcept { return answer_; }

    // The region holding the answer's payload when the answer is a
    // wire::flag_shared frame (else empty): the transport passes it to the
    // parent ahead of answer() (its reader_descriptor()), and keeps a
    // reusable() one until the parent's region_done says it was read.
    // Taken: the next serve() makes a new one.
    shared_region take_answer_region() noexcept { return std::move(answer_region_); }

    // After protocol_failure: what was wrong.
    const std::string& problem() const noexcept { return problem_; }

private:
    struct failure
    {
        wire::error_origin origin;
        std::string type_name;
        std::string message;
        std::exception_ptr exception; // raised: its what() is the message, not copied
        std::string_view text() const;
    };

    void answer_error(std::uint64_t task_id, wire::error_origin origin, std::string_view type_name,
                      std::string_view message);
    void answer_values(wire::kind k, std::uint64_t task_id);
    // Runs `count` calls of `function`, their results into results_ (after
    // their count, for a chunk).
    std::optional<failure> run_calls(std::string_view function, std::string_view arguments, std::uint32_t count,
                                     bool chunk);

    std::uint32_t max_payload_;
    payload_sink results_;
    shared_region answer_region_;
    std::string answer_;
    std::string problem_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
