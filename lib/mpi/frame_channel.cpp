//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Byte frames over MPI: nonblocking MPI_CHAR sends, MPI_Improbe + MPI_Mrecv.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "frame_channel.hpp"
#include "mpi_check.hpp"

#include <climits>
#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace {

int message_size(std::size_t size)
{
    if (size > static_cast<std::size_t>(INT_MAX))
        throw std::length_error("a frame of " + std::to_string(size) + " bytes is too large for one MPI message");
    return static_cast<int>(size);
}

} // namespace

const char* to_string(tag t) noexcept
{
    switch (t)
    {
    case tag::request:
        return "request";
    case tag::answer:
        return "answer";
    case tag::control:
        return "control";
    }
    return "unknown";
}

bool is_known(tag t) noexcept
{
    return t == tag::request || t == tag::answer || t == tag::control;
}

frame_channel::~frame_channel()
{
    while (!requests_.empty())
        abandon(requests_.size() - 1);
}

void frame_channel::send(int peer, tag type, std::string bytes)
{
    const int size = message_size(bytes.size());
    auto buffer = std::make_unique<std::string>(std::move(bytes));
    MPI_Request request = MPI_REQUEST_NULL;
    check(MPI_Isend(buffer->data(), size, MPI_CHAR, peer, static_cast<int>(type), comm_, &request), "MPI_Isend");
    // Small frames usually leave at once: then nothing needs keeping.
    int done = 0;
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done)
        return;
    requests_.push_back(request);
    buffers_.push_back(std::move(buffer));
    peers_.push_back(peer);
}

void frame_channel::send_now(int peer, tag type, std::string_view bytes)
{
    check(MPI_Send(bytes.data(), message_size(bytes.size()), MPI_CHAR, peer, static_cast<int>(type), comm_),
          "MPI_Send");
}

std::size_t frame_channel::complete_sends()
{
    if (requests_.empty())
        return 0;
    done_.resize(requests_.size());
    int count = 0;
    check(MPI_Testsome(static_cast<int>(requests_.size()), requests_.data(), &count, done_.data(), MPI_STATUSES_IGNORE),
          "MPI_Testsome");
    if (count <= 0) // 0, or MPI_UNDEFINED with no active request
        return requests_.size();
    // Completed requests are MPI_REQUEST_NULL now: compact them away.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < requests_.size(); ++i)
    {
        if (requests_[i] == MPI_REQUEST_NULL)
            continue;
        if (kept != i)
        {
            requests_[kept] = requests_[i];
            buffers_[kept] = std::move(buffers_[i]);
            peers_[kept] = peers_[i];
        }
        ++kept;
    }
    requests_.resize(kept);
    buffers_.resize(kept);
    peers_.resize(kept);
    return kept;
}

void frame_channel::finish_sends()
{
    check(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
    requests_.clear();
    buffers_.clear();
    peers_.clear();
}

void frame_channel::abandon(std::size_t index) noexcept
{
    MPI_Request_free(&requests_[index]);
    // MPI may go on reading these bytes: leak them rather than free them under it.
    (void)buffers_[index].release();
    requests_.erase(requests_.begin() + static_cast<std::ptrdiff_t>(index));
    buffers_.erase(buffers_.begin() + static_cast<std::ptrdiff_t>(index));
    peers_.erase(peers_.begin() + static_cast<std::ptrdiff_t>(index));
}

void frame_channel::abandon_sends(int peer) noexcept
{
    for (std::size_t i = requests_.size(); i-- > 0;)
        if (peers_[i] == peer)
            abandon(i);
}

bool frame_channel::try_receive(received_frame& out)
{
    int arrived = 0;
    MPI_Message message = MPI_MESSAGE_NULL;
    MPI_Status status;
    // Open MPI's ob1 probe tries to match, then moves arrived bytes in: a
    // frame that came while this process made no MPI call is matched by the
    // next probe only. Measured (4.1.4, shared memory, 3 ms without MPI
    // calls): a first probe took none of 200 frames, a second one right after
    // 174 (the rest came later). With one probe per nap such a frame waited a
    // whole nap more.
    for (int probe = 0; probe < 2 && !arrived; ++probe)
        check(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &arrived, &message, &status), "MPI_Improbe");
    if (!arrived)
        return false;
    int size = 0;
    check(MPI_Get_count(&status, MPI_CHAR, &size), "MPI_Get_count");
    out.bytes.resize(static_cast<std::size_t>(size));
    check(MPI_Mrecv(out.bytes.data(), size, MPI_CHAR, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
    out.peer = status.MPI_SOURCE;
    out.type = static_cast<tag>(status.MPI_TAG);
    return true;
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
