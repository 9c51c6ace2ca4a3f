//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_ERRORS_HPP
#define BOOST_CONCURRENT_FUTURES_ERRORS_HPP

#include <boost/concurrent_futures/config.hpp>

#include <stdexcept>
#include <string>

// The error types are BOOST_SYMBOL_VISIBLE: thrown inside the shared library
// and caught by its users, they need one type_info across the boundary, also
// when both sides build with hidden visibility.

namespace boost {
namespace concurrent_futures {

/// Base of every error this library raises about futures and executors
/// (Python's `concurrent.futures.Error`, widened to the executor errors).
/// Misuse is reported with the standard exceptions instead:
/// std::invalid_argument (a bad option, an unregistered function),
/// std::runtime_error (submit after shutdown), std::logic_error (shutdown
/// waiting for itself). Every constructor takes the what() string.
class BOOST_SYMBOL_VISIBLE error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The future was cancelled (Python's `CancelledError`): thrown by result()
/// and exception() of a cancelled future, and the exception async_get()
/// completes with for one.
class BOOST_SYMBOL_VISIBLE cancelled_error : public error
{
public:
    /// what(): "the future was cancelled"; or the given message.
    cancelled_error() : error("the future was cancelled") {}
    explicit cancelled_error(const std::string& what) : error(what) {}
};

/// A deadline passed (Python's `TimeoutError`): result(timeout),
/// exception(timeout), as_completed, map, async_next. The task goes on.
class BOOST_SYMBOL_VISIBLE timeout_error : public error
{
public:
    /// what(): "timed out waiting for the future"; or the given message, such
    /// as "3 (of 5) futures unfinished".
    timeout_error() : error("timed out waiting for the future") {}
    explicit timeout_error(const std::string& what) : error(what) {}
};

/// The operation is not allowed in the future's current state (Python's
/// `InvalidStateError`): set_result or set_exception on a done future,
/// set_running_or_notify_cancel on a running or finished one.
class BOOST_SYMBOL_VISIBLE invalid_state_error : public error
{
public:
    /// what() names the future's state and describes the future.
    explicit invalid_state_error(const std::string& what) : error(what) {}
};

/// The executor can no longer run work (Python's `BrokenExecutor`). Catch it
/// to handle every kind of broken pool.
class BOOST_SYMBOL_VISIBLE broken_executor : public error
{
public:
    /// what() says why the executor broke.
    explicit broken_executor(const std::string& what) : error(what) {}
};

/// A thread pool's initializer threw (Python's `BrokenThreadPool`): the
/// futures of the tasks not yet started fail with it, and submit() throws it.
class BOOST_SYMBOL_VISIBLE broken_thread_pool : public broken_executor
{
public:
    /// what() names the initializer's exception.
    explicit broken_thread_pool(const std::string& what) : broken_executor(what) {}
};

/// A process pool cannot go on (Python's `BrokenProcessPool`): a worker
/// process died unexpectedly (a signal, exit, abort, or terminate_workers /
/// kill_workers) or broke the protocol, an initializer threw, or no worker
/// process could be started. The futures of the tasks the worker had not
/// finished, and of every queued task, fail with it; submit() throws it.
class BOOST_SYMBOL_VISIBLE broken_process_pool : public broken_executor
{
public:
    /// what() names the worker's pid and how it ended (exit status or
    /// signal), or what went wrong (the worker program's path and errno when
    /// it could not be started).
    explicit broken_process_pool(const std::string& what) : broken_executor(what) {}
};

/// A worker rank of an MPI pool died or broke the protocol; the message names
/// its rank and host (mpi_pool_executor.hpp).
class BOOST_SYMBOL_VISIBLE broken_mpi_pool : public broken_executor
{
public:
    explicit broken_mpi_pool(const std::string& what) : broken_executor(what) {}
};

/// An argument or a result of a process-pool task could not be serialized or
/// deserialized, or is larger than the 1 GiB limit of one message between
/// the parent and a worker. Only that task's future (or chunk) fails; the
/// pool goes on.
class BOOST_SYMBOL_VISIBLE serialization_error : public error
{
public:
    /// what() names the function, says on which side (parent or worker) and
    /// why.
    explicit serialization_error(const std::string& what) : error(what) {}
};

/// An exception raised in a worker process whose type is not registered here
/// (see BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION): carries the remote type
/// name, its message and the worker's pid.
class BOOST_SYMBOL_VISIBLE remote_error : public error
{
public:
    /// what(): "<type name>: <message> (in worker process <pid>)".
    remote_error(std::string type_name, std::string message, long pid)
        : remote_error(std::move(type_name), std::move(message), pid, "worker process " + std::to_string(pid))
    {
    }

    /// `where` names the worker as its pool knows it ("MPI worker 1234 (rank 1
    /// on host n1)"); what() ends with "(in <where>)".
    remote_error(std::string type_name, std::string message, long pid, std::string where)
        : error(type_name + ": " + message + " (in " + where + ")"), type_name_(std::move(type_name)),
          message_(std::move(message)), pid_(pid), where_(std::move(where))
    {
    }

    /// Demangled type name of the exception thrown in the worker.
    const std::string& type_name() const noexcept { return type_name_; }

    /// The remote exception's `what()`.
    const std::string& message() const noexcept { return message_; }

    /// Process id of the worker that raised it.
    long pid() const noexcept { return pid_; }

    /// The worker that raised it, in words ("worker process 1234").
    const std::string& where() const noexcept { return where_; }

private:
    std::string type_name_;
    std::string message_;
    long pid_;
    std::string where_;
};

} // namespace concurrent_futures
} // namespace boost

#endif
