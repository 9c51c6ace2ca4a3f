//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Byte frames between the root and its workers over one communicator. Each
// frame is one MPI message of MPI_CHAR, tagged request, answer or control:
// sends are nonblocking (the channel keeps the bytes until MPI is done with
// them), receives take frames of any size as they come (MPI_Improbe, then
// MPI_Mrecv of exactly that size). Much faster than Boost.MPI's serialized
// std::string, which packs the bytes through an archive first.
//
// Not thread-safe: one thread owns a channel (the root's manager thread, or
// the worker's only thread).

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_FRAME_CHANNEL_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_FRAME_CHANNEL_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <mpi.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

// What a frame is: its MPI tag.
enum class tag : int
{
    request = 1, // root -> worker: a wire frame (task, chunk, initialize)
    answer = 2,  // worker -> root: a wire frame (result, error, ...)
    control = 3, // both ways: hello, stop, goodbye (control_message.hpp)
};

BOOST_CONCURRENT_FUTURES_MPI_DECL const char* to_string(tag t) noexcept;
BOOST_CONCURRENT_FUTURES_MPI_DECL bool is_known(tag t) noexcept;

struct received_frame
{
    int peer = -1; // rank in the remote group (a worker, or the root)
    tag type = tag::control;
    std::string bytes;
};

class BOOST_CONCURRENT_FUTURES_MPI_DECL frame_channel
{
public:
    // `comm` is not owned and must outlive the channel.
    explicit frame_channel(MPI_Comm comm) noexcept : comm_(comm) {}

    frame_channel(const frame_channel&) = delete;
    frame_channel& operator=(const frame_channel&) = delete;

    // Sends still pending are abandoned (see abandon_sends).
    ~frame_channel();

    // Starts sending `bytes` to `peer` and returns; the bytes stay with the
    // channel until MPI is done with them. Throws mpi_error if MPI refuses the
    // send (nothing is pending then); std::length_error above INT_MAX bytes.
    void send(int peer, tag type, std::string bytes);

    // Sends and returns once the bytes left (a blocking MPI_Send): for a
    // worker, which has nothing else to do meanwhile.
    void send_now(int peer, tag type, std::string_view bytes);

    // Completes the sends MPI has finished (and drives MPI's progress for the
    // others); returns how many are still pending.
    std::size_t complete_sends();

    std::size_t pending_sends() const noexcept { return requests_.size(); }

    // Waits until every pending send has completed.
    void finish_sends();

    // Stops tracking the sends to `peer`, which is gone: MPI may never finish
    // them, and may still read their bytes, so those are kept (leaked) rather
    // than freed under it.
    void abandon_sends(int peer) noexcept;

    // Receives one frame if any peer has sent one: true and `out` filled
    // (its string's capacity reused), or false at once. Probes twice before
    // it says false, so that a frame that arrived while no MPI call was made
    // is taken now rather than at the next call. Throws mpi_error.
    bool try_receive(received_frame& out);

private:
    void abandon(std::size_t index) noexcept;

    MPI_Comm comm_;
    // Parallel vectors: MPI_Testsome wants the requests contiguous. The
    // strings sit behind pointers so that MPI's view of them never moves.
    std::vector<MPI_Request> requests_;
    std::vector<std::unique_ptr<std::string>> buffers_;
    std::vector<int> peers_;
    std::vector<int> done_; // MPI_Testsome's output, kept to avoid reallocating
};

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
