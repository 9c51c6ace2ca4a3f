//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's end of the link.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "worker_transport.hpp"
#include "control_message.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace {

constexpr int root_rank = 0;

} // namespace

progress_engine::tuning worker_transport::default_tuning() noexcept
{
    progress_engine::tuning t;
    // Long enough to catch the root's next request in a one-at-a-time
    // exchange (root_transport::default_tuning naps no longer than this);
    // the naps then cap an idle worker's cost.
    t.spin = std::chrono::microseconds(100);
    t.max_sleep = std::chrono::milliseconds(1);
    return t;
}

worker_transport::worker_transport(link_comm link, progress_engine::tuning tuning)
    : link_(std::move(link)), channel_(link_.get()), engine_(tuning), self_(this_process())
{
    channel_.send_now(root_rank, tag::control, encode_hello(self_));
}

worker_transport::~worker_transport()
{
    link_.abandon();
}

void worker_transport::answer(std::string_view frame)
{
    channel_.send_now(root_rank, tag::answer, frame);
}

std::optional<worker_transport::event> worker_transport::on_control(const std::string& bytes)
{
    control_message m;
    if (auto why = decode_control(bytes, m))
    {
        error_ = "the root broke the protocol: " + *why;
        return event::protocol_error;
    }
    switch (m.type)
    {
    case control_message::kind::hello:
        if (root_known_)
            break;
        root_known_ = true;
        root_ = std::move(m.identity);
        if (same_machine(self_, root_))
        {
            root_watch_ = process_watch(static_cast<long>(root_.pid));
            if (root_watch_.status() == process_watch::state::gone)
                return event::root_lost;
            if (root_watch_.fd() >= 0)
                engine_.watch(root_watch_.fd());
        }
        return std::nullopt;
    case control_message::kind::stop:
        channel_.send_now(root_rank, tag::control, encode_goodbye());
        link_.release();
        return event::stop;
    case control_message::kind::goodbye:
        break;
    }
    error_ = "the root broke the protocol: an unexpected control message";
    return event::protocol_error;
}

worker_transport::event worker_transport::next(std::string& frame)
{
    for (;;)
    {
        bool got = false;
        const progress_engine::result r = engine_.wait(true, [&] { return got = channel_.try_receive(incoming_); });
        if (r.watched)
            return event::root_lost;
        if (!got)
            continue;
        if (incoming_.type == tag::request)
        {
            frame.swap(incoming_.bytes);
            return event::request;
        }
        if (incoming_.type != tag::control)
        {
            error_ = "the root broke the protocol: a frame with tag " +
                     std::to_string(static_cast<int>(incoming_.type)) + " (" + to_string(incoming_.type) + ")";
            return event::protocol_error;
        }
        if (const auto e = on_control(incoming_.bytes))
            return *e;
    }
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
