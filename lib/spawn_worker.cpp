//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Starting worker processes with Boost.Process v2 (1.81), around its pitfalls:
//  - the POSIX launcher's close_range loop leaves the gaps between whitelisted
//    descriptors open, so every descriptor here is close-on-exec and the child
//    closes all but its own before exec;
//  - on exec failure the child calls exit(), not _exit(): we _exit first;
//  - the process handle needs pidfd_open; if it is missing, the launch still
//    happened, and the launcher knows the pid;
//  - the child inherits the launching thread's signal mask (SIGPIPE is
//    blocked on the manager thread): restored before exec.
// Every descriptor here is owned (os::unique_descriptor): each error path
// closes what was opened, once.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "spawn_worker.hpp"
#include "os/pipe.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/process/v2/posix/default_launcher.hpp>
#include <boost/process/v2/process.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace bp = boost::process::v2;

namespace {

std::string errno_text(int err)
{
    return std::string(std::strerror(err));
}

// A duplicate of `fd` numbered 10 or more, close-on-exec, so dup2 onto 3 and
// 4 in the child can neither clobber it nor be a no-op that keeps
// close-on-exec. `fd` stays with its owner, who closes it, once.
os::unique_descriptor moved_high(const os::unique_descriptor& fd)
{
    os::unique_descriptor moved(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 10));
    if (!moved)
        throw std::runtime_error("could not set up a worker pipe: " + errno_text(errno));
    return moved;
}

// Boost.Process initializer: the protocol pipes onto fds 3 and 4, nothing else.
struct worker_descriptors
{
    int task_read;    // becomes fd 3
    int result_write; // becomes fd 4
    sigset_t child_mask;

    template <class Launcher, class Path, class CmdLine>
    boost::system::error_code on_setup(Launcher& launcher, const Path&, CmdLine&)
    {
        launcher.fd_whitelist.push_back(wire::worker_task_fd);
        launcher.fd_whitelist.push_back(wire::worker_result_fd);
        return {};
    }

    // In the child, between fork and exec: async-signal-safe calls only.
    template <class Launcher, class Path, class CmdLine>
    boost::system::error_code on_exec_setup(Launcher& launcher, const Path&, CmdLine&)
    {
        if (::dup2(task_read, wire::worker_task_fd) < 0 || ::dup2(result_write, wire::worker_result_fd) < 0)
            return boost::system::error_code(errno, boost::system::system_category());
        // Close everything not whitelisted (stdio, 3, 4, the launcher's error pipe).
        std::vector<int>& keep = launcher.fd_whitelist;
        std::sort(keep.begin(), keep.end()); // in place: no allocation
        int next = 0;
        for (int fd : keep)
        {
            if (fd > next)
                close_range(next, fd - 1);
            next = fd + 1;
        }
        close_range(next, -1);
        ::pthread_sigmask(SIG_SETMASK, &child_mask, nullptr);
        return {};
    }

    // Boost 1.81 probes on_exec_error with five arguments and calls it with
    // four: a variadic member answers both. exit() would run the parent's
    // atexit handlers in the child; _exit does not.
    template <class... Ignored>
    void on_exec_error(Ignored&&...)
    {
        ::_exit(127);
    }

    static void close_range(int first, int last) noexcept
    {
#if defined(__linux__) && defined(SYS_close_range)
        if (::syscall(SYS_close_range, static_cast<unsigned>(first), last < 0 ? ~0u : static_cast<unsigned>(last),
                      0u) == 0)
            return;
#endif
        const int end = last < 0 ? static_cast<int>(::sysconf(_SC_OPEN_MAX)) : last + 1;
        for (int fd = first; fd < end; ++fd)
            ::close(fd);
    }
};

} // namespace

std::string this_program()
{
    // /proc/self/exe still works if the file was replaced or deleted since.
    return "/proc/self/exe";
}

launched_worker spawn_worker(asio::io_context& launch_context, const std::string& executable)
{
    // Boost.Process's process handle adopts the pidfd it opens into
    // launch_context; if that context's reactor could not be created then
    // (EMFILE), the pidfd would leak. Create it first.
    asio::posix::stream_descriptor reactor_first(launch_context);
    os::pipe_ends tasks;
    os::pipe_ends results;
    try
    {
        tasks = os::make_pipe();
        results = os::make_pipe();
    }
    catch (const std::system_error& e)
    {
        throw std::runtime_error("could not create a worker pipe: " + errno_text(e.code().value()));
    }
    // The child's ends: only the child keeps them, once it has started.
    const os::unique_descriptor child_tasks = moved_high(tasks.read);
    const os::unique_descriptor child_results = moved_high(results.write);

    worker_descriptors init{child_tasks.get(), child_results.get(), {}};
    ::pthread_sigmask(SIG_SETMASK, nullptr, &init.child_mask);
    ::sigdelset(&init.child_mask, SIGPIPE);

    launched_worker out;
    const std::vector<std::string> args{std::string(wire::worker_flag), "--cf-parent=" + std::to_string(::getpid())};
    bp::posix::default_launcher launcher;
    try
    {
        auto process = launcher(launch_context.get_executor(), executable, args, init);
        out.pid = process.id();
        process.detach(); // we reap it ourselves; its destructor would kill it
    }
    catch (const boost::system::system_error& e)
    {
        if (launcher.pid > 0)
            out.pid = launcher.pid; // started; only Boost.Process's handle failed
        else
            throw std::runtime_error("could not start the worker program '" + executable + "': " + e.what());
    }
    out.task_fd = tasks.write.release();
    out.result_fd = results.read.release();
#if defined(__linux__) && defined(SYS_pidfd_open)
    // The variable exercises the path of kernels without pidfd_open (< 5.3).
    if (!std::getenv("BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD"))
        out.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(out.pid), 0));
#endif
    return out;
}

std::string describe_wait_status(int status)
{
    if (status == -1)
        return "exited (its status was taken by someone else: is SIGCHLD ignored?)";
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
    {
        const int sig = WTERMSIG(status);
        std::string out = "was killed by signal " + std::to_string(sig);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
        if (const char* name = ::sigabbrev_np(sig))
            out += std::string(" (SIG") + name + ")";
#endif
        if (WCOREDUMP(status))
            out += ", core dumped";
        return out;
    }
    return "ended with wait status " + std::to_string(status);
}

bool try_reap(long pid, int& status)
{
    for (;;)
    {
        const pid_t r = ::waitpid(static_cast<pid_t>(pid), &status, WNOHANG);
        if (r == static_cast<pid_t>(pid))
            return true;
        if (r == 0)
            return false;
        if (errno == EINTR)
            continue;
        status = -1; // ECHILD: reaped elsewhere
        return true;
    }
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
