//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The root's end of a link: requests out, answers and control in, deaths
// noticed through pidfds.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "root_transport.hpp"
#include "control_message.hpp"
#include "mpi_check.hpp"

#include <algorithm>
#include <csignal>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

void root_events::clear() noexcept
{
    answers.clear();
    ready.clear();
    stopped.clear();
    lost.clear();
    woken = false;
}

bool root_events::empty() const noexcept
{
    return answers.empty() && ready.empty() && stopped.empty() && lost.empty() && !woken;
}

progress_engine::tuning root_transport::default_tuning() noexcept
{
    // Measured with bench/mpi (mpirun -np 3 on 2 cores): naps up to 1 ms made
    // a batch of small tasks ~6x and a round trip ~4x slower than naps up to
    // 100 us. A 20 us spin let every other round-trip run fall into the naps
    // (30 or 65 us per round trip); 60 us kept all at 28-30 us, batches alike.
    // Spinning while idle (waiting for the next submit) halved the round
    // trip's speed: it takes the core the submitting thread needs.
    //
    // The longest nap does not exceed the worker's spin, so a worker that
    // answered is most likely still spinning when the next request comes.
    // Measured (-np 2, the root stalling 1.5 ms every 200 round trips) while
    // one probe could miss a frame that came during a nap (see
    // frame_channel::try_receive): naps up to 1 ms kept both sides napping
    // for each other's frames, a 2.4 ms median round trip; up to 300 us,
    // 0.7-1 ms; up to 100 or 150 us, 2 us. With the second probe, naps up
    // to 1 ms gave 2-3 us as well: each of the two alone was enough.
    progress_engine::tuning t;
    t.spin = std::chrono::microseconds(60);
    t.max_sleep = std::chrono::microseconds(100);
    return t;
}

root_transport::root_transport(link_comm link, progress_engine::tuning tuning)
    : link_(std::move(link)), channel_(link_.get()), engine_(tuning), self_(this_process())
{
    workers_.resize(static_cast<std::size_t>(link_.remote_size()));
    const std::string hello = encode_hello(self_);
    for (std::size_t w = 0; w < workers_.size(); ++w)
        channel_.send(static_cast<int>(w), tag::control, hello);
}

root_transport::~root_transport()
{
    link_.abandon();
}

const peer_identity* root_transport::identity(std::size_t worker) const noexcept
{
    return workers_[worker].said_hello ? &workers_[worker].identity : nullptr;
}

bool root_transport::watched(std::size_t worker) const noexcept
{
    return workers_[worker].watch.status() == process_watch::state::watching;
}

std::string root_transport::name(std::size_t w) const
{
    std::string n = "MPI worker " + std::to_string(w);
    if (workers_[w].said_hello)
        n += " (" + describe(workers_[w].identity) + ")";
    return n;
}

void root_transport::broke_protocol(std::size_t w, const std::string& what, root_events& out)
{
    // As in the process pool: a worker that breaks the protocol is put down.
    // One on another host can only be asked to stop.
    if (!signal(w, SIGKILL) && !workers_[w].stop_sent && !workers_[w].lost)
    {
        workers_[w].stop_sent = true;
        try
        {
            channel_.send(static_cast<int>(w), tag::control, encode_stop());
        }
        catch (const mpi_error&)
        {
        }
    }
    lose(w, name(w) + " broke the protocol: " + what, out);
}

void root_transport::lose(std::size_t w, std::string reason, root_events& out)
{
    worker_slot& slot = workers_[w];
    if (slot.lost)
        return;
    slot.lost = true;
    channel_.abandon_sends(static_cast<int>(w));
    if (slot.watch.fd() >= 0)
        engine_.unwatch(slot.watch.fd());
    slot.watch = process_watch();
    out.lost.push_back(worker_loss{w, std::move(reason)});
}

void root_transport::on_control(std::size_t w, root_events& out)
{
    worker_slot& slot = workers_[w];
    control_message m;
    if (auto error = decode_control(incoming_.bytes, m))
        return broke_protocol(w, *error, out);
    switch (m.type)
    {
    case control_message::kind::hello:
        if (slot.said_hello)
            return broke_protocol(w, "a second hello", out);
        slot.said_hello = true;
        slot.identity = std::move(m.identity);
        if (same_machine(self_, slot.identity))
        {
            slot.watch = process_watch(static_cast<long>(slot.identity.pid));
            if (slot.watch.status() == process_watch::state::gone)
                return lose(w, name(w) + " exited", out);
            if (slot.watch.fd() >= 0)
                engine_.watch(slot.watch.fd());
        }
        out.ready.push_back(w);
        return;
    case control_message::kind::goodbye:
        if (!slot.stop_sent)
            return broke_protocol(w, "it said goodbye without being asked to stop", out);
        slot.said_goodbye = true;
        out.stopped.push_back(w);
        return;
    case control_message::kind::stop:
        break;
    }
    broke_protocol(w, "it sent stop, which only the root sends", out);
}

void root_transport::dispatch(root_events& out)
{
    const auto w = static_cast<std::size_t>(incoming_.peer);
    if (w >= workers_.size() || workers_[w].lost)
        return; // a worker already reported lost: nothing it says counts
    if (workers_[w].said_goodbye)
        return broke_protocol(w, std::string("a ") + to_string(incoming_.type) + " frame after goodbye", out);
    switch (incoming_.type)
    {
    case tag::answer:
        out.answers.push_back(std::move(incoming_));
        incoming_ = received_frame();
        return;
    case tag::control:
        return on_control(w, out);
    case tag::request:
        break;
    }
    broke_protocol(w,
                   "a frame with tag " + std::to_string(static_cast<int>(incoming_.type)) + " (" +
                       to_string(incoming_.type) + "), which workers never send",
                   out);
}

bool root_transport::receive_all(root_events& out)
{
    if (channel_.pending_sends() > 0)
        channel_.complete_sends();
    bool any = false;
    while (channel_.try_receive(incoming_))
    {
        dispatch(out);
        any = true;
    }
    return any;
}

bool root_transport::send(std::size_t worker, std::string frame)
{
    if (workers_[worker].lost)
        return false;
    channel_.send(static_cast<int>(worker), tag::request, std::move(frame));
    return true;
}

bool root_transport::wait(bool answers_expected, root_events& out, std::chrono::steady_clock::time_point deadline)
{
    const bool busy = answers_expected || channel_.pending_sends() > 0;
    const progress_engine::result r = engine_.wait(
        busy, [&] { return receive_all(out); }, deadline);
    after_wait(r, out);
    return !r.timed_out;
}

void root_transport::after_wait(const progress_engine::result& r, root_events& out)
{
    out.woken = out.woken || r.woken;
    if (!r.watched)
        return;
    for (int fd : engine_.ready())
        for (std::size_t w = 0; w < workers_.size(); ++w)
            if (!workers_[w].lost && workers_[w].watch.fd() == fd)
                lose(w, name(w) + " exited", out);
}

template <class Done>
void root_transport::wait_until(std::chrono::steady_clock::time_point deadline, root_events& out, Done done)
{
    while (!done() && wait(true, out, deadline))
    {
    }
}

void root_transport::connect(std::chrono::milliseconds timeout, root_events& out)
{
    auto all_known = [this] {
        return std::all_of(workers_.begin(), workers_.end(),
                           [](const worker_slot& s) { return s.said_hello || s.lost; });
    };
    wait_until(std::chrono::steady_clock::now() + timeout, out, all_known);
    for (std::size_t w = 0; w < workers_.size(); ++w)
        if (!workers_[w].said_hello)
            lose(w, name(w) + " said no hello within " + std::to_string(timeout.count()) + " ms", out);
}

std::vector<std::size_t> root_transport::stop(std::chrono::milliseconds timeout, root_events& out)
{
    const std::string stop_message = encode_stop();
    for (std::size_t w = 0; w < workers_.size(); ++w)
        if (!workers_[w].lost && !workers_[w].stop_sent)
        {
            workers_[w].stop_sent = true;
            channel_.send(static_cast<int>(w), tag::control, stop_message);
        }
    auto all_done = [this] {
        return std::all_of(workers_.begin(), workers_.end(),
                           [](const worker_slot& s) { return s.said_goodbye || s.lost; });
    };
    wait_until(std::chrono::steady_clock::now() + timeout, out, all_done);
    std::vector<std::size_t> silent;
    for (std::size_t w = 0; w < workers_.size(); ++w)
        if (!workers_[w].lost && !workers_[w].said_goodbye)
            silent.push_back(w);
    // Frames to workers that said goodbye all arrived (stop came after them);
    // those to lost or silent workers may never complete and are let go.
    for (std::size_t w = 0; w < workers_.size(); ++w)
        if (!workers_[w].said_goodbye)
            channel_.abandon_sends(static_cast<int>(w));
    channel_.finish_sends();
    link_.release();
    return silent;
}

bool root_transport::signal(std::size_t worker, int signal) noexcept
{
    const worker_slot& slot = workers_[worker];
    if (slot.lost || slot.watch.status() != process_watch::state::watching)
        return false;
    return ::kill(static_cast<pid_t>(slot.identity.pid), signal) == 0;
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
