//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_LIB_PROCESS_SHELL_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_PROCESS_SHELL_HPP

// The process pool's manager side: it owns the pool core (pool_dispatcher)
// and one worker_channel per worker process, and carries out the core's
// actions with them (start a process, queue a frame, arm a deadline, signal,
// close, watch an exit, release). Events reach the core through report(),
// from the channels' Asio handlers and from the thread front
// (process_pool_core.cpp). It makes no scheduling decision.

#include "worker_channel.hpp"

#include <boost/concurrent_futures/detail/pool_dispatcher.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// All members run on the manager thread, the one running `io`.
class process_shell final : public channel_host
{
public:
    // Keeps `io` running until the core says it is finished. `workers_changed`
    // hears the pids of the worker processes there are, whenever they change.
    // The workers run `config.program`.
    process_shell(asio::io_context& io, pool_config config, std::function<void(std::vector<long>)> workers_changed);

    process_shell(const process_shell&) = delete;
    process_shell& operator=(const process_shell&) = delete;

    // Kills and reaps any worker process left (the manager never ran, or
    // stopped early): no zombie stays behind.
    ~process_shell();

    pool_dispatcher& dispatcher() noexcept override { return core_; }
    void carry_out() noexcept override;

private:
    void perform(pool_action& a);
    void start(worker_id id);
    void publish_workers() noexcept;

    asio::io_context& io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    const std::string executable_;
    pool_dispatcher core_;
    std::function<void(std::vector<long>)> workers_changed_;
    std::vector<std::shared_ptr<worker_channel>> channels_;
    std::vector<std::shared_ptr<worker_channel>> unflushed_; // frames queued, no write started
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
