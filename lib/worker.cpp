//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The worker process of a process pool: says hello, then reads request
// frames from its parent's pipe, serves each (serve_request.hpp) and writes
// the answers back, until told to stop, the input ends, or the parent dies.
// A large request or answer lies in a shared memory region passed over fd 5
// (wire.hpp); the regions of large answers are reused once the parent says
// it has read them (region_done). Single-threaded and blocking: the parent
// does the juggling.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "os/descriptor_passing.hpp"
#include "os/process.hpp"
#include "os/worker_process.hpp"
#include "serve_request.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/worker.hpp>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace {

namespace w = wire;

// Heap growth past which an idle worker trims its allocator's free memory
// (less is what glibc keeps by itself).
constexpr std::uintptr_t heap_growth_worth_trimming = 1024 * 1024;

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

int protocol_failure(const std::string& what)
{
    std::fprintf(stderr, "boost.concurrent_futures worker %ld: %s; exiting\n", os::current_process_id(), what.c_str());
    return 3;
}

// The regions of large answers the parent may still be reading, by task:
// each goes back to the worker's cache (warm, for the next large answer)
// when the parent's region_done says it was read. Bounded: past
// region_cache::max_regions the oldest is let go without being reused.
class lent_regions
{
public:
    void lend(std::uint64_t task_id, shared_region region)
    {
        lent_.emplace_back(task_id, std::move(region));
        if (lent_.size() > region_cache::max_regions)
        {
            lent_.front().second.forget_cache();
            lent_.pop_front();
        }
    }

    // The parent read the answer to `task_id`: its region may be reused.
    void returned(std::uint64_t task_id) noexcept
    {
        for (auto it = lent_.begin(); it != lent_.end(); ++it)
            if (it->first == task_id)
            {
                lent_.erase(it); // back to the cache
                return;
            }
    }

private:
    std::deque<std::pair<std::uint64_t, shared_region>> lent_;
};

int serve()
{
    std::string frame;
    w::append_frame(
        frame, w::kind::hello, 0,
        w::encode_hello(w::hello{w::protocol_version, static_cast<std::int64_t>(os::current_process_id())}));
    os::write_answers(frame);

    // Large answers go into regions of this cache, warm after the first.
    const auto answer_regions = std::make_shared<region_cache>();
    lent_regions lent;
    request_server server(w::default_max_payload, reused_region_threshold, answer_regions.get());
    std::string payload;
    // The parent reuses its argument regions: the last one stays mapped here
    // (pages in) while requests keep coming in it, and goes when one comes
    // in another region or in none, or after a second without requests, so
    // that an idle worker holds none (nor cached answer regions), nor the
    // free memory its allocator kept after the tasks, if its heap grew (a
    // worker whose glibc is told to keep freed memory, README, holds it only
    // while busy). Otherwise it waits without a timeout: no poll() ahead of
    // every small request.
    shared_region kept;
    std::uintptr_t heap_mark = os::heap_end();
    bool heap_grew = false;
    for (;;)
    {
        if ((heap_grew || kept || answer_regions->size() > 0) && !os::requests_within(1000))
        {
            kept = shared_region();
            (void)answer_regions->release_idle(std::chrono::seconds(0));
            if (heap_grew)
                os::give_back_free_memory();
            heap_mark = os::heap_end();
            heap_grew = false;
        }
        unsigned char raw[w::header_size];
        if (!os::read_requests(reinterpret_cast<char*>(raw), w::header_size))
            return 0; // the parent closed our input: done
        const w::header head = w::decode_header(raw);
        if (auto problem = request_header_problem(head))
            return protocol_failure(*problem);
        if (head.type == w::kind::region_done)
        {
            if (head.length != 0 || head.flags != 0)
                return protocol_failure("a region_done frame with a payload or flags");
            lent.returned(head.task_id);
            continue;
        }
        payload.resize(head.length);
        if (head.length > 0 && !os::read_requests(payload.data(), head.length))
            return 0; // torn: read_requests ended the process already
        std::string_view body = payload;
        if (head.flags & w::flag_shared)
        {
            w::region_ref ref;
            if (auto bad = w::decode_region_ref(payload, ref))
                return protocol_failure(*bad);
            try
            {
                os::unique_descriptor fd = os::receive_descriptor(w::worker_region_fd, true);
                if (auto again = kept.view_again(fd.get(), ref.offset, ref.length))
                {
                    (void)fd.release(); // closed by view_again
                    body = *again;
                }
                else
                {
                    kept = shared_region(); // first, so that two are never mapped here
                    kept = shared_region::receive(fd.release(), ref.offset, ref.length);
                    body = kept.view();
                }
            }
            catch (const std::exception& e)
            {
                return protocol_failure(std::string("a request in shared memory: ") + e.what());
            }
        }
        else
            kept = shared_region();
        const after_request next = server.serve(head, body);
        heap_grew = heap_grew || os::heap_end() > heap_mark + heap_growth_worth_trimming;
        // Read: the parent may rewrite it once it has the answer. A region for
        // one payload, or a huge one, goes now.
        if (kept && (kept.size() > region_cache::max_bytes || !kept.view_again_possible()))
            kept = shared_region();
        if (shared_region answer_region = server.take_answer_region())
        {
            try
            {
                os::send_descriptor(w::worker_region_fd, answer_region.reader_descriptor(), true);
            }
            catch (const std::exception&)
            {
                return 0; // the parent is gone
            }
            if (answer_region.reusable())
                lent.lend(head.task_id, std::move(answer_region));
        }
        os::write_answers(server.answer());
        switch (next)
        {
        case after_request::serve_next:
            break;
        case after_request::stop:
            return 0;
        case after_request::initializer_failed:
            return 1; // the pool is broken
        case after_request::protocol_failure:
            return protocol_failure(server.problem());
        }
    }
}

int run_worker(int argc, char** argv)
{
    switch (os::become_worker(argument_value(argc, argv, "--cf-parent=")))
    {
    case os::worker_start::ready:
        return serve();
    case os::worker_start::parent_gone:
        return 0;
    case os::worker_start::no_channels:
        break;
    }
    std::fprintf(stderr, "boost.concurrent_futures worker: started without its protocol pipes (fds 3 and 4); worker "
                         "programs are started by process_pool_executor, not by hand\n");
    return 2;
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
