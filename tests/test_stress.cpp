//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Many threads at once submit, cancel, wait, add callbacks and iterate
// as_completed over futures they all share. Meant for ThreadSanitizer: every
// run is bounded by an operation count, and the invariants checked at the end
// (each future done exactly once, right value or cancelled, every callback
// run exactly once) catch what the sanitizer cannot.

#define BOOST_TEST_MODULE stress
#include "process_test_support.hpp"

#include <deque>
#include <optional>
#include <random>
#include <thread>
#include <tuple>
#include <vector>

using namespace test_support;

namespace {

// A slot the threads share: the future, and what it must hold when done.
struct shared_slot
{
    cf::future<int> future;
    int expected = 0;
    std::atomic<int> callbacks_added{0};
    std::atomic<int> callbacks_run{0};
};

// The operations each thread draws from, at random.
enum class operation
{
    submit,
    cancel,
    wait_first,
    wait_all_with_timeout,
    as_completed_with_timeout,
    add_callback,
    result_with_timeout,
    inspect,
    count
};

// Counts the operations done so far, so futures can be made to finish while
// the threads are at work rather than before they start.
struct progress
{
    std::atomic<std::size_t> done{0};
    std::size_t total = 0;
    std::size_t slots = 0;

    // Slot `v` may finish once this many operations are done: the table's
    // futures finish one after the other over the first half of the run.
    std::size_t gate(int v) const
    {
        return static_cast<std::size_t>(v) < slots ? static_cast<std::size_t>(v) * total / (2 * slots) : 0;
    }

    // Blocks until slot `v` may finish; bounded, so a bug here is a slow
    // run, never a hung one.
    void wait_for_gate(int v) const
    {
        const auto end = std::chrono::steady_clock::now() + long_timeout;
        while (done.load() < gate(v) && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(100us);
    }
};

// Runs `threads` threads doing `operations` random operations each over a
// table of `slots` futures that `make(v, progress)` fills; `submit` makes
// more of them.
template <class MakeFuture>
void hammer(std::size_t threads, std::size_t operations, std::size_t slots, MakeFuture make)
{
    progress prog;
    prog.total = threads * operations;
    prog.slots = slots;
    std::vector<std::unique_ptr<shared_slot>> table;
    for (std::size_t i = 0; i < slots; ++i)
    {
        table.push_back(std::make_unique<shared_slot>());
        table[i]->expected = static_cast<int>(i);
        table[i]->future = make(static_cast<int>(i), prog);
    }
    // The table is filled before the threads start and never rewritten:
    // they only copy futures out of it (sharing futures is safe).
    std::atomic<std::size_t> wrong{0};
    std::atomic<std::size_t> saw_pending{0}; // proof the run overlapped completions
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            std::mt19937 rng(static_cast<unsigned>(t * 7919 + 1));
            std::uniform_int_distribution<std::size_t> pick(0, slots - 1);
            std::uniform_int_distribution<int> op(0, static_cast<int>(operation::count) - 1);
            std::vector<std::pair<cf::future<int>, int>> mine; // extra futures, each with its value
            auto some = [&](std::size_t n) {
                std::vector<cf::future<int>> v;
                for (std::size_t k = 0; k < n; ++k)
                    v.push_back(table[pick(rng)]->future);
                return v;
            };
            auto check_wait = [&](const auto& r) {
                if (!r.not_done.empty())
                    ++saw_pending;
                for (auto& f : r.done)
                    if (!f.done())
                        ++wrong;
            };
            for (std::size_t i = 0; i < operations; ++i, ++prog.done)
            {
                shared_slot& s = *table[pick(rng)];
                switch (static_cast<operation>(op(rng)))
                {
                case operation::submit:
                {
                    const int v = static_cast<int>(slots + t * operations + i);
                    mine.emplace_back(make(v, prog), v); // checked at the end: never block behind the gates
                    break;
                }
                case operation::cancel:
                    s.future.cancel();
                    break;
                case operation::wait_first:
                    check_wait(cf::wait(some(8), 5ms, cf::return_when::first_completed));
                    break;
                case operation::wait_all_with_timeout:
                    check_wait(cf::wait(some(16), 2ms));
                    break;
                case operation::as_completed_with_timeout:
                {
                    try
                    {
                        for (auto& f : cf::as_completed(some(16), 5ms))
                            if (!f.done())
                                ++wrong;
                    }
                    catch (const cf::timeout_error&)
                    {
                        ++saw_pending;
                    }
                    break;
                }
                case operation::add_callback:
                    ++s.callbacks_added;
                    s.future.add_done_callback([&s](const cf::future<int>&) { ++s.callbacks_run; });
                    break;
                case operation::result_with_timeout:
                    try
                    {
                        if (s.future.result(1ms) != s.expected)
                            ++wrong;
                    }
                    catch (const cf::timeout_error&)
                    {
                        ++saw_pending;
                    }
                    catch (const cf::cancelled_error&)
                    {
                        if (!s.future.cancelled())
                            ++wrong;
                    }
                    break;
                case operation::inspect:
                    if (s.future.cancelled() && !s.future.done())
                        ++wrong;
                    (void)s.future.running();
                    break;
                case operation::count:
                    break;
                }
            }
            for (auto& [f, v] : mine)
                if (f.result(long_timeout) != v)
                    ++wrong;
        });
    for (auto& w : workers)
        w.join();
    BOOST_TEST(wrong.load() == 0u);
    BOOST_TEST_MESSAGE(saw_pending.load() << " operations met unfinished futures");
    BOOST_TEST(saw_pending.load() > 0u, "every future finished before the threads got to them: no overlap tested");
    for (auto& s : table)
    {
        // Done within the bound, with the right value unless cancelled.
        try
        {
            BOOST_TEST(s->future.result(long_timeout) == s->expected);
        }
        catch (const cf::cancelled_error&)
        {
            BOOST_TEST(s->future.cancelled());
        }
        BOOST_TEST(s->future.done());
    }
    // Every callback ran exactly once, though some were added after the end.
    for (auto& s : table)
        BOOST_TEST(eventually([&] { return s->callbacks_run.load() == s->callbacks_added.load(); }),
                   "callbacks run " << s->callbacks_run.load() << " of " << s->callbacks_added.load());
}

} // namespace

BOOST_AUTO_TEST_CASE(thread_pool_shared_futures)
{
    cf::thread_pool_executor pool(2);
    hammer(8, 3000, 256, [&](int v, const progress& p) {
        return pool.submit([v, &p] {
            p.wait_for_gate(v);
            return v;
        });
    });
    pool.shutdown();
}

#if !defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)
BOOST_AUTO_TEST_CASE(process_pool_shared_futures)
{
    namespace pf = process_functions;
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        // Workers cannot see the progress count: slow tasks spread the
        // completions over the run instead.
        hammer(8, 1000, 128,
               [&](int v, const progress&) { return pool.submit(pf::sleep_then_return, v % 4 == 0 ? 20 : 2, v); });
    }
    resources.verify();
}
#endif

// Futures completed by hand, by two completer threads, while the others
// cancel, wait and add callbacks: exactly one of completion or cancellation
// wins for each, and everyone sees that one.
BOOST_AUTO_TEST_CASE(hand_completed_futures)
{
    std::mutex queue_mutex;
    std::deque<std::tuple<cf::future<int>, int, const progress*>> queue;
    std::atomic<bool> stop{false};
    std::vector<std::thread> completers;
    for (int k = 0; k < 2; ++k)
        completers.emplace_back([&] {
            for (;;)
            {
                std::optional<std::tuple<cf::future<int>, int, const progress*>> item;
                {
                    std::lock_guard<std::mutex> lock(queue_mutex);
                    if (!queue.empty())
                    {
                        item = std::move(queue.front());
                        queue.pop_front();
                    }
                }
                if (!item)
                {
                    if (stop.load())
                        return;
                    std::this_thread::yield();
                    continue;
                }
                auto& [f, v, p] = *item;
                p->wait_for_gate(v);
                if (f.set_running_or_notify_cancel())
                    f.set_result(v);
            }
        });
    struct stop_on_exit
    {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~stop_on_exit()
        {
            stop = true;
            for (auto& t : threads)
                t.join();
        }
    } joiner{stop, completers};
    hammer(6, 3000, 256, [&](int v, const progress& p) {
        cf::future<int> f;
        std::lock_guard<std::mutex> lock(queue_mutex);
        queue.emplace_back(f, v, &p);
        return f;
    });
}

BOOST_CONCURRENT_FUTURES_TEST_MAIN()
