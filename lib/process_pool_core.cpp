//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process pool's manager: one thread running an io_context that owns the
// worker processes, their pipes and every queued task. Submitting threads
// only append to an inbox. Nothing polls: results, pipe closures and process
// exits (pidfd) all arrive as Asio completions.
//
// Python's rules, kept: at most max_workers processes, started on demand (an
// idle one is reused first); a task is set running when handed to a worker,
// and each worker holds at most two, so everything else stays cancellable; a
// worker dying unexpectedly breaks the pool and fails every task it had not
// finished with broken_process_pool.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "spawn_worker.hpp"

#include <boost/concurrent_futures/detail/process_pool_core.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace w = wire;
using namespace std::chrono_literals;

namespace {

// Tasks handed to one worker ahead of its results: one running, one queued.
constexpr std::size_t worker_depth = 2;
// ... and to all workers together beyond one each (CPython's EXTRA_QUEUED_CALLS):
// everything else stays PENDING in the parent, so it can still be cancelled.
constexpr std::size_t extra_queued_tasks = 1;
// A worker told to stop that has not exited by then is killed.
constexpr auto stop_grace = 10s;
// A worker whose result pipe closed but which still runs is killed after this.
constexpr auto exit_grace = 1s;
constexpr std::size_t read_chunk = 64 * 1024;

std::size_t validated_max_workers(const process_pool_options& o)
{
    if (!o.max_workers)
        return std::max(1u, std::thread::hardware_concurrency());
    if (*o.max_workers == 0)
        throw std::invalid_argument("process_pool_executor: max_workers must be greater than 0");
    return *o.max_workers;
}

void validate(const process_pool_options& o)
{
    if (o.max_tasks_per_child && *o.max_tasks_per_child == 0)
        throw std::invalid_argument("process_pool_executor: max_tasks_per_child must be >= 1");
    if (!o.worker_executable.empty() && ::access(o.worker_executable.c_str(), X_OK) != 0)
        throw std::invalid_argument("process_pool_executor: worker_executable '" + o.worker_executable +
                                    "' is not an executable file");
}

struct call_record
{
    std::uint64_t id = 0;
    call_request request;
    bool initializer = false;
};

// Fails a task with `e`, whatever state it reached.
void fail(call_record& r, const std::exception_ptr& e) noexcept
{
    if (!r.request.future)
        return;
    state_base& s = *r.request.future;
    if (s.status() == future_state::running)
    {
        try
        {
            s.set_exception(e);
        }
        catch (...)
        {
        }
    }
    else
    {
        s.fail_unstarted(e); // PENDING fails, CANCELLED gets noticed
    }
}

} // namespace

struct worker
{
    explicit worker(asio::io_context& io) : to_worker(io), from_worker(io), timer(io) {}

    long pid = -1;
    asio::writable_pipe to_worker;
    asio::readable_pipe from_worker;
    std::optional<asio::posix::stream_descriptor> pidfd;
    asio::steady_timer timer;
    std::unique_ptr<unsigned char[]> buffer{new unsigned char[read_chunk]};
    w::frame_reader reader;
    std::deque<std::unique_ptr<call_record>> in_flight;
    std::string writing;
    std::string queued;
    bool write_in_progress = false;
    std::size_t tasks_assigned = 0;
    bool hello = false;
    bool stop_sent = false;
    bool eof = false;
    bool reaped = false;
    bool killed = false;
    int status = 0;
    std::string trouble; // why this worker is being put down, if it is
};

struct process_pool_core::impl : std::enable_shared_from_this<impl>
{
    impl(process_pool_options o)
        : options(std::move(o)), max_workers(validated_max_workers(options)),
          executable(worker_program(options.worker_executable)),
          work(asio::make_work_guard(io))
    {
        validate(options);
    }

    // --- submitting threads --------------------------------------------------------

    void submit(call_request&& request)
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (!broken_message.empty())
            throw broken_process_pool(broken_message);
        if (shutdown_requested)
            throw std::runtime_error("cannot schedule new futures after shutdown");
        auto record = std::make_unique<call_record>();
        record->request = std::move(request);
        inbox.push_back(std::move(record));
        if (!drain_posted)
        {
            drain_posted = true;
            post_to_manager([this] { drain(); });
        }
    }

    void request_shutdown(bool cancel_futures)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            shutdown_requested = true;
            cancel_requested = cancel_requested || cancel_futures;
        }
        post_to_manager([this] { on_shutdown_requested(); });
    }

    // From any thread. The handler runs only inside run(), while the manager
    // thread keeps this object alive; a handler that never runs (the manager
    // already finished) must not keep it alive either, so it holds `this`.
    template <class F>
    void post_to_manager(F&& f)
    {
        asio::post(io, std::forward<F>(f));
    }

    void join()
    {
        std::lock_guard<std::mutex> lock(join_mutex);
        if (manager.joinable())
            manager.join();
    }

    // --- the manager thread ----------------------------------------------------------

    void run()
    {
        // Writing to a dead worker's pipe must fail with EPIPE, not kill us.
        sigset_t pipe_only;
        ::sigemptyset(&pipe_only);
        ::sigaddset(&pipe_only, SIGPIPE);
        ::pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
#if defined(__linux__)
        ::pthread_setname_np(::pthread_self(), "cf-procpool");
#endif
        manager_id.store(std::this_thread::get_id());
        for (;;)
        {
            try
            {
                io.run();
                break;
            }
            catch (const std::exception& e)
            {
                // A done-callback's exception is swallowed by the future; this
                // is a bug here. Say so, and keep the pool's promises.
                log(log_level::critical, std::string("process pool manager: ") + e.what());
            }
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            manager_finished = true;
        }
        manager_changed.notify_all();
    }

    void drain()
    {
        std::vector<std::unique_ptr<call_record>> taken;
        {
            std::lock_guard<std::mutex> lock(mutex);
            taken.swap(inbox);
            drain_posted = false;
        }
        for (auto& r : taken)
            pending.push_back(std::move(r));
        dispatch();
    }

    void on_shutdown_requested()
    {
        bool cancel = false;
        {
            std::lock_guard<std::mutex> lock(mutex);
            cancel = std::exchange(cancel_requested, false);
        }
        shutting_down = true;
        drain(); // anything submitted before the flag
        if (cancel)
        {
            // Cancelled and noticed at once, so nothing waits on them.
            for (auto& r : pending)
            {
                r->request.future->cancel();
                try
                {
                    r->request.future->set_running_or_notify_cancel();
                }
                catch (...)
                {
                }
            }
            pending.clear();
        }
        maybe_finish();
    }

    void dispatch()
    {
        if (is_broken)
        {
            fail_everything_queued();
            return;
        }
        while (!pending.empty() && tasks_handed_out() < max_workers + extra_queued_tasks)
        {
            worker* target = pick_worker();
            if (!target)
                break;
            std::unique_ptr<call_record> record = std::move(pending.front());
            pending.pop_front();
            bool run = false;
            try
            {
                run = record->request.future->set_running_or_notify_cancel();
            }
            catch (...)
            {
                // Completed by hand before it ran: nothing to do.
            }
            if (run)
                send(*target, std::move(record));
        }
        maybe_finish();
    }

    std::size_t tasks_handed_out() const
    {
        std::size_t n = 0;
        for (const auto& wk : workers)
            for (const auto& record : wk->in_flight)
                n += !record->initializer;
        return n;
    }

    bool usable(const worker& wk) const
    {
        return !wk.stop_sent && !wk.eof && wk.trouble.empty() &&
               (!options.max_tasks_per_child || wk.tasks_assigned < *options.max_tasks_per_child);
    }

    worker* pick_worker()
    {
        worker* best = nullptr;
        for (auto& wk : workers)
        {
            if (!usable(*wk))
                continue;
            if (wk->in_flight.empty())
                return wk.get(); // an idle worker first
            if (wk->in_flight.size() < worker_depth && (!best || wk->in_flight.size() < best->in_flight.size()))
                best = wk.get();
        }
        if (workers.size() < max_workers)
            if (worker* fresh = spawn())
                return fresh;
        return best;
    }

    worker* spawn()
    {
        launched_worker launched;
        try
        {
            launched = spawn_worker(launch_io, executable);
        }
        catch (const std::exception& e)
        {
            if (workers.empty())
                break_pool("could not start a worker process: " + std::string(e.what()));
            else
                log(log_level::warning, std::string("process pool: could not start another worker process (") +
                                            e.what() + "); going on with " + std::to_string(workers.size()));
            return nullptr;
        }
        auto wk = std::make_shared<worker>(io);
        wk->pid = launched.pid;
        wk->to_worker.assign(launched.task_fd);
        wk->from_worker.assign(launched.result_fd);
        if (launched.pidfd >= 0)
            wk->pidfd.emplace(io, launched.pidfd);
        workers.push_back(wk);
        publish_pids();
        start_read(wk);
        watch_exit(wk);
        if (options.initializer)
        {
            auto init = std::make_unique<call_record>();
            init->initializer = true;
            init->request.function = options.initializer.function();
            init->request.payload = w::encode_call(options.initializer.function(), options.initializer.arguments());
            send(*wk, std::move(init));
        }
        return wk.get();
    }

    void send(worker& wk, std::unique_ptr<call_record> record)
    {
        record->id = next_id++;
        const w::kind k = record->initializer     ? w::kind::initialize
                          : record->request.chunk ? w::kind::chunk
                                                  : w::kind::task;
        w::append_frame(wk.queued, k, record->id, record->request.payload);
        record->request.payload = std::string(); // sent: free it
        if (!record->initializer)
            ++wk.tasks_assigned;
        wk.in_flight.push_back(std::move(record));
        start_write(find(wk));
    }

    std::shared_ptr<worker> find(worker& wk)
    {
        for (auto& p : workers)
            if (p.get() == &wk)
                return p;
        return nullptr;
    }

    void start_write(const std::shared_ptr<worker>& wk)
    {
        if (!wk || wk->write_in_progress || wk->queued.empty() || !wk->to_worker.is_open())
            return;
        wk->writing.swap(wk->queued);
        wk->queued.clear();
        wk->write_in_progress = true;
        asio::async_write(wk->to_worker, asio::buffer(wk->writing),
                          [self = shared_from_this(), wk](const boost::system::error_code& ec, std::size_t) {
                              wk->write_in_progress = false;
                              wk->writing.clear();
                              if (ec)
                              {
                                  if (ec != asio::error::operation_aborted)
                                      self->on_write_failed(wk, ec);
                                  return;
                              }
                              self->start_write(wk);
                          });
    }

    // It stopped reading (EPIPE: it is dying, or closed fd 3). How it ended
    // is for its exit status to tell; one that lingers is put down.
    void on_write_failed(const std::shared_ptr<worker>& wk, const boost::system::error_code& ec)
    {
        boost::system::error_code ignored;
        wk->to_worker.close(ignored);
        if (wk->reaped || (wk->eof && !wk->pidfd)) // without pidfd, poll_exit() uses the timer since the pipe ended
            return;
        wk->timer.expires_after(exit_grace);
        wk->timer.async_wait([self = shared_from_this(), wk, why = ec.message()](const boost::system::error_code& e) {
            if (!e && !wk->reaped)
                self->trouble(wk, "stopped reading its tasks (" + why + ")");
        });
    }

    void start_read(const std::shared_ptr<worker>& wk)
    {
        wk->from_worker.async_read_some(
            asio::buffer(wk->buffer.get(), read_chunk),
            [self = shared_from_this(), wk](const boost::system::error_code& ec, std::size_t n) {
                if (!ec)
                {
                    self->on_bytes(wk, n);
                    return;
                }
                wk->eof = true;
                wk->reader.finish();
                if (wk->reader.failed() && wk->trouble.empty())
                    wk->trouble = "broke the protocol: " + wk->reader.error();
                self->on_pipe_closed(wk);
            });
    }

    void on_bytes(const std::shared_ptr<worker>& wk, std::size_t n)
    {
        std::size_t used = 0;
        while (used < n && !wk->reader.failed())
        {
            used += wk->reader.feed(wk->buffer.get() + used, n - used);
            while (auto frame = wk->reader.next())
            {
                if (!handle_frame(wk, *frame))
                    return;
            }
        }
        if (wk->reader.failed())
        {
            trouble(wk, "broke the protocol: " + wk->reader.error());
            return;
        }
        start_read(wk);
        dispatch();
    }

    // False if the worker is being put down.
    bool handle_frame(const std::shared_ptr<worker>& wk, w::frame& frame)
    {
        if (frame.head.type == w::kind::hello)
        {
            w::hello h;
            if (wk->hello)
                return trouble(wk, "broke the protocol: a second hello");
            if (auto err = w::decode_hello(frame.payload, h))
                return trouble(wk, "broke the protocol: " + *err);
            if (h.version != w::protocol_version)
                return trouble(wk, "speaks protocol version " + std::to_string(h.version) +
                                       ", this program speaks version " + std::to_string(w::protocol_version) + ": '" +
                                       executable + "' was built against another Boost.ConcurrentFutures");
            wk->hello = true;
            return true;
        }
        if (!wk->hello)
            return trouble(wk, "broke the protocol: a " + std::string(w::to_string(frame.head.type)) +
                                   " frame before its hello");
        const bool answer = frame.head.type == w::kind::result || frame.head.type == w::kind::chunk_result ||
                            frame.head.type == w::kind::error || frame.head.type == w::kind::initialized;
        if (!answer)
            return trouble(wk,
                           "broke the protocol: it sent a " + std::string(w::to_string(frame.head.type)) + " frame");
        if (wk->in_flight.empty() || wk->in_flight.front()->id != frame.head.task_id)
            return trouble(wk, "broke the protocol: an answer for task " + std::to_string(frame.head.task_id) +
                                   (wk->in_flight.empty()
                                        ? std::string(", but it had no task")
                                        : ", but its oldest task is " + std::to_string(wk->in_flight.front()->id)));
        std::unique_ptr<call_record> record = std::move(wk->in_flight.front());
        wk->in_flight.pop_front();

        if (record->initializer)
        {
            if (frame.head.type == w::kind::initialized)
                return true;
            w::error_info info;
            if (frame.head.type != w::kind::error || w::decode_error(frame.payload, info))
                return trouble(wk, "broke the protocol: a bad answer to its initializer");
            const std::string what = std::string(info.type_name) + ": " + std::string(info.message);
            log(log_level::critical, "Exception in initializer: " + what);
            break_pool("the initializer failed in worker process " + std::to_string(wk->pid) + " (" + what + ")");
            return false;
        }

        const bool expected_kind = frame.head.type == w::kind::error ||
                                   frame.head.type == (record->request.chunk ? w::kind::chunk_result : w::kind::result);
        if (!expected_kind)
            return trouble(wk, "broke the protocol: a " + std::string(w::to_string(frame.head.type)) + " answer to a " +
                                   (record->request.chunk ? "chunk" : "task"));
        complete(*record, frame, wk->pid);
        after_answer(wk);
        return true;
    }

    void complete(call_record& record, const w::frame& frame, long pid)
    {
        state_base& future = *record.request.future;
        const std::string& fn = record.request.function;
        if (frame.head.type == w::kind::error)
        {
            w::error_info info;
            if (auto err = w::decode_error(frame.payload, info))
            {
                fail(record,
                     std::make_exception_ptr(serialization_error("process pool: worker " + std::to_string(pid) +
                                                                 " sent a malformed error for '" + fn + "': " + *err)));
                return;
            }
            fail(record, remote_exception(info, fn, pid));
            return;
        }
        try
        {
            record.request.read_result(future, frame.payload);
        }
        catch (const invalid_state_error&)
        {
            // Completed by hand meanwhile: nothing left to tell it.
        }
        catch (const std::exception& e)
        {
            fail(record, std::make_exception_ptr(serialization_error(
                             "process pool: could not deserialize the result of '" + fn + "' from worker " +
                             std::to_string(pid) + " in the parent: " + e.what())));
        }
    }

    static std::exception_ptr remote_exception(const w::error_info& info, const std::string& fn, long pid)
    {
        const std::string type(info.type_name);
        const std::string message(info.message);
        const std::string where = " in worker " + std::to_string(pid);
        switch (info.origin)
        {
        case w::error_origin::raised:
            if (exception_factory make = exception_registry::instance().find(type))
                return make(message);
            return std::make_exception_ptr(remote_error(type, message, pid));
        case w::error_origin::bad_arguments:
            return std::make_exception_ptr(serialization_error(
                "process pool: could not deserialize the arguments of '" + fn + "'" + where + ": " + message));
        case w::error_origin::bad_result:
            return std::make_exception_ptr(serialization_error("process pool: could not serialize the result of '" +
                                                               fn + "'" + where + ": " + message));
        case w::error_origin::unknown_function:
            return std::make_exception_ptr(
                std::invalid_argument("process pool: " + message + " (worker " + std::to_string(pid) + ")"));
        case w::error_origin::initializer_failed:
            break;
        }
        return std::make_exception_ptr(remote_error(type, message, pid));
    }

    // A worker that used up its tasks retires once it has answered them all.
    void after_answer(const std::shared_ptr<worker>& wk)
    {
        if (!wk->stop_sent && wk->in_flight.empty() && options.max_tasks_per_child &&
            wk->tasks_assigned >= *options.max_tasks_per_child)
            stop(wk);
    }

    void stop(const std::shared_ptr<worker>& wk)
    {
        // Already leaving (dead, killed, or its pipe closed): nothing to tell.
        if (wk->stop_sent || wk->reaped || wk->killed || !wk->to_worker.is_open())
            return;
        wk->stop_sent = true;
        w::append_frame(wk->queued, w::kind::stop, 0, {});
        start_write(wk);
        // Told to stop with nothing to do: it exits at once, or is killed.
        wk->timer.expires_after(stop_grace);
        wk->timer.async_wait([self = shared_from_this(), wk](const boost::system::error_code& ec) {
            if (!ec && !wk->reaped)
                self->kill(wk, SIGKILL);
        });
    }

    // Something went wrong with this worker: it is put down, and the pool breaks.
    bool trouble(const std::shared_ptr<worker>& wk, const std::string& why)
    {
        if (wk->trouble.empty())
            wk->trouble = why;
        kill(wk, SIGKILL);
        close_pipes(*wk);
        maybe_remove(wk);
        return false;
    }

    void kill(const std::shared_ptr<worker>& wk, int sig)
    {
        if (wk->reaped)
            return;
        wk->killed = wk->killed || sig == SIGKILL;
        os::send_signal(wk->pid, sig);
        if (!wk->pidfd)
            poll_exit(wk);
    }

    // Nothing more is read from it either: its pipe counts as ended.
    static void close_pipes(worker& wk)
    {
        boost::system::error_code ignored;
        wk.to_worker.close(ignored);
        wk.from_worker.close(ignored);
        wk.eof = true;
    }

    void watch_exit(const std::shared_ptr<worker>& wk)
    {
        if (!wk->pidfd)
            return; // the result pipe's end tells us, then poll_exit()
        wk->pidfd->async_wait(asio::posix::stream_descriptor::wait_read,
                              [self = shared_from_this(), wk](const boost::system::error_code& ec) {
                                  if (!ec)
                                      self->on_exited(wk);
                              });
    }

    void poll_exit(const std::shared_ptr<worker>& wk)
    {
        wk->timer.expires_after(5ms);
        wk->timer.async_wait([self = shared_from_this(), wk](const boost::system::error_code& ec) {
            if (!ec)
                self->on_exited(wk);
        });
    }

    void on_exited(const std::shared_ptr<worker>& wk)
    {
        if (wk->reaped)
            return;
        int status = 0;
        if (!try_reap(wk->pid, status))
        {
            poll_exit(wk); // readable pidfd, not yet reapable: moments away
            return;
        }
        wk->reaped = true;
        wk->status = status;
        boost::system::error_code ignored;
        wk->timer.cancel();
        if (wk->pidfd)
            wk->pidfd->close(ignored);
        if (!wk->eof)
        {
            // Dead, but the pipe has not ended: a child of the worker may hold
            // its end. Read what is there, and stop waiting after a while.
            wk->timer.expires_after(exit_grace);
            wk->timer.async_wait([self = shared_from_this(), wk](const boost::system::error_code& ec) {
                if (!ec && !wk->eof)
                {
                    wk->eof = true;
                    close_pipes(*wk);
                    self->maybe_remove(wk);
                }
            });
        }
        maybe_remove(wk);
    }

    void on_pipe_closed(const std::shared_ptr<worker>& wk)
    {
        if (!wk->reaped)
        {
            if (wk->pidfd)
            {
                // It should exit now; if it lingers, it is killed.
                wk->timer.expires_after(exit_grace);
                wk->timer.async_wait([self = shared_from_this(), wk](const boost::system::error_code& ec) {
                    if (!ec && !wk->reaped)
                        self->kill(wk, SIGKILL);
                });
            }
            else
            {
                poll_exit(wk);
            }
        }
        maybe_remove(wk);
    }

    // Once a worker has both exited and closed its pipe, it leaves the pool:
    // quietly if it was retiring, breaking the pool otherwise.
    void maybe_remove(const std::shared_ptr<worker>& wk)
    {
        if (!wk->reaped || !wk->eof)
            return;
        auto it = std::find(workers.begin(), workers.end(), wk);
        if (it == workers.end())
            return;
        close_pipes(*wk);
        boost::system::error_code ignored;
        wk->timer.cancel();
        const bool clean = wk->trouble.empty() && wk->stop_sent && wk->in_flight.empty() && WIFEXITED(wk->status) &&
                           WEXITSTATUS(wk->status) == 0;
        workers.erase(it);
        publish_pids();
        if (!clean && !is_broken)
        {
            std::string why = "worker process " + std::to_string(wk->pid) + " ";
            why += wk->trouble.empty() ? describe_wait_status(wk->status) : wk->trouble + " and was killed";
            break_pool(why);
        }
        // Whatever it still held (a broken pool failed them already).
        fail_in_flight(*wk);
        if (is_broken)
            fail_everything_queued();
        else
            dispatch();
        maybe_finish();
    }

    void fail_in_flight(worker& wk)
    {
        const auto e = broken_error ? broken_error
                                    : std::make_exception_ptr(broken_process_pool(
                                          "worker process " + std::to_string(wk.pid) + " left with tasks unfinished"));
        for (auto& r : wk.in_flight)
            fail(*r, e);
        wk.in_flight.clear();
    }

    void break_pool(const std::string& why)
    {
        if (is_broken)
            return;
        is_broken = true;
        const std::string message = "A process in the process pool was terminated abruptly while the future was "
                                    "running or pending: " +
                                    why + "; the process pool is not usable anymore";
        broken_error = std::make_exception_ptr(broken_process_pool(message));
        {
            std::lock_guard<std::mutex> lock(mutex);
            broken_message = message;
        }
        broken_flag.store(true, std::memory_order_release);
        for (auto& wk : std::vector<std::shared_ptr<worker>>(workers))
        {
            fail_in_flight(*wk);
            kill(wk, SIGKILL);
            close_pipes(*wk);
            maybe_remove(wk);
        }
        fail_everything_queued();
    }

    void fail_everything_queued()
    {
        std::vector<std::unique_ptr<call_record>> taken;
        {
            std::lock_guard<std::mutex> lock(mutex);
            taken.swap(inbox);
        }
        for (auto& r : taken)
            fail(*r, broken_error);
        for (auto& r : pending)
            fail(*r, broken_error);
        pending.clear();
    }

    void maybe_finish()
    {
        if (!shutting_down || finished)
            return;
        if (!pending.empty())
            return;
        for (auto& wk : workers)
            if (!wk->in_flight.empty())
                return;
        // Nothing left to run: send every worker home.
        for (auto& wk : std::vector<std::shared_ptr<worker>>(workers))
            stop(wk);
        if (!workers.empty())
            return;
        finished = true;
        work.reset(); // run() returns once the last handlers are done
    }

    void signal_all(int sig)
    {
        for (auto& wk : std::vector<std::shared_ptr<worker>>(workers))
            kill(wk, sig);
    }

    void publish_pids()
    {
        std::vector<long> pids;
        for (auto& wk : workers)
            pids.push_back(wk->pid);
        std::lock_guard<std::mutex> lock(mutex);
        pids_snapshot = std::move(pids);
    }

    ~impl()
    {
        // The manager reaped every worker before it returned; if it never ran
        // (construction failed midway), nothing was started.
        for (auto& wk : workers)
            if (!wk->reaped)
            {
                ::kill(static_cast<pid_t>(wk->pid), SIGKILL);
                int status = 0;
                while (!try_reap(wk->pid, status))
                    std::this_thread::sleep_for(1ms);
            }
    }

    const process_pool_options options;
    const std::size_t max_workers;
    const std::string executable;

    asio::io_context io;
    asio::io_context launch_io; // never run; Boost.Process's handles pass through it
    asio::executor_work_guard<asio::io_context::executor_type> work;
    std::thread manager;
    std::atomic<std::thread::id> manager_id{};
    std::mutex join_mutex;

    // Shared with submitting threads.
    mutable std::mutex mutex;
    std::vector<std::unique_ptr<call_record>> inbox;
    bool drain_posted = false;
    bool shutdown_requested = false;
    bool cancel_requested = false;
    std::string broken_message;
    std::atomic<bool> broken_flag{false};
    std::vector<long> pids_snapshot;
    bool manager_finished = false;
    std::condition_variable manager_changed; // manager_finished, or a signal request served

    // The manager thread's own.
    std::deque<std::unique_ptr<call_record>> pending;
    std::vector<std::shared_ptr<worker>> workers;
    std::uint64_t next_id = 1;
    bool shutting_down = false;
    bool is_broken = false;
    bool finished = false;
    std::exception_ptr broken_error;
};

std::shared_ptr<process_pool_core> process_pool_core::create(process_pool_options options)
{
    auto state = std::make_shared<impl>(std::move(options));
    open_reactor(state->io);
    state->manager = std::thread([state] { state->run(); });
    return std::shared_ptr<process_pool_core>(new process_pool_core(std::move(state)));
}

process_pool_core::process_pool_core(std::shared_ptr<impl> state) : impl_(std::move(state)) {}

process_pool_core::~process_pool_core()
{
    // The executor shut us down and joined; be sure nothing is left running.
    if (impl_->manager.joinable())
    {
        if (on_manager_thread())
            impl_->manager.detach();
        else
        {
            impl_->request_shutdown(false);
            impl_->join();
        }
    }
}

void process_pool_core::submit(call_request request)
{
    impl_->submit(std::move(request));
}

void process_pool_core::shutdown(bool wait, bool cancel_futures)
{
    impl_->request_shutdown(cancel_futures);
    if (!wait)
        return;
    if (on_manager_thread())
        throw std::logic_error("process_pool_executor::shutdown(wait=true) was called from the pool's manager "
                               "thread (a done-callback), where it would wait for itself; the pool is shut down, "
                               "but call shutdown(false) there, or wait from outside");
    impl_->join();
}

void process_pool_core::shutdown_from_inside() noexcept
{
    impl_->request_shutdown(false);
    std::lock_guard<std::mutex> lock(impl_->join_mutex);
    if (impl_->manager.joinable())
        impl_->manager.detach(); // it holds the state and finishes on its own
}

void process_pool_core::signal_workers(worker_signal how)
{
    const int signal = os::native_signal(how);
    impl_->request_shutdown(true);
    if (on_manager_thread())
    {
        impl_->signal_all(signal);
        return;
    }
    // Synchronously, as Python does: when this returns, the signals were sent,
    // or there was nobody left to signal (the manager had finished).
    auto sent = std::make_shared<bool>(false);
    impl* state = impl_.get();
    state->post_to_manager([state, sent, signal] {
        state->signal_all(signal);
        {
            std::lock_guard<std::mutex> lock(state->mutex);
            *sent = true;
        }
        state->manager_changed.notify_all();
    });
    std::unique_lock<std::mutex> lock(state->mutex);
    // Bounded all the same: a caller is never held hostage by the manager.
    (void)state->manager_changed.wait_for(lock, 5s, [&] { return *sent || state->manager_finished; });
}

bool process_pool_core::on_manager_thread() const noexcept
{
    return impl_->manager_id.load() == std::this_thread::get_id();
}

std::size_t process_pool_core::max_workers() const noexcept
{
    return impl_->max_workers;
}

std::vector<long> process_pool_core::worker_pids() const
{
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->pids_snapshot;
}

bool process_pool_core::broken() const noexcept
{
    return impl_->broken_flag.load(std::memory_order_acquire);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
