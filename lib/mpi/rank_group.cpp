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

rank_group::rank_group(link_comm link, int first_rank, int skip) : transport_(std::move(link))
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
