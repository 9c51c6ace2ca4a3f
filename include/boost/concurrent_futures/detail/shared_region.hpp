//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_SHARED_REGION_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_SHARED_REGION_HPP

// Large payloads of the process pool in anonymous shared memory: the writer
// (the submitting thread for arguments, the worker for results) serializes
// through a payload_sink, which keeps small payloads in a string and moves
// a payload past its threshold into a shared_region, a memfd it grows and
// maps as it fills; the channel seals the region and passes its
// descriptor to the peer (lib/os/descriptor_passing_posix.cpp) ahead of a
// frame that names the bytes (wire::region_ref); the reader maps it
// read-only with shared_region::receive() and deserializes straight out of
// it. An argument's region comes from the pool's region_cache and goes
// back to it when its task is done with (warm pages, no faults); a result's
// comes from its worker's cache and goes back when the parent's
// region_done frame says it was read.
// The design note is at the top of lib/shared_region_posix.cpp.

#include <boost/concurrent_futures/config.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Payloads written without a region_cache go through shared memory from
// this size on, in a fresh region each (the pool's own writers all reuse
// regions: their threshold is below). Measured on the project's VM: a fresh
// region's pages cost ~5 us each to fault in and free, so the pipe stays
// faster up to a few MiB (round trip, shared memory against the pipe: 3.4x
// slower at 64 KiB, 2.1x at 256 KiB, 1.4x at 1 MiB, 1.3x at 4 MiB; 2x
// faster at 16 MiB).
inline constexpr std::size_t shared_memory_threshold = 8 * 1024 * 1024;

// Payloads whose writer reuses regions (region_cache: the pool's arguments,
// a worker's results) go through shared memory from this size on: the
// pages are warm, so the pipe loses much sooner. Measured on
// the project's VM (an argument to a worker, us/task, pipe against a warm
// region): 16 KiB 39 / 49, 32 KiB 41 / 60, 64 KiB 61-72 / 71 (even),
// 128 KiB 93-98 / 73, 256 KiB 132-158 / 92, 1 MiB 637-807 / 413; either
// side of 96 KiB 62 / 65 (large.threshold in bench/bench_large.cpp checks it).
inline constexpr std::size_t reused_region_threshold = 128 * 1024;

// A threshold no payload reaches: everything stays in memory (the MPI
// pool's payloads, which travel as MPI messages, never with descriptors).
inline constexpr std::size_t no_shared_memory = std::numeric_limits<std::size_t>::max();

class region_cache;

// One anonymous shared memory region (a memfd) and its mapping in this
// process. Move-only; the destructor unmaps and closes, or, for a region
// taken from a region_cache that is still there, hands it back to it.
// Not thread-safe.
class BOOST_CONCURRENT_FUTURES_DECL shared_region
{
public:
    shared_region() noexcept = default;
    shared_region(shared_region&& other) noexcept;
    shared_region& operator=(shared_region&& other) noexcept;
    ~shared_region();

    // A new region of `capacity` bytes mapped for writing, size() 0.
    // Throws std::runtime_error saying what could not be created and why
    // (out of memory, out of descriptors).
    static shared_region create(std::size_t capacity);

    // A region for use after use (region_cache): sealed at once against
    // shrinking and against any writing but through this mapping
    // (F_SEAL_FUTURE_WRITE), with a read-only descriptor for readers, so it
    // is passed as it is, without seal(). Throws as create(); a kernel
    // without that seal (before 5.1) gets an ordinary region (!reusable()).
    static shared_region create_reusable(std::size_t capacity);

    // Takes `fd`, a region a peer sent, and maps its bytes [offset, offset +
    // length) read-only. Throws std::runtime_error (closing `fd`) if they lie
    // outside it, or if the peer could still shrink it (pages pulled from
    // under a mapping are a SIGBUS).
    static shared_region receive(int fd, std::uint64_t offset, std::uint64_t length);

    // Reader: the bytes [0, length) of `fd` through this mapping, if `fd`
    // is the same region, received from its start, mapped that far, and
    // sealed for reuse (its creator rewrites it only between payloads, no
    // one can shrink it); then `fd` is closed. Else nullopt, `fd` untouched.
    std::optional<std::string_view> view_again(int fd, std::uint64_t offset, std::uint64_t length) const;
    // Reader: whether view_again() may ever say yes (a reused region, mapped from its start).
    bool view_again_possible() const noexcept;

    explicit operator bool() const noexcept { return fd_ >= 0; }
    int descriptor() const noexcept { return fd_; }
    // What to pass to a reader: read-only for a reusable region.
    int reader_descriptor() const noexcept { return reader_fd_ >= 0 ? reader_fd_ : fd_; }
    bool reusable() const noexcept { return reusable_; }

    // Bytes in use, from offset().
    std::size_t size() const noexcept { return size_; }
    std::uint64_t offset() const noexcept { return offset_; }
    std::size_t capacity() const noexcept { return mapped_ - offset_; }
    char* data() noexcept { return map_ + offset_; }
    const char* data() const noexcept { return map_ + offset_; }
    std::string_view view() const noexcept { return {map_ + offset_, size_}; }

    // Writer: at least `capacity` bytes mapped (std::runtime_error if not).
    void reserve(std::size_t capacity);
    // Writer: `size` bytes in use (at most capacity()).
    void resize(std::size_t size) noexcept { size_ = size; }
    // Writer: faults in the pages of bytes [from, from + n) ahead of a large
    // write, unless they are in already (a reused region).
    void populate(std::size_t from, std::size_t n) noexcept;

    // The destructor then unmaps and closes it instead of handing it back to
    // its region_cache (a reader may still be looking at it).
    void forget_cache() noexcept { home_.reset(); }

    // Writer, before passing the descriptor on: trims the region to its
    // bytes, unmaps it here and seals it, so the reader's mapping cannot
    // be shrunk or written under it. The descriptor stays open.
    // Throws std::runtime_error.
    void seal();

private:
    friend class region_cache;
    void unmap() noexcept;
    void close() noexcept;

    int fd_ = -1;
    int reader_fd_ = -1;
    bool reusable_ = false;
    std::weak_ptr<region_cache> home_; // where the destructor hands it back
    char* map_ = nullptr;
    std::size_t mapped_ = 0;
    std::size_t offset_ = 0;
    std::size_t size_ = 0;
    std::size_t warm_ = 0; // bytes from data() whose pages are in
};

// The parent's warm argument regions, shared by a pool's submitting
// threads (which take) and its manager thread (where regions come back when
// their task is answered or dropped). Bounded (max_regions, max_bytes);
// release_idle() empties it once unused for a moment. Thread-safe.
class BOOST_CONCURRENT_FUTURES_DECL region_cache : public std::enable_shared_from_this<region_cache>
{
public:
    static constexpr std::size_t max_regions = 4;
    static constexpr std::size_t max_bytes = std::size_t(1) << 30;

    // `filled` is called (under the cache's lock: it must not call back)
    // when a region comes back to an empty cache that has no sweep pending:
    // the owner then schedules release_idle().
    explicit region_cache(std::function<void()> filled = {}) : filled_(std::move(filled)) {}
    region_cache(const region_cache&) = delete;
    region_cache& operator=(const region_cache&) = delete;
    ~region_cache();

    // The largest cached region (grown to `capacity` by the caller's
    // reserve()), or a new one; either comes back here when destroyed.
    shared_region take(std::size_t capacity);

    // Empties it if it was not used for `idle`; else says how long until it
    // may be (nullopt: empty, no sweep pending any more).
    std::optional<std::chrono::steady_clock::duration> release_idle(std::chrono::steady_clock::duration idle);

    // Drops every region and keeps none from now on (shutdown).
    void close() noexcept;

    std::size_t size() const;

private:
    friend class shared_region;
    void give_back(shared_region&& r) noexcept;

    mutable std::mutex mutex_;
    std::vector<shared_region> free_;
    std::chrono::steady_clock::time_point last_used_{};
    bool closed_ = false;
    bool sweep_pending_ = false;
    std::function<void()> filled_;
};

// A streambuf that collects one payload: in a string while it is small,
// in a shared_region (a fresh one, or one of `cache`'s) once it passes
// `threshold` bytes (the bytes so far copied over once; everything after
// written straight into the mapping).
class BOOST_CONCURRENT_FUTURES_DECL payload_sink final : public std::streambuf
{
public:
    explicit payload_sink(std::size_t threshold = shared_memory_threshold) noexcept : threshold_(threshold) {}
    // Taking its regions from `cache` (warm, reused), which outlives it (a
    // plain pointer: no atomic count on the path of every small task).
    payload_sink(region_cache* cache, std::size_t threshold) noexcept : threshold_(threshold), cache_(cache) {}

    // Empties it for the next payload (the string keeps its capacity).
    void clear() noexcept;

    std::size_t size() const noexcept;
    // Overwrites `bytes` already written at `pos`.
    void overwrite(std::size_t pos, std::string_view bytes) noexcept;

    bool spilled() const noexcept { return static_cast<bool>(region_); }
    // The payload while !spilled().
    std::string& text() noexcept { return text_; }
    // The payload once spilled(): its region, size() bytes in use.
    shared_region take_region() noexcept;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    // The write position, size() (direct_oarchive aligns arrays by it).
    pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which) override;

private:
    void make_room(std::size_t n);

    std::size_t threshold_;
    region_cache* cache_ = nullptr;
    std::string text_;
    shared_region region_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
