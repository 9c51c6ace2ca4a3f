//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::mpi_serve_if_worker and its guard: MPI up, spawned workers and the
// static world's worker ranks serving (serve_pool.cpp), the root's world of
// ranks installed for its pools (rank_group.hpp), and all of it ended.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "launch.hpp"
#include "rank_group.hpp"
#include "serve_pool.hpp"

#include <boost/concurrent_futures/log.hpp>
#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <cstdlib>

namespace boost {
namespace concurrent_futures {

using namespace std::chrono_literals;
namespace m = detail::mpi;

struct detail::mpi_guard_state
{
    std::unique_ptr<m::mpi_session> session;
    std::size_t world_workers = 0;
};

mpi_guard::mpi_guard(std::unique_ptr<detail::mpi_guard_state> state) noexcept : state_(std::move(state)) {}

mpi_guard::mpi_guard(mpi_guard&& other) noexcept = default;

std::size_t mpi_guard::world_workers() const noexcept
{
    return state_ ? state_->world_workers : 0;
}

mpi_guard::~mpi_guard()
{
    if (!state_)
        return;
    if (std::unique_ptr<m::rank_group> world = m::remove_world())
    {
        if (world->in_use)
        {
            detail::log(log_level::critical, "mpi_serve_if_worker's guard ends while an mpi_pool_executor still runs on the "
                                     "static world: destroy the pools first; the worker ranks are left as they are");
            (void)world.release();
            return;
        }
        try
        {
            m::root_events ignored;
            world->transport().stop(10s, ignored);
        }
        catch (const std::exception& e)
        {
            detail::log(log_level::warning, std::string("mpi_serve_if_worker's guard: stopping the worker ranks: ") + e.what());
        }
    }
    try
    {
        state_->session->finalize();
    }
    catch (const std::exception& e)
    {
        detail::log(log_level::warning, std::string("mpi_serve_if_worker's guard: MPI_Finalize: ") + e.what());
    }
}

mpi_guard mpi_serve_if_worker(int argc, char** argv)
{
    auto state = std::make_unique<detail::mpi_guard_state>();
    state->session = std::make_unique<m::mpi_session>(&argc, &argv);
    if (m::link_comm parent = m::parent_link())
    {
        const int status = m::serve_pool(std::move(parent));
        state->session->finalize();
        std::exit(status);
    }
    int size = 1, rank = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (size > 1)
    {
        m::link_comm link = m::split_link(MPI_COMM_WORLD, 0);
        if (rank != 0)
        {
            const int status = m::serve_pool(std::move(link));
            state->session->finalize();
            std::exit(status);
        }
        auto world = std::make_unique<m::rank_group>(std::move(link), 1);
        m::root_events events;
        world->connect(30s, events);
        m::take_hellos(*world, events);
        state->world_workers = world->size();
        m::install_world(std::move(world));
    }
    return mpi_guard(std::move(state));
}

} // namespace concurrent_futures
} // namespace boost
