//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The worker process: reads frames from fd 3, runs registered functions,
// writes results to fd 4, exits on stop, on end of input, or when its parent
// dies. Single-threaded and blocking: the parent does the juggling.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/worker.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace {

namespace w = wire;

bool is_worker_invocation(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (argv[i] && w::worker_flag == argv[i])
            return true;
    return false;
}

long argument_value(int argc, char** argv, std::string_view prefix)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string_view a = argv[i] ? argv[i] : "";
        if (a.substr(0, prefix.size()) == prefix)
            return std::strtol(std::string(a.substr(prefix.size())).c_str(), nullptr, 10);
    }
    return 0;
}

// The parent is gone or closed the pipe: nothing left to do.
[[noreturn]] void parent_gone()
{
    std::_Exit(0);
}

void write_all(int fd, const char* data, std::size_t size)
{
    while (size > 0)
    {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            parent_gone();
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

// False at a clean end of input (nothing read); exits on a torn one.
bool read_all(int fd, char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size)
    {
        const ssize_t n = ::read(fd, data + done, size - done);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            parent_gone();
        }
        if (n == 0)
        {
            if (done == 0)
                return false;
            parent_gone();
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void send(w::kind k, std::uint64_t task_id, std::string_view payload)
{
    std::string frame;
    frame.reserve(w::header_size + payload.size());
    w::append_frame(frame, k, task_id, payload);
    write_all(w::worker_result_fd, frame.data(), frame.size());
}

// A result too large for one frame fails its own future, as an argument
// too large does in the parent; the pool goes on.
void send_result(w::kind k, std::uint64_t task_id, std::string_view payload)
{
    if (auto why = w::oversized_payload(payload.size()))
        send(w::kind::error, task_id, w::encode_error(w::error_origin::bad_result, "", "the result is " + *why));
    else
        send(k, task_id, payload);
}

void close_fds_above(int lowest)
{
#if defined(__linux__) && defined(SYS_close_range)
    if (::syscall(SYS_close_range, static_cast<unsigned>(lowest), ~0u, 0u) == 0)
        return;
#endif
    // No close_range: walk the open descriptors.
    std::vector<int> open;
    if (DIR* dir = ::opendir("/proc/self/fd"))
    {
        const int self = ::dirfd(dir);
        while (dirent* entry = ::readdir(dir))
        {
            const int fd = std::atoi(entry->d_name);
            if (fd >= lowest && fd != self)
                open.push_back(fd);
        }
        ::closedir(dir);
    }
    for (int fd : open)
        ::close(fd);
}

std::string exception_message(const std::exception_ptr& e)
{
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        return ex.what();
    }
    catch (...)
    {
        return std::string();
    }
}

void flush_output()
{
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
}

// Runs `count` calls; on failure returns the error payload to send.
std::optional<std::string> run_calls(std::string_view function, std::string_view arguments, std::uint32_t count,
                                     std::string& result)
{
    const registered_function* fn = function_registry::instance().find(function);
    if (!fn)
        return w::encode_error(w::error_origin::unknown_function, "",
                               "no function named '" + std::string(function) +
                                   "' is registered in the worker program; register it there with "
                                   "BOOST_CONCURRENT_FUTURES_REGISTER");
    try
    {
        fn->call(fn->address, arguments, count, result);
        return std::nullopt;
    }
    catch (const call_stage_error& e)
    {
        const auto origin = e.stage() == call_stage_error::reading_arguments ? w::error_origin::bad_arguments
                                                                             : w::error_origin::bad_result;
        return w::encode_error(origin, e.type_name(), e.what());
    }
    catch (...)
    {
        const auto e = std::current_exception();
        return w::encode_error(w::error_origin::raised, exception_type_name(e), exception_message(e));
    }
}

[[noreturn]] void protocol_failure(const std::string& what)
{
    std::fprintf(stderr, "boost.concurrent_futures worker %ld: %s; exiting\n", static_cast<long>(::getpid()),
                 what.c_str());
    flush_output();
    std::exit(3);
}

int serve()
{
    std::signal(SIGPIPE, SIG_IGN);
    if (::fcntl(w::worker_task_fd, F_GETFD) == -1 || ::fcntl(w::worker_result_fd, F_GETFD) == -1)
    {
        std::fprintf(stderr, "boost.concurrent_futures worker: started without its protocol pipes (fds 3 and 4); "
                             "worker programs are started by process_pool_executor, not by hand\n");
        return 2;
    }
    // Nothing else of the parent's: a descriptor inherited here would keep
    // some other pipe open past its owner's death.
    close_fds_above(w::worker_result_fd + 1);

    send(w::kind::hello, 0, w::encode_hello(w::hello{w::protocol_version, static_cast<std::int64_t>(::getpid())}));

    std::string payload;
    std::string result;
    for (;;)
    {
        unsigned char raw[w::header_size];
        if (!read_all(w::worker_task_fd, reinterpret_cast<char*>(raw), w::header_size))
            return 0; // the parent closed our input: done
        const w::header h = w::decode_header(raw);
        if (!w::is_known(h.type) || h.flags != 0)
            protocol_failure("malformed frame from the parent (kind " + std::to_string(static_cast<unsigned>(h.type)) +
                             ", flags " + std::to_string(h.flags) + ")");
        if (h.length > w::default_max_payload)
            protocol_failure("oversized frame from the parent (" + std::to_string(h.length) + " bytes)");
        payload.resize(h.length);
        if (h.length > 0 && !read_all(w::worker_task_fd, payload.data(), h.length))
            parent_gone();

        switch (h.type)
        {
        case w::kind::stop:
            flush_output();
            return 0;

        case w::kind::initialize:
        case w::kind::task:
        {
            w::call c;
            std::optional<std::string> error;
            result.clear();
            if (auto bad = w::decode_call(payload, c))
                error = w::encode_error(w::error_origin::bad_arguments, "", *bad);
            else
                error = run_calls(c.function, c.arguments, 1, result);
            flush_output();
            if (h.type == w::kind::initialize)
            {
                if (error)
                {
                    // Report as an initializer failure, then leave: the pool is broken.
                    w::error_info info;
                    (void)w::decode_error(*error, info);
                    send(w::kind::error, h.task_id,
                         w::encode_error(w::error_origin::initializer_failed, info.type_name, info.message));
                    return 1;
                }
                send(w::kind::initialized, h.task_id, {});
            }
            else if (error)
                send(w::kind::error, h.task_id, *error);
            else
                send_result(w::kind::result, h.task_id, result);
            break;
        }

        case w::kind::chunk:
        {
            // Python's _process_chunk: all the results, or the first exception.
            w::chunk c;
            std::optional<std::string> error;
            result.clear();
            if (auto bad = w::decode_chunk(payload, c))
                error = w::encode_error(w::error_origin::bad_arguments, "", *bad);
            else
                error = run_calls(c.function, c.arguments, c.count, result);
            flush_output();
            if (error)
                send(w::kind::error, h.task_id, *error);
            else
                send_result(w::kind::chunk_result, h.task_id, w::encode_chunk_results(c.count, result));
            break;
        }

        default:
            protocol_failure(std::string("unexpected ") + w::to_string(h.type) + " frame from the parent");
        }
    }
}

int run_worker(int argc, char** argv)
{
#if defined(__linux__)
    // Die with the parent, even in the middle of a task.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    const long parent = argument_value(argc, argv, "--cf-parent=");
    if (parent > 0 && ::getppid() != parent)
        return 0; // the parent died before we got here
    return serve();
}

} // namespace
} // namespace detail

void serve_if_worker(int argc, char** argv)
{
    if (detail::is_worker_invocation(argc, argv))
        std::exit(detail::run_worker(argc, argv));
}

int worker_main(int argc, char** argv)
{
    if (!detail::is_worker_invocation(argc, argv))
    {
        std::fprintf(stderr,
                     "%s is a Boost.ConcurrentFutures worker program: process_pool_executor starts it (name it in "
                     "process_pool_options::worker_executable); it does nothing on its own\n",
                     argc > 0 && argv[0] ? argv[0] : "this program");
        return 2;
    }
    return detail::run_worker(argc, argv);
}

} // namespace concurrent_futures
} // namespace boost
