//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// One worker process's pipes, deadline and exit, in Asio (worker_channel.hpp).
// Exits are seen through the pidfd; without one (kernels before 5.3, or
// BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD), through waitpid polled with backoff
// while the core expects the worker to exit.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "worker_channel.hpp"

#include "os/descriptor_passing.hpp"
#include "spawn_worker.hpp"

#include <boost/asio/write.hpp>

#include <algorithm>
#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

namespace boost {
namespace concurrent_futures {
namespace detail {

using namespace std::chrono_literals;

namespace {

constexpr std::size_t read_chunk = 64 * 1024;
// waitpid polling: the first look soon, then less and less often.
constexpr std::chrono::milliseconds first_poll = 1ms;
constexpr std::chrono::milliseconds slowest_poll = 50ms;
// An answer region unused this long is let go, as the worker lets go of its own.
constexpr std::chrono::milliseconds answer_region_idle = 1s;

exit_kind kind_of(int status)
{
    if (status == -1)
        return exit_kind::unknown;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? exit_kind::clean : exit_kind::failed;
}

} // namespace

worker_channel::worker_channel(asio::io_context& io, worker_id id, channel_host& host)
    : id_(id), host_(host), to_worker_(io), from_worker_(io), deadline_(io), exit_poll_(io), answer_idle_(io),
      buffer_(new unsigned char[read_chunk])
{
}

long worker_channel::launch(const std::string& executable)
{
    const launched_worker launched = spawn_worker(executable);
    pid_ = launched.pid;
    try
    {
        regions_.reset(launched.region_fd);
        to_worker_.assign(launched.task_fd);
        from_worker_.assign(launched.result_fd);
        if (launched.pidfd >= 0)
            pidfd_.emplace(to_worker_.get_executor(), launched.pidfd);
        start_read();
        if (pidfd_)
            watch_pidfd();
    }
    catch (...)
    {
        release(); // the process, too
        throw;
    }
    return pid_;
}

// --- reading -------------------------------------------------------------------------

void worker_channel::start_read()
{
    from_worker_.async_read_some(
        asio::buffer(buffer_.get(), read_chunk),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) { self->on_read(ec, n); });
}

void worker_channel::on_read(const boost::system::error_code& ec, std::size_t n)
{
    if (!from_worker_.is_open())
        return; // closed on the core's word
    bool more = false;
    host_.report(id_, [&](pool_dispatcher& core) {
        if (ec)
        {
            reader_.finish();
            if (reader_.failed())
                core.stream_failed(id_, reader_.error());
            else
                core.channel_closed(id_);
            return;
        }
        std::size_t used = 0;
        while (used < n && !reader_.failed())
        {
            used += reader_.feed(buffer_.get() + used, n - used);
            while (auto frame = reader_.next())
            {
                if (auto why = attach_region(*frame))
                {
                    core.stream_failed(id_, *why);
                    return;
                }
                core.frame_received(id_, *frame); // its region, if any, goes with it
            }
        }
        if (reader_.failed())
            core.stream_failed(id_, reader_.error());
        else
            more = true;
    });
    if (more && from_worker_.is_open())
        host_.report(id_, [&](pool_dispatcher&) { start_read(); });
}

// --- writing -------------------------------------------------------------------------

std::optional<std::string> worker_channel::attach_region(wire::frame& frame)
{
    if (!(frame.head.flags & wire::flag_shared))
        return std::nullopt;
    wire::region_ref ref;
    if (auto bad = wire::decode_region_ref(frame.payload, ref))
        return bad;
    try
    {
        os::unique_descriptor fd = os::receive_descriptor(regions_.get(), false);
        if (!fd)
            return std::string("a ") + wire::to_string(frame.head.type) +
                   " frame in shared memory came without its region";
        answer_used_ = std::chrono::steady_clock::now();
        struct stat st{};
        const bool known = ::fstat(fd.get(), &st) == 0;
        const std::pair<std::uint64_t, std::uint64_t> identity{st.st_dev, st.st_ino};
        const auto kept = std::find_if(answer_regions_.begin(), answer_regions_.end(),
                                       [&](const kept_region& k) { return known && k.identity == identity; });
        if (kept != answer_regions_.end())
        {
            if (auto again = kept->region.view_again(fd.get(), ref.offset, ref.length))
            {
                (void)fd.release(); // closed by view_again
                frame.mapped = *again;
                std::rotate(kept, kept + 1, answer_regions_.end()); // the most recently used last
                return std::nullopt;
            }
            answer_regions_.erase(kept); // grown past what is mapped here: mapped again
        }
        shared_region region = shared_region::receive(fd.release(), ref.offset, ref.length);
        if (known && region.view_again_possible() && region.size() <= region_cache::max_bytes)
        {
            frame.mapped = region.view();
            keep_answer_region(std::move(region), identity);
        }
        else
            frame.region = std::move(region); // for this answer only: unmapped once read
    }
    catch (const std::exception& e)
    {
        return std::string("a ") + wire::to_string(frame.head.type) + " frame in shared memory: " + e.what();
    }
    return std::nullopt;
}

void worker_channel::keep_answer_region(shared_region region, std::pair<std::uint64_t, std::uint64_t> identity)
{
    if (answer_regions_.size() >= region_cache::max_regions)
        answer_regions_.erase(answer_regions_.begin()); // the least recently used
    answer_regions_.push_back(kept_region{std::move(region), identity});
    if (answer_sweep_)
        return;
    answer_sweep_ = true;
    answer_idle_.expires_after(answer_region_idle);
    answer_idle_.async_wait(
        [self = shared_from_this()](const boost::system::error_code& ec) { self->on_answer_idle(ec); });
}

void worker_channel::on_answer_idle(const boost::system::error_code& ec)
{
    answer_sweep_ = false;
    if (ec || answer_regions_.empty())
        return;
    const auto unused = std::chrono::steady_clock::now() - answer_used_;
    if (unused >= answer_region_idle)
    {
        answer_regions_.clear();
        return;
    }
    answer_sweep_ = true;
    answer_idle_.expires_after(answer_region_idle - unused);
    answer_idle_.async_wait(
        [self = shared_from_this()](const boost::system::error_code& ec) { self->on_answer_idle(ec); });
}

bool worker_channel::queue_frame(wire::kind kind, std::uint64_t task_id, std::string_view payload,
                                 shared_region* region)
{
    if (!to_worker_.is_open())
        return false;
    const bool idle = queued_.empty() && !write_under_way_;
    if (region && *region)
    {
        // A reused region is sealed already, and stays mapped here for the
        // next payload once this task is answered; another is sealed now.
        if (!region->reusable())
            region->seal();
        os::send_descriptor(regions_.get(), region->reader_descriptor(), false);
        wire::append_frame(queued_, kind, task_id, wire::encode_region_ref({region->offset(), region->size()}),
                           wire::flag_shared);
    }
    else
        wire::append_frame(queued_, kind, task_id, payload);
    return idle;
}

void worker_channel::flush()
{
    if (write_under_way_ || queued_.empty() || !to_worker_.is_open())
        return;
    writing_.swap(queued_);
    queued_.clear();
    write_under_way_ = true;
    asio::async_write(to_worker_, asio::buffer(writing_),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                          self->on_written(ec);
                      });
}

void worker_channel::on_written(const boost::system::error_code& ec)
{
    write_under_way_ = false;
    writing_.clear();
    if (!to_worker_.is_open())
        return; // closed on the core's word
    if (ec)
    {
        // It stopped reading (EPIPE: it is dying, or closed fd 3).
        boost::system::error_code ignored;
        to_worker_.close(ignored);
        host_.report(id_, [&](pool_dispatcher& core) { core.send_failed(id_, ec.message()); });
        return;
    }
    host_.report(id_, [&](pool_dispatcher&) { flush(); }); // what was queued meanwhile
}

// --- deadline, signals, closing ---------------------------------------------------------

void worker_channel::arm_deadline(std::chrono::milliseconds delay, std::uint64_t generation)
{
    deadline_.expires_after(delay);
    deadline_.async_wait([self = shared_from_this(), generation](const boost::system::error_code& ec) {
        if (!ec)
            self->host_.report(self->id_,
                               [&](pool_dispatcher& core) { core.timer_expired(self->id_, generation); });
    });
}

void worker_channel::disarm_deadline()
{
    deadline_.cancel();
}

void worker_channel::signal(int sig) noexcept
{
    if (!reaped_ && pid_ > 0)
        os::send_signal(pid_, sig); // SIGCONT after SIGTERM: a stopped worker ends too
}

void worker_channel::close() noexcept
{
    boost::system::error_code ignored;
    to_worker_.close(ignored);
    from_worker_.close(ignored);
    regions_.reset(); // regions still in flight are freed with it
    answer_regions_.clear();
    answer_idle_.cancel();
}

void worker_channel::release() noexcept
{
    close();
    deadline_.cancel();
    exit_poll_.cancel();
    boost::system::error_code ignored;
    if (pidfd_)
        pidfd_->close(ignored);
    if (!reaped_ && pid_ > 0)
    {
        ::kill(static_cast<pid_t>(pid_), SIGKILL);
        int status = 0;
        while (!try_reap(pid_, status))
            std::this_thread::sleep_for(1ms);
        reaped_ = true;
    }
}

// --- the exit ------------------------------------------------------------------------------

void worker_channel::expect_exit()
{
    if (!pidfd_)
        poll_exit();
}

void worker_channel::watch_pidfd()
{
    pidfd_->async_wait(asio::posix::stream_descriptor::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) {
                           if (!ec)
                               self->host_.report(self->id_, [&](pool_dispatcher& core) { self->check_exit(core); });
                       });
}

void worker_channel::poll_exit()
{
    if (reaped_ || polling_)
        return;
    polling_ = true;
    poll_interval_ = std::clamp(poll_interval_ * 2, first_poll, slowest_poll);
    exit_poll_.expires_after(poll_interval_);
    exit_poll_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        self->polling_ = false;
        if (!ec)
            self->host_.report(self->id_, [&](pool_dispatcher& core) { self->check_exit(core); });
    });
}

void worker_channel::check_exit(pool_dispatcher& core)
{
    if (reaped_)
        return;
    int status = 0;
    if (!try_reap(pid_, status))
    {
        poll_exit(); // a readable pidfd, not yet reapable: moments away
        return;
    }
    reaped_ = true;
    exit_poll_.cancel();
    boost::system::error_code ignored;
    if (pidfd_)
        pidfd_->close(ignored);
    core.exited(id_, kind_of(status), describe_wait_status(status));
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
