//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Anonymous shared memory regions for large payloads (shared_region.hpp),
// on Linux memfds, and the caches that reuse them; payload_sink, which
// writes into them, is in payload_sink_posix.cpp.
//
// Design note. A large payload travels in a region of its own while it is
// read: the writer serializes into a memfd's mapping (growing it with
// ftruncate and mremap), passes the descriptor over a unix socket
// (SCM_RIGHTS; the worker's fd 5) just ahead of the pipe frame naming its
// bytes; the reader maps it read-only, deserializes and unmaps it. Chosen
// over regions per worker handed out at spawn because:
//   - arguments are serialized by the submitting thread, before any worker
//     is chosen (a task waits in the queue until one is free): a region of
//     its own lets it serialize straight into shared memory, where a
//     worker's region would need a second copy on the manager thread;
//   - a worker holds up to two tasks at once, and a region per payload
//     needs no allocator within a region, nor any bookkeeping of which
//     bytes a peer still reads;
//   - nothing can leak: a memfd has no name (nothing in /dev/shm), and the
//     kernel frees a region when its last descriptor and mapping go,
//     including descriptors still in flight in a socket whose ends are
//     closed because a process died.
//
// Arguments (parent -> worker) reuse their regions. A fresh region's pages
// cost more to fault in, zero and free than to copy (~1 GB/s on the
// project's VM), so each pool keeps a region_cache of regions it made, still
// mapped read-write here with their pages in:
//   - taking: payload_sink takes the largest cached region once a payload
//     passes reused_region_threshold (the final size is unknown
//     then; the largest is least likely to grow), or makes one; it grows in
//     place if the payload outgrows it.
//   - giving back: the region's owner is the task (pool_task::sent_region,
//     shared with the send action), and its destructor hands it back. A task
//     is destroyed when its answer or error is handled (the worker answers
//     only once it has deserialized: it reads no more, though it may keep
//     the mapping, below), when its worker died or the
//     pool broke (a dying worker's reads no longer matter: its answer is
//     never read and nothing it computed is used), or when it is cancelled
//     or its serialization fails before it was sent. Every path is RAII, so
//     none is missed.
//   - the worker cannot write or shrink it: the region is sealed at creation
//     with F_SEAL_SHRINK (no SIGBUS under anyone's mapping) and
//     F_SEAL_FUTURE_WRITE (Linux 5.1: no new writable mapping and no
//     write(), even through a descriptor reopened read-write via /proc,
//     while the parent's own mapping made before the seal keeps writing).
//     The worker also gets a read-only descriptor (a reopen of
//     /proc/self/fd/N, made once per region), so it cannot even grow it or
//     add seals. F_SEAL_WRITE, as fresh regions have, is impossible while
//     the parent keeps its writable mapping; the reader checks for either.
//     A kernel without F_SEAL_FUTURE_WRITE gets an ordinary, unreused
//     region, sealed when sent.
//   - bounded: at most region_cache::max_regions regions and max_bytes in
//     the cache (the smallest go first); regions out with tasks are bounded
//     by the tasks handed out (max_workers + 1) and those being serialized.
//   - idle: the manager thread arms a timer when a region comes back to an
//     empty cache and empties the cache once it has not been used for 1 s
//     (process_pool_core.cpp), so an idle pool holds no large mapping; a
//     check on the next submit would leave an idle pool holding them
//     forever. Shutdown closes the cache at once (nothing more is
//     submitted; regions still out are freed when their tasks end) and
//     cancels the timer, so it never delays the manager's end.
// A reused region's pages are in already: only bytes past those written
// before are populated ahead of a large write. The worker, likewise, keeps
// the last argument region it mapped (lib/worker.cpp) and reads the next
// payload in the same region (same inode, from its start, within what it
// mapped: view_again()) through that mapping, since mapping and unmapping
// its pages costs about as much as zeroing them. It lets it go when a
// request comes in another region or in none, or after 1 s without
// requests, so an idle worker holds none either; a region for one payload
// (sealed F_SEAL_WRITE) or one over the cache's max_bytes goes at once.
// Meanwhile its pages outlive the parent's letting go by at most that.
//
// Results (worker -> parent) reuse regions the same way, the worker's own
// region_cache (lib/worker.cpp) standing for the pool's, from the same
// threshold. The worker cannot know when the parent has read a result (the
// next request does not say so: a worker holds two tasks), so the parent
// says it, in a region_done frame naming the task, sent by the pool core as
// soon as it has settled the future (deserialized the result) and before
// any stop; until then the worker keeps the region lent (at most
// region_cache::max_regions: past that the oldest is dropped, not reused).
// Its idle worker lets its cached regions go with its last argument
// region. The parent, likewise, keeps its mappings of each worker's answer
// regions (at most region_cache::max_regions; two by turns when the worker
// holds two tasks) and reads the next answer in one of them through its
// mapping (view_again(), lib/worker_channel.cpp), letting them go after 1 s
// without answers or when the worker goes; so between answers a worker's
// regions stay mapped on both sides, and an idle pool holds none. The parent
// reads such a region while the worker still has it mapped writable
// (F_SEAL_FUTURE_WRITE cannot take that away): a worker
// that wrote into a result it has sent could change the bytes under the
// parent's deserialization, which reads each byte once, so that is the same
// as sending other bytes, which the parent survives anyway (a result that
// does not deserialize fails its own future); it cannot shrink the region
// under the mapping.
// A kernel without F_SEAL_FUTURE_WRITE gets fresh regions, sealed with
// F_SEAL_WRITE before they are passed and let go at once (region_done
// then finds nothing to hand back).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

constexpr unsigned all_seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL;
#if !defined(F_SEAL_FUTURE_WRITE)
#define F_SEAL_FUTURE_WRITE 0x0010 // Linux 5.1; older headers lack it
#endif
// A reusable region's: nobody shrinks it, nobody but its creator's first
// mapping writes it; it may still grow (the creator grows it in place).
constexpr unsigned reuse_seals = F_SEAL_SHRINK | F_SEAL_FUTURE_WRITE;

std::size_t page_size() noexcept
{
    static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

std::size_t round_to_pages(std::size_t n) noexcept
{
    const std::size_t p = page_size();
    return (n + p - 1) / p * p;
}

std::string describe_size(std::uint64_t n)
{
    constexpr std::uint64_t mib = 1024 * 1024;
    if (n >= mib)
        return std::to_string(n) + " bytes (" + std::to_string(n / mib) + " MiB)";
    return std::to_string(n) + " bytes";
}

[[noreturn]] void fail(const std::string& what, int err)
{
    throw std::runtime_error(what + ": " + std::strerror(err));
}

// Keeps descriptors 0-2 free for the standard streams, as every other
// descriptor of the pool does.
int above_standard_streams(int fd)
{
    if (fd >= 3)
        return fd;
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    const int err = errno;
    ::close(fd);
    if (moved < 0)
        fail("could not move a shared memory descriptor above 2", err);
    return moved;
}

} // namespace

shared_region::shared_region(shared_region&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), reader_fd_(std::exchange(other.reader_fd_, -1)),
      reusable_(std::exchange(other.reusable_, false)), home_(std::move(other.home_)),
      map_(std::exchange(other.map_, nullptr)),
      mapped_(std::exchange(other.mapped_, 0)), offset_(std::exchange(other.offset_, 0)),
      size_(std::exchange(other.size_, 0)), warm_(std::exchange(other.warm_, 0))
{
}

shared_region& shared_region::operator=(shared_region&& other) noexcept
{
    if (this != &other)
    {
        shared_region gone(std::move(*this));
        fd_ = std::exchange(other.fd_, -1);
        reader_fd_ = std::exchange(other.reader_fd_, -1);
        reusable_ = std::exchange(other.reusable_, false);
        home_ = std::move(other.home_);
        map_ = std::exchange(other.map_, nullptr);
        mapped_ = std::exchange(other.mapped_, 0);
        offset_ = std::exchange(other.offset_, 0);
        size_ = std::exchange(other.size_, 0);
        warm_ = std::exchange(other.warm_, 0);
    }
    return *this;
}

shared_region::~shared_region()
{
    if (fd_ >= 0)
        if (const std::shared_ptr<region_cache> home = home_.lock())
        {
            home_.reset();
            home->give_back(std::move(*this)); // warm for the next payload
            return;
        }
    close();
}

void shared_region::close() noexcept
{
    unmap();
    if (fd_ >= 0)
        ::close(fd_);
    if (reader_fd_ >= 0)
        ::close(reader_fd_);
    fd_ = reader_fd_ = -1;
    size_ = 0;
}

void shared_region::unmap() noexcept
{
    if (map_)
        ::munmap(map_, mapped_);
    map_ = nullptr;
    mapped_ = 0;
    offset_ = 0;
    warm_ = 0;
}

shared_region shared_region::create(std::size_t capacity)
{
    const std::string what = "could not create a shared memory region of " + describe_size(capacity) + " for a payload";
    shared_region r;
    const int fd = ::memfd_create("boost.concurrent_futures", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        fail(what, errno);
    r.fd_ = above_standard_streams(fd);
    r.reserve(capacity);
    return r;
}

shared_region shared_region::create_reusable(std::size_t capacity)
{
    shared_region r = create(capacity);
    if (::fcntl(r.fd_, F_ADD_SEALS, reuse_seals) != 0)
        return r; // an older kernel: an ordinary region, sealed when sent
    // The reader's descriptor: a read-only open of the same memfd, so that
    // it can neither map it writable nor resize it nor add seals.
    const std::string path = "/proc/self/fd/" + std::to_string(r.fd_);
    const int ro = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (ro >= 0)
        r.reader_fd_ = above_standard_streams(ro);
    // Without /proc the sealed descriptor itself goes: it cannot write either.
    r.reusable_ = true;
    return r;
}

void shared_region::populate(std::size_t from, std::size_t n) noexcept
{
    const std::size_t end = from + n;
    if (end <= warm_)
        return; // a reused region's pages are there already
#if defined(MADV_POPULATE_WRITE)
    // One pass over the page tables for a large write instead of a fault per
    // page (the hint may be refused by older kernels: then the faults come).
    const std::uintptr_t p = reinterpret_cast<std::uintptr_t>(data() + std::max(from, warm_));
    const std::uintptr_t start = p / page_size() * page_size();
    ::madvise(reinterpret_cast<void*>(start), reinterpret_cast<std::uintptr_t>(data() + end) - start,
              MADV_POPULATE_WRITE);
#endif
    warm_ = end;
}

void shared_region::reserve(std::size_t capacity)
{
    if (map_ && capacity <= mapped_ - offset_)
        return;
    const std::size_t length = round_to_pages(std::max<std::size_t>(capacity, 1));
    if (length < capacity || static_cast<off_t>(length) < 0)
        throw std::runtime_error("could not grow a shared memory region to " + describe_size(capacity) +
                                 ": larger than a file may be");
    const std::string what = "could not grow a shared memory region to " + describe_size(capacity) +
                             " for a payload (is the system out of memory?)";
    // Only ever grown: a reusable region is sealed against shrinking.
    struct stat st;
    if (::fstat(fd_, &st) != 0)
        fail(what, errno);
    if (static_cast<std::uint64_t>(st.st_size) < length && ::ftruncate(fd_, static_cast<off_t>(length)) != 0)
        fail(what, errno);
    void* p = map_ ? ::mremap(map_, mapped_, length, MREMAP_MAYMOVE)
                   : ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED)
        fail(what, errno);
    map_ = static_cast<char*>(p);
    mapped_ = length;
}

void shared_region::seal()
{
    const std::string what = "could not seal a shared memory region of " + describe_size(size_);
    unmap();
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0)
        fail(what, errno);
    if (::fcntl(fd_, F_ADD_SEALS, all_seals) != 0)
        fail(what, errno);
}

shared_region shared_region::receive(int fd, std::uint64_t offset, std::uint64_t length)
{
    shared_region r;
    r.fd_ = fd;
    // Sealed against writing, or against all writing but its creator's
    // (a reused argument region: the parent writes it only between tasks).
    const int seals = ::fcntl(fd, F_GET_SEALS);
    if (seals < 0 || !(seals & F_SEAL_SHRINK) || !(seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
        throw std::runtime_error("it passed a shared memory region that is not sealed against shrinking and writing");
    struct stat st;
    if (::fstat(fd, &st) != 0)
        fail("could not read the size of a shared memory region", errno);
    const std::uint64_t region_size = static_cast<std::uint64_t>(st.st_size);
    if (offset > region_size || length > region_size - offset)
        throw std::runtime_error("it named bytes " + std::to_string(offset) + " to " +
                                 std::to_string(offset + length) + " (offset " + std::to_string(offset) +
                                 ", length " + std::to_string(length) + ") of a shared memory region of " +
                                 describe_size(region_size));
    if (length == 0)
        return r;
    const std::uint64_t start = offset / page_size() * page_size();
    const std::size_t span = static_cast<std::size_t>(offset - start + length);
    // Populated at once: one pass over the page tables instead of a fault per page.
    void* p = ::mmap(nullptr, span, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, static_cast<off_t>(start));
    if (p == MAP_FAILED)
        fail("could not map a shared memory region of " + describe_size(span), errno);
    r.map_ = static_cast<char*>(p);
    r.mapped_ = span;
    r.offset_ = static_cast<std::size_t>(offset - start);
    r.size_ = static_cast<std::size_t>(length);
    return r;
}

std::optional<std::string_view> shared_region::view_again(int fd, std::uint64_t offset, std::uint64_t length) const
{
    if (offset != 0 || length > size_ || !view_again_possible())
        return std::nullopt;
    struct stat mine, theirs;
    if (::fstat(fd_, &mine) != 0 || ::fstat(fd, &theirs) != 0 || mine.st_dev != theirs.st_dev ||
        mine.st_ino != theirs.st_ino)
        return std::nullopt;
    ::close(fd);
    return std::string_view(map_, static_cast<std::size_t>(length));
}

bool shared_region::view_again_possible() const noexcept
{
    if (!map_ || offset_ != 0)
        return false;
    // Seals are only ever added: once a region for one payload, always.
    const int seals = ::fcntl(fd_, F_GET_SEALS);
    return seals >= 0 && (seals & F_SEAL_FUTURE_WRITE) && !(seals & F_SEAL_WRITE);
}

// --- region_cache ----------------------------------------------------------------------

region_cache::~region_cache()
{
    close();
}

shared_region region_cache::take(std::size_t capacity)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        last_used_ = std::chrono::steady_clock::now();
        if (!free_.empty() && !closed_)
        {
            // The largest: the payload's final size is not known yet, and
            // growing a region costs fresh pages.
            auto it = std::max_element(free_.begin(), free_.end(),
                                       [](const shared_region& a, const shared_region& b) { return a.mapped_ < b.mapped_; });
            shared_region r = std::move(*it);
            free_.erase(it);
            r.home_ = weak_from_this();
            return r;
        }
    }
    shared_region r = shared_region::create_reusable(capacity);
    if (r.reusable_)
        r.home_ = weak_from_this();
    return r;
}

void region_cache::give_back(shared_region&& r) noexcept
{
    std::vector<shared_region> dropped; // unmapped outside the lock
    {
        std::lock_guard<std::mutex> lock(mutex_);
        last_used_ = std::chrono::steady_clock::now();
        if (closed_ || !r.reusable_ || !r.map_)
        {
            r.close();
            return;
        }
        r.size_ = 0;
        try
        {
            free_.push_back(std::move(r));
            // Over the bounds: the smallest go first.
            std::sort(free_.begin(), free_.end(),
                      [](const shared_region& a, const shared_region& b) { return a.mapped_ > b.mapped_; });
            std::size_t bytes = 0, kept = 0;
            for (; kept < free_.size() && kept < max_regions && bytes + free_[kept].mapped_ <= max_bytes; ++kept)
                bytes += free_[kept].mapped_;
            while (free_.size() > kept)
            {
                dropped.push_back(std::move(free_.back()));
                free_.pop_back();
            }
        }
        catch (...)
        {
            r.close(); // no room to keep it: it goes
        }
        if (!free_.empty() && !sweep_pending_ && filled_)
        {
            sweep_pending_ = true;
            try
            {
                filled_();
            }
            catch (...)
            {
                sweep_pending_ = false;
            }
        }
    }
    for (auto& d : dropped)
        d.close();
}

std::optional<std::chrono::steady_clock::duration> region_cache::release_idle(std::chrono::steady_clock::duration idle)
{
    std::vector<shared_region> dropped;
    std::optional<std::chrono::steady_clock::duration> wait;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (!free_.empty() && !closed_ && now - last_used_ < idle)
            wait = last_used_ + idle - now;
        else
        {
            dropped.swap(free_);
            sweep_pending_ = false;
        }
    }
    for (auto& d : dropped)
        d.close();
    return wait;
}

void region_cache::close() noexcept
{
    std::vector<shared_region> dropped;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        dropped.swap(free_);
    }
    for (auto& d : dropped)
        d.close();
}

std::size_t region_cache::size() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return free_.size();
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
