//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The MPI pool's front: what submitting threads and the executor see.
// Submitting threads append to an inbox and wake the manager thread (through
// the transport's eventfd, or a condition variable before there is one);
// the manager thread passes the inbox and shutdown requests to the pool core
// and drives the MPI shell (mpi_shell.cpp), which reports the ranks'
// answers, losses and deadlines. Every decision about who runs what is the
// core's (lib/pool_dispatcher.cpp).

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "launch.hpp"
#include "max_workers.hpp"
#include "mpi_shell.hpp"
#include "serve_pool.hpp"

#include <boost/concurrent_futures/detail/mpi_pool_core.hpp>
#include <boost/concurrent_futures/detail/pool_front.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/log.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <pthread.h>
#include <unistd.h>
#include <stdexcept>
#include <thread>

namespace boost {
namespace concurrent_futures {
namespace detail {

using namespace std::chrono_literals;
namespace m = mpi;

namespace {

std::exception_ptr make_broken_mpi_pool(const std::string& message)
{
    return std::make_exception_ptr(broken_mpi_pool(message));
}

void require_mpi()
{
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized)
        throw std::logic_error("mpi_pool_executor: MPI is not running; call `auto mpi = "
                               "cf::mpi_serve_if_worker(argc, argv);` first thing in main, and keep `mpi` alive "
                               "while pools run");
}

pool_config base_config(const mpi_pool_options& o, std::size_t max_workers)
{
    pool_config c;
    c.max_workers = max_workers;
    if (o.initializer)
    {
        c.initializer_function = o.initializer.function();
        c.initializer_payload = wire::encode_call(o.initializer.function(), o.initializer.arguments());
    }
    c.worker_noun = "MPI worker";
    c.pool_name = "MPI pool";
    c.breakage = "A worker rank of the MPI pool ended abruptly while the future was running or pending";
    c.make_broken = &make_broken_mpi_pool;
    c.hello_timeout = hello_timeout_or(10s); // spawned workers come up over TCP
    return c;
}

} // namespace

struct mpi_pool_core::impl : pool_front
{
    // Ranks: `world` borrowed, or `owned`, or `spawn` later.
    impl(pool_config config, m::rank_group* world, std::unique_ptr<m::rank_group> owned,
         std::optional<m::spawn_request> spawn)
        : pool_front("mpi_pool_executor", "MPI pool", &make_broken_mpi_pool), max_workers(config.max_workers),
          shell((config.on_broken = [this](const std::string& message) { publish_broken(message); },
                 std::move(config)),
                world, std::move(owned), std::move(spawn), [this](m::root_transport* t) { set_waker(t); })
    {
    }

    // --- any thread -------------------------------------------------------------------

    // Through the transport's eventfd once there is one; before (no ranks
    // yet), the manager sleeps on changed_.
    void wake_manager_locked() noexcept override
    {
        if (waker)
            waker->wake();
        else
            changed_.notify_all();
    }

    // --- the manager thread -----------------------------------------------------------

    void set_waker(m::root_transport* t) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        waker = t;
    }

    // Passes what the submitting threads left to the core; false if nothing waited.
    bool drain()
    {
        intake in = take();
        if (in.empty())
            return false;
        shell.report(std::nullopt, [&](pool_dispatcher& pool) {
            for (auto& r : in.calls)
            {
                try
                {
                    pool.submit(std::move(r));
                }
                catch (...)
                {
                    pool.fault(std::nullopt, std::current_exception());
                }
            }
        });
        // Its own event, after the workers the calls asked for are on their
        // way: with cancel_futures, calls they can take at once still run, as
        // in CPython, where up to max_workers + 1 are queued for the workers.
        if (in.shutdown)
            shell.report(std::nullopt, [&](pool_dispatcher& pool) { pool.shutdown(in.cancel); });
        return true;
    }

    void run() noexcept
    {
#if defined(__linux__)
        ::pthread_setname_np(::pthread_self(), "cf-mpipool");
#endif
        manager_begins();
        shell.begin();
        for (;;)
        {
            drain();
            if (shell.dispatcher().finished())
                break;
            if (shell.transport())
            {
                shell.step();
                continue;
            }
            // No ranks yet (spawned on the first task): nothing to probe.
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return has_intake_locked() || waker; });
        }
        shell.end();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waker = nullptr;
        }
        manager_ends();
    }

    const std::size_t max_workers;
    m::root_transport* waker = nullptr; // guarded by mutex_
    m::mpi_shell shell;                 // the manager thread's only
};

namespace {

std::shared_ptr<mpi_pool_core::impl> start(std::shared_ptr<mpi_pool_core::impl> state)
{
    state->start_manager([state] { state->run(); });
    return state;
}

} // namespace

std::shared_ptr<mpi_pool_core> mpi_pool_core::create(mpi_pool_options o)
{
    require_mpi();
    if (o.max_workers && *o.max_workers == 0)
        throw std::invalid_argument("mpi_pool_executor: max_workers must be greater than 0");
    mpi_launch launch = o.launch;
    if (launch == mpi_launch::automatic)
        launch = m::has_world() ? mpi_launch::static_world : mpi_launch::spawn;
    std::shared_ptr<impl> state;
    if (launch == mpi_launch::static_world)
    {
        m::rank_group* world = m::take_world();
        if (!world)
            throw std::invalid_argument("mpi_pool_executor: no static world to run on: start the program with "
                                        "`mpirun -np N` (N >= 2) and call cf::mpi_serve_if_worker(argc, argv) first "
                                        "in main, or use mpi_launch::spawn");
        std::size_t live = 0;
        for (std::size_t r = 0; r < world->size(); ++r)
            live += world->lost(r) ? 0 : 1;
        if (live == 0)
        {
            m::give_back_world(world);
            throw broken_mpi_pool("mpi_pool_executor: every worker rank of the static world is lost");
        }
        pool_config c = base_config(o, std::min(live, o.max_workers.value_or(live)));
        c.supply = worker_supply::fixed;
        c.program = "the static world's program";
        try
        {
            state = std::make_shared<impl>(std::move(c), world, nullptr, std::nullopt);
        }
        catch (...)
        {
            m::give_back_world(world);
            throw;
        }
    }
    else
    {
        m::spawn_request request;
        request.executable = o.worker_executable.empty() ? std::filesystem::read_symlink("/proc/self/exe").string()
                                                         : o.worker_executable;
        if (::access(request.executable.c_str(), X_OK) != 0)
            throw std::invalid_argument("mpi_pool_executor: worker_executable '" + request.executable +
                                        "' is not an executable file");
        request.info = o.spawn_info;
        pool_config c = base_config(o, m::resolve_max_workers(o.max_workers));
        c.supply = worker_supply::all_at_once;
        c.program = request.executable;
        state = std::make_shared<impl>(std::move(c), nullptr, nullptr, std::move(request));
    }
    return std::shared_ptr<mpi_pool_core>(new mpi_pool_core(start(std::move(state))));
}

std::shared_ptr<mpi_pool_core> mpi_pool_core::create_on(MPI_Comm comm, int root, mpi_pool_options o)
{
    require_mpi();
    m::mpi_session checked(nullptr, nullptr); // MPI_THREAD_MULTIPLE, or an exception
    if (o.max_workers && *o.max_workers == 0)
        throw std::invalid_argument("mpi_comm_executor: max_workers must be greater than 0");
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    m::link_comm link = m::split_link(comm, root);
    if (rank != root)
    {
        m::serve_pool(std::move(link));
        return nullptr;
    }
    auto group = std::make_unique<m::rank_group>(std::move(link), 0, root);
    m::root_events events;
    group->connect(30s, events);
    m::take_hellos(*group, events);
    const std::size_t n = group->size();
    pool_config c = base_config(o, std::min(n, o.max_workers.value_or(n)));
    c.supply = worker_supply::fixed;
    c.program = "the communicator's program";
    auto state = std::make_shared<impl>(std::move(c), nullptr, std::move(group), std::nullopt);
    return std::shared_ptr<mpi_pool_core>(new mpi_pool_core(start(std::move(state))));
}

mpi_pool_core::mpi_pool_core(std::shared_ptr<impl> state) : impl_(std::move(state)) {}

mpi_pool_core::~mpi_pool_core()
{
    impl_->close();
}

void mpi_pool_core::submit(call_request request)
{
    impl_->submit(std::move(request));
}

void mpi_pool_core::check_accepting() const
{
    impl_->check_accepting();
}

void mpi_pool_core::shutdown(bool wait, bool cancel_futures)
{
    impl_->shutdown(wait, cancel_futures);
}

void mpi_pool_core::shutdown_from_inside() noexcept
{
    impl_->shutdown_from_inside();
}

void mpi_pool_core::close() noexcept
{
    impl_->close();
}

bool mpi_pool_core::on_manager_thread() const noexcept
{
    return impl_->on_manager_thread();
}

std::size_t mpi_pool_core::max_workers() const noexcept
{
    return impl_->max_workers;
}

bool mpi_pool_core::broken() const noexcept
{
    return impl_->broken();
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
