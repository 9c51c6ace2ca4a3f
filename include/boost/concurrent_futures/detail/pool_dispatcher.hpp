//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_DISPATCHER_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_DISPATCHER_HPP

// The pool core shared by every executor that runs registered functions in
// other processes (the process pool over pipes, the MPI pool over ranks): it
// decides who runs what, and nothing else decides it. Sans-io: the transport
// shell (lib/process_pool_core.cpp for pipes) reports events by calling the
// member functions below, on one thread, and then carries out the actions
// next_action() hands back (start workers, send a frame, arm a deadline,
// kill, close, watch for an exit, release, say it is finished), reporting
// their outcomes as events in turn; it settles futures itself. No I/O, no threads,
// no clocks: deadlines are actions, their expiries are events.
//
// Python's rules, kept: tasks wait PENDING in a queue, cancellable, until a
// worker takes them; at most max_workers + 1 are handed out at a time
// (EXTRA_QUEUED_CALLS), each worker holding at most two; an idle worker is
// preferred, and a new one started while below max_workers (if the transport
// starts workers on demand); a worker retires after max_tasks_per_child
// tasks; a worker ending unexpectedly breaks the pool, failing every task
// not finished with the broken error naming the worker and why.

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>
#include <boost/concurrent_futures/detail/pool_worker.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// How the transport gets its workers.
enum class worker_supply : unsigned char
{
    on_demand,   // one at a time, while below max_workers and work waits (process pool)
    all_at_once, // max_workers together, when work first waits (MPI_Comm_spawn)
    fixed,       // the shell adds them with add_worker(); never started nor recycled (static MPI world)
};

struct pool_config
{
    std::size_t max_workers = 1;
    std::optional<std::size_t> max_tasks_per_child; // on_demand only
    worker_supply supply = worker_supply::on_demand;
    // The initializer, sent first to every worker (empty function: none).
    std::string initializer_function;
    std::string initializer_payload; // wire::encode_call()
    // Words for messages.
    std::string program;                         // what the workers run
    std::string worker_noun = "worker process";  // "<noun> <pid> was killed by signal 9"
    std::string pool_name = "process pool";      // "the process pool is not usable anymore"
    std::string breakage = "A process in the process pool was terminated abruptly while the future was running or "
                           "pending";
    // Names a worker in the errors its tasks raise ("MPI worker 1234 (rank 1
    // on host n1)"); unset: "worker <pid>". Called on error answers only.
    std::function<std::string(long pid)> describe_worker;
    // Makes the error broken futures fail with (broken_process_pool, ...).
    std::exception_ptr (*make_broken)(const std::string& message) = nullptr;
    // Told that the pool broke, with the message, before any future fails
    // with it: the shell publishes it there, so that whoever such a failure
    // wakes sees broken() and later submits throw. Must not throw.
    std::function<void(const std::string& message)> on_broken;
    // Deadlines.
    std::chrono::milliseconds hello_timeout{5000}; // start to hello
    std::chrono::milliseconds stop_grace{10000};   // stop frame to exit
    std::chrono::milliseconds exit_grace{1000};    // an unexpected end to the rest of it
    // The hand-out rule.
    std::size_t worker_depth = 2; // tasks one worker holds at most
    std::size_t extra_queued = 1; // tasks handed out beyond one per worker
};

enum class pool_action_type : unsigned char
{
    start_workers, // start `count` workers, ids `worker` ...; report worker_started() / start_failed() for each
    send,          // write frame (`frame`, `task_id`, `payload`) to `worker`, after what it was sent before
    arm_timer,     // (re)arm `worker`'s deadline: timer_expired(worker, generation) after `delay`
    disarm_timer,  // forget `worker`'s deadline
    kill,          // end `worker`'s process now (SIGKILL)
    terminate,     // ask `worker`'s process to end (SIGTERM)
    close,         // close `worker`'s channel: nothing more is read or written
    watch_exit,    // `worker` is expected to exit: report exited() when it does, even if its channel stays open
    release,       // `worker` is gone: free what is left of it
    finished,      // shut down and every worker gone: the shell may stop
};

struct pool_action
{
    pool_action_type type = pool_action_type::finished;
    worker_id worker = 0;
    std::size_t count = 0;               // start_workers
    wire::kind frame = wire::kind::task; // send
    std::uint64_t task_id = 0;           // send
    std::string payload;                 // send
    // send: the payload, if it lies in shared memory (opaque to the core;
    // shared so that actions stay copyable values).
    std::shared_ptr<shared_region> region;
    std::chrono::milliseconds delay{0};  // arm_timer
    std::uint64_t generation = 0;        // arm_timer
};

// What the dispatcher keeps of one worker.
struct pool_worker
{
    // Move-only (its tasks may hold shared memory regions), so that
    // std::vector moves it.
    pool_worker() = default;
    pool_worker(pool_worker&&) = default;
    pool_worker& operator=(pool_worker&&) = default;

    worker_id id = 0;
    long pid = -1;
    worker_machine machine;
    std::deque<pool_task> in_flight; // sent, unanswered, oldest first (the initializer counts, as no task)
    std::size_t tasks = 0;           // tasks in flight
    std::size_t tasks_assigned = 0;  // tasks ever handed to it
    std::uint64_t timer_generation = 0;
    std::string trouble;          // why it was put down
    std::string ending;           // how it exited ("exited with status 3")
    std::string send_error;       // why writing to it failed
};

// The hello deadline: BOOST_CONCURRENT_FUTURES_HELLO_TIMEOUT_MS from the
// environment if it is a positive number (tests shorten it), else `fallback`.
BOOST_CONCURRENT_FUTURES_DECL std::chrono::milliseconds hello_timeout_or(std::chrono::milliseconds fallback);

class BOOST_CONCURRENT_FUTURES_DECL pool_dispatcher
{
public:
    // Throws std::invalid_argument for a configuration that cannot work.
    explicit pool_dispatcher(pool_config config);

    pool_dispatcher(const pool_dispatcher&) = delete;
    pool_dispatcher& operator=(const pool_dispatcher&) = delete;

    // --- events -----------------------------------------------------------------------
    // Each may throw std::bad_alloc; the shell then reports fault(). No event
    // is ever lost to an exception: whatever it held fails with the pool.

    // A task to run. Accepted even after shutdown() (submitted before it);
    // failed at once if the pool is broken.
    void submit(call_request request);

    // No more tasks; with `cancel_futures`, cancels every pending one.
    // Workers are told to stop once nothing is left to run.
    void shutdown(bool cancel_futures);

    // terminate_workers() / kill_workers(): shutdown(true), then every worker
    // still running is terminated, or killed with `force`.
    void signal_workers(bool force);

    // supply fixed: a worker that exists already (it still says hello).
    worker_id add_worker(long pid);

    // Answers to start_workers.
    void worker_started(worker_id id, long pid);
    void start_failed(worker_id id, const std::string& why);

    // A whole frame it sent.
    void frame_received(worker_id id, const wire::frame& frame);
    // Its stream cannot be read as frames (garbage, truncated, oversized).
    void stream_failed(worker_id id, const std::string& why);
    // Its stream ended.
    void channel_closed(worker_id id);
    // Writing to it failed.
    void send_failed(worker_id id, const std::string& why);
    // Its process exited; `how` describes it ("exited with status 3").
    void exited(worker_id id, exit_kind kind, const std::string& how);
    // A deadline armed with `generation` passed (stale generations are ignored).
    void timer_expired(worker_id id, std::uint64_t generation);

    // The shell failed while serving `id` (or the pool, with nullopt), e.g.
    // out of memory: that worker is put down, or the pool breaks.
    void fault(std::optional<worker_id> id, const std::exception_ptr& error) noexcept;

    // --- actions ----------------------------------------------------------------------

    bool has_action() const noexcept { return !actions_.empty(); }
    // Precondition: has_action().
    pool_action next_action();

    // --- observers --------------------------------------------------------------------

    const pool_config& config() const noexcept { return config_; }
    bool broken() const noexcept { return static_cast<bool>(broken_); }
    bool finished() const noexcept { return finished_; }
    std::size_t pending() const noexcept { return pending_.size(); }
    std::size_t handed_out() const noexcept { return handed_out_; }
    const std::vector<pool_worker>& workers() const noexcept { return workers_; }
    const pool_worker* find(worker_id id) const noexcept;

private:
    static pool_action action(pool_action_type type, worker_id worker);
    pool_worker* find(worker_id id) noexcept;
    void after_event();
    void dispatch();
    pool_worker* pick_worker();
    void start_workers(std::size_t count);
    void assign(pool_worker& w, pool_task& task);
    void send_initializer(pool_worker& w);
    void apply(pool_worker& w, const worker_step& step);
    void put_down(pool_worker& w, const std::string& why);
    void maybe_retire(pool_worker& w);
    void maybe_finish();
    void sweep();
    std::string describe(const pool_worker& w) const;
    void break_pool(const std::string& why) noexcept;
    void fail_pending() noexcept;
    void push(pool_action action);

    pool_config config_;
    std::deque<pool_task> pending_;
    std::vector<pool_worker> workers_;
    std::deque<pool_action> actions_;
    std::uint64_t next_task_id_ = 1;
    worker_id next_worker_id_ = 1;
    std::size_t handed_out_ = 0;
    bool shutting_down_ = false;
    bool finished_ = false;
    bool started_all_ = false;   // all_at_once: the one start happened
    bool start_blocked_ = false; // a start failed: use the workers there are until one leaves
    std::exception_ptr broken_;
    std::exception_ptr out_of_memory_; // made up front, for when the broken error cannot be
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
