//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker process's own side of the boundary: its two channels to the
// parent (the pipes a pool started it on) and its ties to the parent.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_WORKER_PROCESS_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_WORKER_PROCESS_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

enum class worker_start
{
    ready,
    parent_gone, // the parent died before this process got here
    no_channels, // not started by a pool (run by hand)
};

// Makes this process a worker of `parent` (the parent's pid as it passed it,
// 0 if unknown): it dies with the parent, even mid-task; writing to a parent
// that is gone is an error, not a signal; and it keeps no descriptor it
// inherited besides its channels and standard streams.
worker_start become_worker(long parent);

// Reads exactly `size` bytes of requests. False at a clean end of input
// (nothing read: the parent closed the channel); a torn end, or an error,
// ends the process (the parent is gone).
bool read_requests(char* data, std::size_t size);

// Waits up to `ms` milliseconds for requests (or the channel's end): false
// if none came.
bool requests_within(int ms);

// Writes all of `data` to the answers channel; ends the process if the
// parent is gone.
void write_answers(std::string_view data);

// Returns the free memory of this process's heap to the system, where the
// allocator can (glibc: malloc_trim); an idle worker calls it, so that
// memory its tasks freed, and the allocator kept, is not held while idle.
void give_back_free_memory() noexcept;

// Where the main heap ends (glibc: sbrk(0), no system call), or 0 where
// there is no trimming: a worker whose heap grew gives back what is free
// once idle, and one whose heap did not keeps waiting for requests without
// a timeout. Other threads' arenas are not seen.
std::uintptr_t heap_end() noexcept;

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
