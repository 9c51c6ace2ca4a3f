//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A POSIX worker: its channels are fds 3 (requests), 4 (answers) and 5
// (the regions of large payloads, both ways).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "worker_process.hpp"

#include "fallbacks.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <poll.h>
#include <unistd.h>
#include <vector>

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

namespace {

// The parent is gone or closed the pipe: nothing left to do.
[[noreturn]] void parent_gone()
{
    std::_Exit(0);
}

// The open descriptors from `lowest` on, as /proc/self/fd (Linux) or
// /dev/fd (BSD, macOS) lists them; false if neither can be read.
bool list_descriptors(int lowest, std::vector<int>& open)
{
    for (const char* dir_name : {"/proc/self/fd", "/dev/fd"})
        if (DIR* dir = ::opendir(dir_name))
        {
            const int self = ::dirfd(dir);
            while (dirent* entry = ::readdir(dir))
            {
                const int fd = std::atoi(entry->d_name);
                if (entry->d_name[0] != '.' && fd >= lowest && fd != self)
                    open.push_back(fd);
            }
            ::closedir(dir);
            return true;
        }
    return false;
}

void close_descriptors_from(int lowest)
{
#if defined(__linux__) && defined(SYS_close_range)
    if (!forced(fallback::no_close_range) && ::syscall(SYS_close_range, static_cast<unsigned>(lowest), ~0u, 0u) == 0)
        return;
#endif
    std::vector<int> open;
    if (!list_descriptors(lowest, open))
    {
        // Nothing lists them: every number up to the limit.
        const long limit = ::sysconf(_SC_OPEN_MAX);
        for (int fd = lowest; fd < (limit > 0 && limit < 65536 ? limit : 65536); ++fd)
            open.push_back(fd);
    }
    for (int fd : open)
        ::close(fd);
}

} // namespace

worker_start become_worker(long parent)
{
#if defined(__linux__)
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (parent > 0 && ::getppid() != static_cast<pid_t>(parent))
        return worker_start::parent_gone;
    std::signal(SIGPIPE, SIG_IGN);
    if (::fcntl(wire::worker_task_fd, F_GETFD) == -1 || ::fcntl(wire::worker_result_fd, F_GETFD) == -1)
        return worker_start::no_channels;
    // A descriptor inherited here would keep some other pipe open past its
    // owner's death.
    close_descriptors_from(wire::worker_region_fd + 1);
    return worker_start::ready;
}

bool requests_within(int ms)
{
    pollfd p{wire::worker_task_fd, POLLIN, 0};
    int n;
    do
        n = ::poll(&p, 1, ms);
    while (n < 0 && errno == EINTR);
    return n != 0; // an error: read_requests says what
}

void give_back_free_memory() noexcept
{
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

std::uintptr_t heap_end() noexcept
{
#if defined(__GLIBC__)
    void* end = ::sbrk(0);
    return end == reinterpret_cast<void*>(-1) ? 0 : reinterpret_cast<std::uintptr_t>(end);
#else
    return 0; // nothing to trim with: never a reason to wake up for it
#endif
}

bool read_requests(char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size)
    {
        const ssize_t n = ::read(wire::worker_task_fd, data + done, size - done);
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

void write_answers(std::string_view data)
{
    while (!data.empty())
    {
        const ssize_t n = ::write(wire::worker_result_fd, data.data(), data.size());
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            parent_gone();
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
