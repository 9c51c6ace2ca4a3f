//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_WORKER_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_WORKER_HPP

// One worker's life in a pool core, as a state machine without I/O: events
// come from the pool_dispatcher (which hears them from the transport shell:
// started, hello, stream closed, exited, a deadline passed, ...), and each
// resume() answers with what the shell must do for that worker (send the
// stop frame, arm a deadline, kill it, close its channel, watch for its exit,
// release it). Knows nothing of pipes, processes or MPI.

#include <boost/concurrent_futures/config.hpp>

#include <cstddef>
#include <cstdint>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Names a worker for the whole life of a pool (never reused).
using worker_id = std::uint64_t;

enum class worker_state : unsigned char
{
    launching, // the transport was asked to start it and has not answered
    starting,  // started; its hello has not come (a deadline runs); may hold tasks
    idle,      // said hello; holds no task
    busy,      // said hello; holds tasks
    stopping,  // told to stop (retired or shut down); its stream is open
    stopped,   // told to stop; its stream ended; waiting for it to exit
    failing,   // stopped reading its tasks: reading its last answers, waiting for it to exit
    draining,  // exited unexpectedly: reading what it wrote before it went
    dying,     // ended unexpectedly or put down: its channel is closed, waiting for it to exit
    gone,      // exited and closed: nothing of it is left
};

enum class worker_event : unsigned char
{
    started,       // the transport started it
    start_failed,  // the transport could not start it
    hello,         // it said hello, in the protocol's version
    task_assigned, // a task was handed to it
    task_answered, // it answered a task
    stop,          // retire it: send the stop frame (it holds no task)
    put_down,      // kill it now (it broke the protocol, or the pool broke)
    signal,        // terminate_workers() / kill_workers(): signal it, keep listening
    stream_closed, // its answer stream ended (end of file)
    send_failed,   // writing to it failed: it stopped reading
    exited,        // its process was seen exiting (worker_input::exit says how)
    timer_expired, // the deadline armed last (timer()) passed
};

// The one deadline a worker may have running.
enum class worker_timer : unsigned char
{
    none,
    hello,      // from its start to its hello
    stop_grace, // from the stop frame to its exit
    exit_grace, // from an unexpected end (of its stream, its input or its process) to the rest of it
};

// How a process exited, as far as the transport can tell.
enum class exit_kind : unsigned char
{
    clean,   // status 0
    failed,  // another status, or a signal
    unknown, // the status was lost (SIGCHLD ignored: ECHILD) or cannot be observed
};

// Why the machine put its worker down by itself (a deadline passed).
enum class worker_fault : unsigned char
{
    none,
    no_hello,   // never said hello
    no_exit,    // did not exit after the stop frame
    not_reading // stopped reading its tasks and did not exit
};

// What the shell does for one worker after an event; several at once.
namespace worker_do {
enum : unsigned
{
    nothing = 0,
    send_stop = 1u << 0,    // write the stop frame
    arm_timer = 1u << 1,    // (re)arm its deadline: worker_step::timer
    disarm_timer = 1u << 2, // forget its deadline
    kill = 1u << 3,         // end the process now (SIGKILL)
    terminate = 1u << 4,    // ask the process to end (SIGTERM)
    close = 1u << 5,        // close its channel: nothing more is read or written
    watch_exit = 1u << 6,   // it is expected to exit: make sure that is seen
    release = 1u << 7,      // it is gone: free what is left of it
};
} // namespace worker_do

struct worker_step
{
    unsigned actions = worker_do::nothing;
    worker_timer timer = worker_timer::none; // with arm_timer
    worker_fault fault = worker_fault::none; // put down by the machine itself
};

struct worker_input
{
    std::size_t tasks = 0;               // tasks it holds after the event
    exit_kind exit = exit_kind::unknown; // with exited
    bool force = false;                  // with signal: kill rather than terminate
};

BOOST_CONCURRENT_FUTURES_DECL const char* to_string(worker_state s) noexcept;

// The state machine. Transitions that make no sense in the current state
// (a late event of the transport) do nothing.
class BOOST_CONCURRENT_FUTURES_DECL worker_machine
{
public:
    worker_state state() const noexcept { return state_; }
    worker_timer timer() const noexcept { return timer_; }
    bool greeted() const noexcept { return greeted_; }

    // It ended, or is ending, in a way that breaks the pool.
    bool failed() const noexcept { return failed_; }

    // It may be handed tasks.
    bool accepts_tasks() const noexcept
    {
        return state_ == worker_state::starting || state_ == worker_state::idle || state_ == worker_state::busy;
    }

    // Its frames are still read and checked.
    bool listening() const noexcept
    {
        return accepts_tasks() || state_ == worker_state::stopping || state_ == worker_state::failing ||
               state_ == worker_state::draining;
    }

    worker_step resume(worker_event event, const worker_input& in = {});

private:
    worker_step go(worker_state next, unsigned actions, worker_timer timer = worker_timer::none);
    worker_step put_down(worker_fault fault);
    worker_step deadline_passed();
    bool unasked_end() noexcept;

    worker_state state_ = worker_state::launching;
    worker_timer timer_ = worker_timer::none;
    bool greeted_ = false;
    bool failed_ = false;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
