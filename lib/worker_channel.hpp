//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LIB_WORKER_CHANNEL_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_WORKER_CHANNEL_HPP

// One worker process as the process pool's Asio shell sees it: the process
// (started with spawn_worker), its two pipes, the socket its large payloads'
// regions travel over (shared_region.hpp), and its exit. It carries out
// the pool core's actions for that worker (queue a frame, arm a deadline,
// signal, close, watch for the exit, release) and reports what happens
// (frames read, end of stream, a failed write, the exit, a deadline) to the
// core as events through its channel_host. It decides nothing.

#include "os/descriptor.hpp"

#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Who hears a channel's events: the pool core, on the manager thread.
class channel_host
{
public:
    virtual pool_dispatcher& dispatcher() noexcept = 0;
    // Performs the actions the core has queued.
    virtual void carry_out() noexcept = 0;

    // Calls `event(dispatcher())`, then carries out what it asked for. An
    // exception fails worker `id` (or the pool, for nullopt) through the core
    // instead of getting lost.
    template <class Event>
    void report(std::optional<worker_id> id, Event&& event) noexcept
    {
        try
        {
            event(dispatcher());
        }
        catch (...)
        {
            dispatcher().fault(id, std::current_exception());
        }
        carry_out();
    }

protected:
    ~channel_host() = default;
};

// Lives as long as the host holds it or one of its operations is pending;
// the host outlives every operation (they all complete inside its io_context's
// run()). All members run on the manager thread.
class worker_channel : public std::enable_shared_from_this<worker_channel>
{
public:
    worker_channel(asio::io_context& io, worker_id id, channel_host& host);

    worker_id id() const noexcept { return id_; }
    long pid() const noexcept { return pid_; }

    // Starts the worker process, its reads and the watch on its exit; its
    // pid. Throws std::runtime_error if it could not be started.
    long launch(const std::string& executable);

    // Appends a frame to what goes out next; true if flush() must follow.
    // A payload in `region` (if any) is passed on at once, ahead of its
    // frame, which names it. Throws std::runtime_error or
    // std::system_error if the region cannot be passed on.
    bool queue_frame(wire::kind kind, std::uint64_t task_id, std::string_view payload, shared_region* region = nullptr);
    // Starts writing what is queued, unless a write is under way.
    void flush();

    void arm_deadline(std::chrono::milliseconds delay, std::uint64_t generation);
    void disarm_deadline();
    // Sends `sig` to the process, unless it has been reaped.
    void signal(int sig) noexcept;
    // Closes both pipes: nothing more is read or written.
    void close() noexcept;
    // Its exit is expected: without a pidfd, poll for it.
    void expect_exit();
    // Frees everything; a process still running (never seen exiting) is
    // killed and reaped first, so no zombie is left.
    void release() noexcept;

private:
    void start_read();
    void on_read(const boost::system::error_code& ec, std::size_t n);
    void on_written(const boost::system::error_code& ec);
    void watch_pidfd();
    void poll_exit();
    void check_exit(pool_dispatcher& core);
    // Maps the region a flag_shared frame names; why not, if it cannot.
    std::optional<std::string> attach_region(wire::frame& frame);
    // Keeps `region` (file `identity`) mapped for the worker's next answers, until idle.
    void keep_answer_region(shared_region region, std::pair<std::uint64_t, std::uint64_t> identity);
    void on_answer_idle(const boost::system::error_code& ec);

    const worker_id id_;
    channel_host& host_;
    long pid_ = -1;
    asio::writable_pipe to_worker_;
    asio::readable_pipe from_worker_;
    os::unique_descriptor regions_; // unix socket: regions of large payloads, both ways
    std::optional<asio::posix::stream_descriptor> pidfd_;
    asio::steady_timer deadline_;  // the core's
    asio::steady_timer exit_poll_; // waitpid with backoff, where no pidfd tells
    // The regions of the worker's last large answers, still mapped here
    // (device and inode of each; the most recently used last): its next
    // answers come in the same few regions (the worker reuses each once a
    // region_done said it was read; two when it holds two tasks), and
    // mapping their pages again each time costs about half their copy out.
    // At most region_cache::max_regions, as many as the worker lends.
    struct kept_region
    {
        shared_region region;
        std::pair<std::uint64_t, std::uint64_t> identity;
    };
    std::vector<kept_region> answer_regions_;
    asio::steady_timer answer_idle_; // lets them go once unused for a while
    std::chrono::steady_clock::time_point answer_used_{};
    bool answer_sweep_ = false;
    std::chrono::milliseconds poll_interval_{0};
    bool polling_ = false;
    bool reaped_ = false;
    bool write_under_way_ = false;
    std::unique_ptr<unsigned char[]> buffer_;
    wire::frame_reader reader_;
    std::string writing_; // being written
    std::string queued_;  // goes next
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
