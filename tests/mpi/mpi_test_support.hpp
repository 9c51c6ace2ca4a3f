//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What the MPI transport tests share: the test workers' little service
// (echo, pid, CPU time, misbehaviour on demand), bounded waits on the root's
// side, and process checks. Every wait is bounded, so a bug fails a test
// instead of hanging the run.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_MPI_TEST_SUPPORT_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_MPI_TEST_SUPPORT_HPP

#include "mpi/launch.hpp"
#include "mpi/root_transport.hpp"
#include "mpi/worker_transport.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace mpi_test {

namespace m = boost::concurrent_futures::detail::mpi;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Never reached by a healthy run, even sanitized on a loaded machine.
inline constexpr auto long_timeout = 30s;

// A test request's first byte says what the worker does with it.
namespace command {
inline constexpr char echo = 'e';     // answer: the request itself
inline constexpr char pid = 'p';      // answer: the worker's pid
inline constexpr char cpu = 'c';      // answer: CPU seconds the worker has used
inline constexpr char garbage = 'g';  // send a malformed control message, then echo
inline constexpr char bad_tag = 't';  // send a frame with a tag workers never use, then echo
inline constexpr char die = 'k';      // SIGKILL itself
} // namespace command

inline std::string request(char c, std::string_view payload = {})
{
    std::string r(1, c);
    r.append(payload);
    return r;
}

// CPU seconds (user + system) this process has used, all threads.
inline double cpu_seconds()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

inline bool process_exists(long pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) == 0;
}

// The answer to one test request (worker side). `comm` is the worker's link,
// for the misbehaving commands, which bypass the transport.
inline std::string answer_to(const std::string& frame, MPI_Comm comm)
{
    const char c = frame.empty() ? '\0' : frame[0];
    switch (c)
    {
    case command::pid:
        return std::to_string(::getpid());
    case command::cpu:
        return std::to_string(cpu_seconds());
    case command::garbage:
    {
        const char junk[] = "\x07\x07junk";
        MPI_Send(junk, sizeof junk, MPI_CHAR, 0, static_cast<int>(m::tag::control), comm);
        return frame;
    }
    case command::bad_tag:
        MPI_Send(frame.data(), static_cast<int>(frame.size()), MPI_CHAR, 0, 9, comm);
        return frame;
    case command::die:
        std::raise(SIGKILL);
        return frame;
    default:
        return frame;
    }
}

// Worker side: serves test requests until the root says stop. Returns the
// process's exit status; leaves at once if the root died.
inline int serve(m::link_comm link)
{
    const MPI_Comm comm = link.get();
    m::worker_transport transport(std::move(link));
    std::string frame;
    for (;;)
    {
        switch (transport.next(frame))
        {
        case m::worker_transport::event::request:
            transport.answer(answer_to(frame, comm));
            break;
        case m::worker_transport::event::stop:
            return 0;
        case m::worker_transport::event::root_lost:
            std::fprintf(stderr, "test worker %ld: the root is gone, leaving\n", static_cast<long>(::getpid()));
            std::_Exit(4);
        case m::worker_transport::event::protocol_error:
            std::fprintf(stderr, "test worker %ld: %s\n", static_cast<long>(::getpid()), transport.error().c_str());
            return 3;
        }
    }
}

// Root side: waits until `n` more answers arrived in `events`, a worker was
// lost, or `timeout` passed. True if the answers are all there.
inline bool await_answers(m::root_transport& root, m::root_events& events, std::size_t n,
                          clock_type::duration timeout = long_timeout)
{
    const std::size_t target = events.answers.size() + n;
    const auto deadline = clock_type::now() + timeout;
    while (events.answers.size() < target && events.lost.empty())
        if (!root.wait(true, events, deadline))
            return false;
    return events.answers.size() >= target;
}

// Root side: one request to `worker` and its answer (empty if none came).
inline std::string ask(m::root_transport& root, std::size_t worker, const std::string& req,
                       clock_type::duration timeout = long_timeout)
{
    m::root_events events;
    root.send(worker, req);
    if (!await_answers(root, events, 1, timeout))
        return std::string();
    return std::move(events.answers.front().bytes);
}

// Root side: waits until `worker` is reported lost in `events`; false if it
// was not within `timeout`.
inline bool await_loss(m::root_transport& root, m::root_events& events, std::size_t worker,
                       clock_type::duration timeout = long_timeout)
{
    const auto deadline = clock_type::now() + timeout;
    for (;;)
    {
        for (const auto& l : events.lost)
            if (l.worker == worker)
                return true;
        if (!root.wait(false, events, deadline))
            return false;
    }
}

} // namespace mpi_test

#endif
