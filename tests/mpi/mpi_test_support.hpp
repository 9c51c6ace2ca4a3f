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
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace mpi_test {

namespace m = boost::concurrent_futures::detail::mpi;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Never reached by a healthy run, even sanitized on a loaded machine.
inline constexpr auto long_timeout = 30s;

// A test request's first byte says what the worker does with it.
namespace command {
inline constexpr char echo = 'e';    // answer: the request itself
inline constexpr char pid = 'p';     // answer: the worker's pid
inline constexpr char cpu = 'c';     // answer: CPU seconds the worker has used
inline constexpr char cwd = 'w';     // answer: the worker's working directory
inline constexpr char garbage = 'g'; // send a malformed control message, then echo
inline constexpr char bad_tag = 't'; // send a frame with a tag workers never use, then echo
inline constexpr char die = 'k';     // SIGKILL itself
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

inline bool eventually_gone(long pid, clock_type::duration timeout = 10s)
{
    const auto deadline = clock_type::now() + timeout;
    while (process_exists(pid))
    {
        if (clock_type::now() > deadline)
            return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

// Open MPI 4.1.4 with Debian's PMIx 4.2.2rc2 hangs now and then inside
// MPI_Comm_spawn (PMIx_Lookup never returns; a plain MPI program spawning in
// a loop shows it too, more often on a loaded machine). A spawn that has not
// returned within `limit` ends the program with this status, which
// tools/test.d/65-mpi.sh answers with one retry, never with a pass.
inline constexpr int spawn_hung_status = 75;

inline m::link_comm spawn_or_give_up(const m::spawn_request& request, clock_type::duration limit = 30s)
{
    std::mutex mutex;
    std::condition_variable cv;
    bool returned = false;
    std::thread watchdog([&] {
        std::unique_lock<std::mutex> lock(mutex);
        if (!cv.wait_for(lock, limit, [&] { return returned; }))
        {
            std::fprintf(stderr, "MPI_Comm_spawn hung: the Open MPI 4.1 / PMIx 4.2 bug; giving up\n");
            std::_Exit(spawn_hung_status);
        }
    });
    auto done = [&] {
        {
            std::lock_guard<std::mutex> lock(mutex);
            returned = true;
        }
        cv.notify_one();
        watchdog.join();
    };
    try
    {
        m::link_comm link = m::spawn_link(request);
        done();
        return link;
    }
    catch (...)
    {
        done();
        throw;
    }
}

// `n` workers running this program again (which serves when it has a parent).
inline m::spawn_request spawn_this_program(std::size_t n, std::vector<std::pair<std::string, std::string>> info = {})
{
    return m::spawn_request{std::filesystem::read_symlink("/proc/self/exe").string(), {}, n, std::move(info)};
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
    case command::cwd:
        return std::filesystem::current_path().string();
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
// was not within `timeout`. Without answers expected the root does not probe
// MPI at all: only the worker's pidfd can end that wait.
inline bool await_loss(m::root_transport& root, m::root_events& events, std::size_t worker, bool answers_expected,
                       clock_type::duration timeout = long_timeout)
{
    const auto deadline = clock_type::now() + timeout;
    for (;;)
    {
        for (const auto& l : events.lost)
            if (l.worker == worker)
                return true;
        if (!root.wait(answers_expected, events, deadline))
            return false;
    }
}

} // namespace mpi_test

#endif
