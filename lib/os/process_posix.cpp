//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Worker processes on POSIX: posix_spawn, so the launch itself creates no
// descriptor that another thread's fork could inherit (Boost.Process 1.81's
// launcher makes its exec-error pipe without close-on-exec), the child's
// descriptors are arranged by file actions, and an exec failure comes back
// as posix_spawn's error; pidfd_open to watch exits; waitpid to reap.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "process.hpp"

#include "descriptor_posix.hpp"
#include "fallbacks.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#if defined(__linux__)
#include <sys/syscall.h>
#endif

extern char** environ;

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

namespace {

[[noreturn]] void throw_errno(int err, const std::string& what)
{
    throw std::system_error(err, std::generic_category(), what);
}

// A posix_spawn object (file actions, attributes), initialized and destroyed
// with it; check() turns the error of a call on it into an exception.
template <class T, int (*Init)(T*), int (*Destroy)(T*)>
struct spawn_object
{
    T object;
    spawn_object() { check(Init(&object)); }
    ~spawn_object() { Destroy(&object); }
    spawn_object(const spawn_object&) = delete;
    spawn_object& operator=(const spawn_object&) = delete;
    static void check(int err)
    {
        if (err)
            throw_errno(err, "posix_spawn");
    }
};

using spawn_actions =
    spawn_object<posix_spawn_file_actions_t, ::posix_spawn_file_actions_init, ::posix_spawn_file_actions_destroy>;
using spawn_attributes = spawn_object<posix_spawnattr_t, ::posix_spawnattr_init, ::posix_spawnattr_destroy>;

} // namespace

long current_process_id() noexcept
{
    return static_cast<long>(::getpid());
}

long start_worker_process(const std::string& program, const std::vector<std::string>& arguments,
                          unique_descriptor task_channel, unique_descriptor result_channel,
                          unique_descriptor region_channel)
{
    // Numbered 6 or more, dup2 onto 3, 4 and 5 can neither clobber one of
    // them nor be a no-op that keeps close-on-exec.
    constexpr int above = wire::worker_region_fd + 1;
    const unique_descriptor tasks = at_or_above(std::move(task_channel), above);
    const unique_descriptor results = at_or_above(std::move(result_channel), above);
    const unique_descriptor regions = at_or_above(std::move(region_channel), above);

    spawn_actions fa;
    // Standard input is /dev/null, as in CPython: a task reading it gets its
    // end at once instead of blocking on, or taking, the application's input.
    // An output stream the application closed is /dev/null too, so nothing
    // the worker opens lands there.
    fa.check(::posix_spawn_file_actions_addopen(&fa.object, 0, "/dev/null", O_RDONLY, 0));
    for (int fd = 1; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF)
            fa.check(::posix_spawn_file_actions_addopen(&fa.object, fd, "/dev/null", O_WRONLY, 0));
    fa.check(::posix_spawn_file_actions_adddup2(&fa.object, tasks.get(), wire::worker_task_fd));
    fa.check(::posix_spawn_file_actions_adddup2(&fa.object, results.get(), wire::worker_result_fd));
    fa.check(::posix_spawn_file_actions_adddup2(&fa.object, regions.get(), wire::worker_region_fd));
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors of the application without close-on-exec stay out too
    // (elsewhere the worker closes them first thing).
    if (!forced(fallback::no_close_range))
        fa.check(::posix_spawn_file_actions_addclosefrom_np(&fa.object, above));
#endif

    // No signal blocked and none ignored, whatever the application (and the
    // manager thread, which blocks SIGPIPE) did: terminate_workers() must
    // work. Handled signals are reset by exec; ignored ones would not be.
    spawn_attributes attr;
    sigset_t none, all;
    ::sigemptyset(&none);
    ::sigfillset(&all);
    attr.check(::posix_spawnattr_setsigmask(&attr.object, &none));
    attr.check(::posix_spawnattr_setsigdefault(&attr.object, &all));
    attr.check(::posix_spawnattr_setflags(&attr.object, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));

    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& a : arguments)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    pid_t pid = -1;
    if (const int err = ::posix_spawn(&pid, program.c_str(), &fa.object, &attr.object, argv.data(), environ))
        throw_errno(err, "could not start the worker program '" + program + "'");
    return static_cast<long>(pid);
}

unique_descriptor open_exit_watch(long pid) noexcept
{
#if defined(__linux__) && defined(SYS_pidfd_open)
    if (!forced(fallback::no_pidfd)) // as on kernels before 5.3
    {
        try
        {
            return above_standard_streams(
                unique_descriptor(static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0))));
        }
        catch (const std::system_error&)
        {
            // None: the exit is seen from the pipes.
        }
    }
#endif
    (void)pid;
    return unique_descriptor();
}

void send_signal(long pid, int signal) noexcept
{
    ::kill(static_cast<pid_t>(pid), signal);
    if (signal == SIGTERM)
        ::kill(static_cast<pid_t>(pid), SIGCONT);
}

int native_signal(worker_signal how) noexcept
{
    return how == worker_signal::kill ? SIGKILL : SIGTERM;
}

bool try_reap(long pid, int& status) noexcept
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

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
