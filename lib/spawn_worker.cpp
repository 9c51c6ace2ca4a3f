//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Starting a worker process: its two pipes, the process on them (lib/os),
// and a watch on its exit. Every descriptor is owned until it is handed
// over, so each error path closes what was opened, once.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "spawn_worker.hpp"

#include "os/descriptor_passing.hpp"
#include "os/pipe.hpp"
#include "os/process.hpp"
#include "os/program.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <boost/asio/detail/reactor.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

os::pipe_ends worker_pipe()
{
    try
    {
        return os::make_pipe();
    }
    catch (const std::system_error& e)
    {
        throw std::runtime_error("could not create a worker pipe: " + e.code().message());
    }
}

} // namespace

void open_reactor(asio::io_context& io)
{
    const os::standard_streams_reserved held;
    asio::use_service<asio::detail::reactor>(io);
}

std::string worker_program(const std::string& configured)
{
    if (configured.empty())
        return os::this_program();
    // Not normalized: "link/.." means what the system makes of it.
    return std::filesystem::absolute(configured).string();
}

launched_worker spawn_worker(const std::string& executable)
{
    os::pipe_ends tasks = worker_pipe();
    os::pipe_ends results = worker_pipe();
    os::socket_ends regions;
    try
    {
        regions = os::make_socket_pair();
    }
    catch (const std::system_error& e)
    {
        throw std::runtime_error(e.what());
    }
    const std::vector<std::string> args{std::string(wire::worker_flag),
                                        "--cf-parent=" + std::to_string(os::current_process_id())};
    launched_worker out;
    try
    {
        out.pid = os::start_worker_process(executable, args, std::move(tasks.read), std::move(results.write),
                                           std::move(regions.worker));
    }
    catch (const std::system_error& e)
    {
        throw std::runtime_error(e.what());
    }
    out.task_fd = tasks.write.release();
    out.result_fd = results.read.release();
    out.region_fd = regions.parent.release();
    out.pidfd = os::open_exit_watch(out.pid).release();
    return out;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
