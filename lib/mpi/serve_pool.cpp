//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker rank serving pools (serve_pool.hpp).

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "serve_pool.hpp"
#include "worker_transport.hpp"

#include "../serve_request.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace w = wire;

namespace {

int protocol_failure(const std::string& what)
{
    std::fprintf(stderr, "boost.concurrent_futures MPI worker %ld: %s; leaving\n", static_cast<long>(::getpid()),
                 what.c_str());
    return 3;
}

} // namespace

int serve_pool(link_comm link)
{
    worker_transport transport(std::move(link));
    // Answers stay in memory whatever their size: an MPI message carries
    // no descriptor of a shared memory region.
    request_server server(w::default_max_payload, no_shared_memory);
    std::uint64_t stops = 0;
    std::string hello;
    auto say_hello = [&] {
        hello.clear();
        w::append_frame(hello, w::kind::hello, stops,
                        w::encode_hello(w::hello{w::protocol_version, static_cast<std::int64_t>(::getpid())}));
        transport.answer(hello);
    };
    say_hello();
    std::string frame;
    for (;;)
    {
        switch (transport.next(frame))
        {
        case worker_transport::event::request:
        {
            if (frame.size() < w::header_size)
                return protocol_failure("a request shorter than a frame header");
            const w::header head = w::decode_header(reinterpret_cast<const unsigned char*>(frame.data()));
            if (auto problem = request_header_problem(head))
                return protocol_failure(*problem);
            if (head.flags & w::flag_shared)
                return protocol_failure("a request marked as in shared memory, which MPI does not carry");
            if (head.length != frame.size() - w::header_size)
                return protocol_failure("a request whose header does not match its size");
            if (head.type == w::kind::stop)
            {
                // This pool is done with us: ready for the next one.
                ++stops;
                say_hello();
                break;
            }
            const after_request next = server.serve(head, std::string_view(frame).substr(w::header_size));
            if (!server.answer().empty())
                transport.answer(server.answer());
            if (next == after_request::protocol_failure)
                return protocol_failure(server.problem());
            // initializer_failed: that pool breaks and stops us; the next may run.
            break;
        }
        case worker_transport::event::stop:
            return 0;
        case worker_transport::event::root_lost:
            std::fprintf(stderr, "boost.concurrent_futures MPI worker %ld: the root is gone, leaving\n",
                         static_cast<long>(::getpid()));
            std::fflush(nullptr);
            std::_Exit(4);
        case worker_transport::event::protocol_error:
            return protocol_failure(transport.error());
        }
    }
}

void take_hellos(rank_group& group, root_events& events)
{
    for (auto& a : events.answers)
    {
        if (a.bytes.size() < w::header_size)
            continue;
        const w::header head = w::decode_header(reinterpret_cast<const unsigned char*>(a.bytes.data()));
        if (head.type == w::kind::hello)
            group.hello_arrived(static_cast<std::size_t>(a.peer), head.task_id, std::move(a.bytes));
    }
    events.answers.clear();
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
