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
class BOOST_SYMBOL_VISIBLE error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The future was cancelled (Python's `CancelledError`).
class BOOST_SYMBOL_VISIBLE cancelled_error : public error
{
public:
    cancelled_error() : error("the future was cancelled") {}
    explicit cancelled_error(const std::string& what) : error(what) {}
};

/// A wait ran out of time (Python's `TimeoutError`).
class BOOST_SYMBOL_VISIBLE timeout_error : public error
{
public:
    timeout_error() : error("timed out waiting for the future") {}
    explicit timeout_error(const std::string& what) : error(what) {}
};

/// The operation is not allowed in the future's current state
/// (Python's `InvalidStateError`).
class BOOST_SYMBOL_VISIBLE invalid_state_error : public error
{
public:
    explicit invalid_state_error(const std::string& what) : error(what) {}
};

/// The executor can no longer run work (Python's `BrokenExecutor`).
class BOOST_SYMBOL_VISIBLE broken_executor : public error
{
public:
    explicit broken_executor(const std::string& what) : error(what) {}
};

/// A worker thread's initializer failed (Python's `BrokenThreadPool`).
class BOOST_SYMBOL_VISIBLE broken_thread_pool : public broken_executor
{
public:
    explicit broken_thread_pool(const std::string& what) : broken_executor(what) {}
};

/// A worker process died or broke the protocol (Python's `BrokenProcessPool`).
class BOOST_SYMBOL_VISIBLE broken_process_pool : public broken_executor
{
public:
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
/// deserialized; the message says on which side (parent or worker) and why.
/// Only that task's future fails.
class BOOST_SYMBOL_VISIBLE serialization_error : public error
{
public:
    explicit serialization_error(const std::string& what) : error(what) {}
};

/// An exception raised in a worker process whose type is not registered here:
/// carries the remote type name, its message and the worker's pid.
class BOOST_SYMBOL_VISIBLE remote_error : public error
{
public:
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
