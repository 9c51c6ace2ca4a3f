//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's end of the link: it says hello, then takes the root's request
// frames one at a time and sends back answer frames, until the root says
// stop (or dies). Single-threaded and blocking, like the process pool's
// worker: the root does the juggling. Waiting for a request probes MPI by
// the progress engine's rules (spin briefly after each frame, then doubling
// naps), so an idle worker costs a few wake-ups per millisecond, not a core;
// a root on the same machine is watched through a pidfd, so a worker never
// outlives it by more than a nap.
//
// The frames are opaque here: serving one request frame and producing its
// answer frame is the pool core's business.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_WORKER_TRANSPORT_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_WORKER_TRANSPORT_HPP

#include "frame_channel.hpp"
#include "launch.hpp"
#include "peer_identity.hpp"
#include "process_watch.hpp"
#include "progress_engine.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

class BOOST_CONCURRENT_FUTURES_MPI_DECL worker_transport
{
public:
    // The waiting rules of an idle worker.
    static progress_engine::tuning default_tuning() noexcept;

    // Takes over `link` (the root is its remote rank 0) and says hello.
    // Throws mpi_error, std::system_error.
    explicit worker_transport(link_comm link, progress_engine::tuning tuning = default_tuning());

    // Abandons the link unless next() returned stop (no MPI call here: MPI
    // may be finalized already).
    ~worker_transport();

    worker_transport(const worker_transport&) = delete;
    worker_transport& operator=(const worker_transport&) = delete;

    enum class event
    {
        request,        // `frame` holds the root's request
        stop,           // the root said stop: goodbye sent, link released
        root_lost,      // the root's process exited: leave at once, without
                        // MPI_Finalize (it would wait for the root forever)
        protocol_error, // the root sent something unreadable: error() says what
    };

    // Waits for the root's next request. Throws mpi_error.
    event next(std::string& frame);

    // Sends an answer frame and returns once it left. Throws mpi_error.
    void answer(std::string_view frame);

    // The root's identity, once its hello arrived.
    const peer_identity* root() const noexcept { return root_known_ ? &root_ : nullptr; }

    const std::string& error() const noexcept { return error_; }

private:
    // What a control message means for next(): nullopt to keep waiting.
    std::optional<event> on_control(const std::string& bytes);

    link_comm link_;
    frame_channel channel_;
    progress_engine engine_;
    peer_identity self_;
    peer_identity root_;
    bool root_known_ = false;
    process_watch root_watch_;
    received_frame incoming_;
    std::string error_;
};

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
