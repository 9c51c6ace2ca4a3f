//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The ranks of an MPI pool and the static world's one group (rank_group.hpp).

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "rank_group.hpp"

#include <mutex>
#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace {

std::mutex world_mutex;
std::unique_ptr<rank_group> world_group;

} // namespace

namespace {

// The root's waits while answers are expected: a short spin catches quick
// answers; the naps after it stay short, since each one's overshoot adds to
// the latency of every task; an idle root does not nap at all (it sleeps
// until woken).
progress_engine::tuning root_tuning()
{
    // Measured with bench/mpi (mpirun -np 3 on 2 cores): naps up to 1 ms made
    // a batch of small tasks ~6x and a round trip ~4x slower than naps up to
    // 100 us. A 20 us spin let every other round-trip run fall into the naps
    // (30 or 65 us per round trip); 60 us kept all at 28-30 us, batches alike.
    // Spinning while idle (waiting for the next submit) halved the round
    // trip's speed: it takes the core the submitting thread needs.
    progress_engine::tuning t;
    t.spin = std::chrono::microseconds(60);
    t.max_sleep = std::chrono::microseconds(100);
    return t;
}

} // namespace

rank_group::rank_group(link_comm link, int first_rank, int skip) : transport_(std::move(link), root_tuning())
{
    ranks_.resize(transport_.size());
    int number = first_rank;
    for (auto& r : ranks_)
    {
        if (number == skip)
            ++number;
        r.number = number++;
    }
}

void rank_group::connect(std::chrono::milliseconds timeout, root_events& out)
{
    transport_.connect(timeout, out);
}

long rank_group::pid(std::size_t w) const noexcept
{
    const peer_identity* id = transport_.identity(w);
    return id ? static_cast<long>(id->pid) : -1;
}

std::string rank_group::label(std::size_t w) const
{
    std::string out = "rank " + std::to_string(ranks_[w].number);
    if (const peer_identity* id = transport_.identity(w))
        out += " on host " + id->host;
    return out;
}

bool rank_group::hello_arrived(std::size_t w, std::uint64_t seq, std::string frame)
{
    rank_state& r = ranks_[w];
    r.hello_seq = seq;
    if (seq != r.stops)
        return false;
    r.hello = std::move(frame);
    return true;
}

std::optional<std::string> rank_group::take_hello(std::size_t w)
{
    rank_state& r = ranks_[w];
    if (r.hello_seq != r.stops)
        return std::nullopt;
    return std::exchange(r.hello, std::nullopt);
}

rank_group* take_world()
{
    std::lock_guard<std::mutex> lock(world_mutex);
    if (!world_group)
        return nullptr;
    if (world_group->in_use)
        throw std::logic_error("mpi_pool_executor: another pool is using the static world's ranks; one pool at a time "
                               "runs on them (shut it down first, or use mpi_launch::spawn)");
    world_group->in_use = true;
    return world_group.get();
}

void give_back_world(rank_group* world) noexcept
{
    std::lock_guard<std::mutex> lock(world_mutex);
    if (world && world == world_group.get())
        world->in_use = false;
}

bool has_world() noexcept
{
    std::lock_guard<std::mutex> lock(world_mutex);
    return static_cast<bool>(world_group);
}

void install_world(std::unique_ptr<rank_group> world)
{
    std::lock_guard<std::mutex> lock(world_mutex);
    world_group = std::move(world);
}

std::unique_ptr<rank_group> remove_world()
{
    std::lock_guard<std::mutex> lock(world_mutex);
    return std::move(world_group);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
