//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::thread_pool_executor: CPython's ExecutorTest / ThreadPoolExecutorTest /
// initializer cases, and the Asio side (get_executor, strands).

#define BOOST_TEST_MODULE thread_pool
#include "test_support.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <future>
#include <regex>
#include <semaphore>
#include <set>
#include <system_error>

#if defined(__GLIBC__)
#include <pthread.h>
#include <sys/resource.h>
#endif

using namespace test_support;

BOOST_AUTO_TEST_SUITE(submit)

BOOST_AUTO_TEST_CASE(submit_returns_result)
{
    cf::thread_pool_executor executor(5);
    auto future = executor.submit([](double b, double e) { return std::pow(b, e); }, 2.0, 8.0);
    BOOST_TEST(future.result(long_timeout) == 256.0);
}

BOOST_AUTO_TEST_CASE(arguments_are_decay_copied)
{
    cf::thread_pool_executor executor(2);
    std::string text = "hello";
    auto f = executor.submit(
        [](std::string s) {
            s += "!";
            return s;
        },
        text);
    BOOST_TEST(f.result(long_timeout) == "hello!");
    BOOST_TEST(text == "hello"); // the task got a copy

    int counter = 0;
    executor.submit([](int& c) { ++c; }, std::ref(counter)).result(long_timeout);
    BOOST_TEST(counter == 1); // std::ref passes a reference, as with std::async
}

BOOST_AUTO_TEST_CASE(move_only_arguments_and_results)
{
    cf::thread_pool_executor executor(2);
    auto f = executor.submit([](std::unique_ptr<int> p) { return std::make_unique<int>(*p * 2); },
                             std::make_unique<int>(21));
    BOOST_TEST(*f.result(long_timeout) == 42);
}

BOOST_AUTO_TEST_CASE(functions_member_functions_and_callables)
{
    struct adder
    {
        int base;
        int add(int x) const { return base + x; }
        int operator()(int x) const { return base * x; }
    };
    cf::thread_pool_executor executor(2);
    adder a{10};
    BOOST_TEST(executor.submit(&adder::add, a, 5).result(long_timeout) == 15);
    BOOST_TEST(executor.submit(a, 5).result(long_timeout) == 50);
    BOOST_TEST(executor.submit(static_cast<double (*)(double)>(std::sqrt), 16.0).result(long_timeout) == 4.0);
}

BOOST_AUTO_TEST_CASE(reference_results_are_copied)
{
    static int global = 7;
    cf::thread_pool_executor executor(1);
    cf::future<int> f = executor.submit([]() -> int& { return global; });
    BOOST_TEST(f.result(long_timeout) == 7);
}

BOOST_AUTO_TEST_CASE(exceptions_reach_the_future)
{
    cf::thread_pool_executor executor(2);
    auto f = executor.submit([]() -> int { throw std::invalid_argument("Bad value"); });
    BOOST_CHECK_THROW(f.result(long_timeout), std::invalid_argument);
    BOOST_TEST(static_cast<bool>(f.exception()));
    auto g = executor.submit([] { throw 17; });
    try
    {
        g.result(long_timeout);
        BOOST_FAIL("expected int");
    }
    catch (int v)
    {
        BOOST_TEST(v == 17);
    }
}

BOOST_AUTO_TEST_CASE(tasks_run_on_pool_threads_with_callbacks_there)
{
    event ran;
    std::string callback_thread;
    event gate;
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 2, .thread_name_prefix = "cbpool"});
    join_on_exit guard{executor, {&gate}};
    auto f = executor.submit([] { return current_thread_name(); });
    BOOST_TEST(f.result(long_timeout).rfind("cbpool_", 0) == 0u);
    auto g = executor.submit([&] { gate.wait(); });
    g.add_done_callback([&](const cf::future<void>&) {
        callback_thread = current_thread_name();
        ran.set();
    });
    gate.set();
    BOOST_TEST(ran.wait());
    BOOST_TEST(callback_thread.rfind("cbpool_", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(submit_from_inside_a_task)
{
    cf::thread_pool_executor executor(1);
    // With one worker the inner task can only run after the outer returns: the
    // outer hands back the future instead of waiting on it, since a task that
    // waits for another task of its own one-worker pool waits forever.
    auto outer = executor.submit([&executor] { return executor.submit([] { return 5; }); });
    auto inner = outer.result(long_timeout);
    BOOST_TEST(inner.result(long_timeout) == 5);
}

BOOST_AUTO_TEST_CASE(no_stale_references_issue_16284)
{
    cf::thread_pool_executor executor(2);
    auto object = std::make_shared<int>(1);
    std::weak_ptr<int> weak = object;
    auto f = executor.submit([object] { return *object; });
    object.reset();
    BOOST_TEST(f.result(long_timeout) == 1);
    // The callable went before the result was published.
    BOOST_TEST(weak.expired());

    // Deliberately discarding the future.
    auto other = std::make_shared<int>(2);
    std::weak_ptr<int> weak2 = other;
    executor.submit([other] { (void)other; });
    other.reset();
    BOOST_TEST(eventually([&] { return weak2.expired(); }));
}

BOOST_AUTO_TEST_CASE(cancelled_before_start_never_runs)
{
    event gate;
    std::atomic<bool> ran{false};
    cf::thread_pool_executor executor(1);
    join_on_exit guard{executor, {&gate}};
    auto blocker = executor.submit([&] { gate.wait(); });
    auto victim = executor.submit([&] { ran = true; });
    BOOST_TEST(victim.cancel());
    gate.set();
    blocker.result(long_timeout);
    // The worker still reaches it and notifies: wait() sees it done.
    auto [done, not_done] = cf::wait(std::vector{victim}, long_timeout);
    BOOST_TEST(done.size() == 1u);
    BOOST_TEST((victim.state() == cf::future_state::cancelled_and_notified));
    BOOST_TEST(!ran.load());
}

BOOST_AUTO_TEST_CASE(running_task_cannot_be_cancelled)
{
    event started;
    event gate;
    cf::thread_pool_executor executor(1);
    join_on_exit guard{executor, {&gate}};
    auto f = executor.submit([&] {
        started.set();
        gate.wait();
        return 3;
    });
    BOOST_TEST(started.wait());
    BOOST_TEST(f.running());
    BOOST_TEST(!f.cancel());
    gate.set();
    BOOST_TEST(f.result(long_timeout) == 3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(workers)

BOOST_AUTO_TEST_CASE(max_workers_must_be_positive)
{
    for (int n : {0, -1})
    {
        try
        {
            cf::thread_pool_executor executor(n);
            BOOST_FAIL("expected invalid_argument");
        }
        catch (const std::invalid_argument& e)
        {
            BOOST_TEST(std::string(e.what()).find("max_workers must be greater than 0") != std::string::npos);
        }
    }
    BOOST_CHECK_THROW(cf::thread_pool_executor(cf::thread_pool_options{.max_workers = 0}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(default_workers)
{
    cf::thread_pool_executor executor;
    const std::size_t expected = std::min<std::size_t>(32, std::max(1u, std::thread::hardware_concurrency()) + 4);
    BOOST_TEST(executor.max_workers() == expected);
}

BOOST_AUTO_TEST_CASE(threads_start_on_demand)
{
    cf::thread_pool_executor executor(4);
    BOOST_TEST(executor.worker_count() == 0u);
}

BOOST_AUTO_TEST_CASE(saturation)
{
    std::counting_semaphore<> sem(0);
    cf::thread_pool_executor executor(4);
    std::vector<cf::future<void>> fs;
    for (int i = 0; i < 15 * 4; ++i)
        fs.push_back(executor.submit([&sem] { (void)sem.try_acquire_for(long_timeout); }));
    BOOST_TEST(executor.worker_count() == 4u);
    sem.release(15 * 4);
    executor.shutdown(true);
    for (auto& f : fs)
        BOOST_TEST(f.done());
}

BOOST_AUTO_TEST_CASE(idle_thread_reuse)
{
    cf::thread_pool_executor executor;
    BOOST_TEST(executor.submit([] { return 21 * 2; }).result(long_timeout) == 42);
    BOOST_TEST(executor.submit([] { return 6 * 7; }).result(long_timeout) == 42);
    BOOST_TEST(executor.submit([] { return 3 * 14; }).result(long_timeout) == 42);
    BOOST_TEST(executor.worker_count() == 1u);
}

BOOST_AUTO_TEST_CASE(thread_names_assigned)
{
    {
        std::counting_semaphore<> sem(0);
        cf::thread_pool_executor executor(
            cf::thread_pool_options{.max_workers = 5, .thread_name_prefix = "SpecialPool"});
        std::vector<cf::future<void>> fs;
        for (int i = 0; i < 5; ++i)
            fs.push_back(executor.submit([&sem] { (void)sem.try_acquire_for(long_timeout); }));
        // Each thread names itself as it starts.
        BOOST_TEST(eventually([] { return count_threads_named("SpecialPool_") == 5u; }));
        std::set<std::string> names;
        for (const auto& n : thread_names())
            if (n.rfind("SpecialPool_", 0) == 0)
                names.insert(n);
        BOOST_TEST((names == std::set<std::string>{"SpecialPool_0", "SpecialPool_1", "SpecialPool_2", "SpecialPool_3",
                                                   "SpecialPool_4"}));
        sem.release(5);
    }
    // Joined by the destructor.
    BOOST_TEST(count_threads_named("SpecialPool_") == 0u);
}

BOOST_AUTO_TEST_CASE(thread_names_default)
{
    cf::thread_pool_executor executor(2);
    auto name = executor.submit([] { return current_thread_name(); }).result(long_timeout);
    BOOST_TEST(std::regex_match(name, std::regex("cfpool-[0-9]+_[0-1]")));
}

BOOST_AUTO_TEST_CASE(long_thread_names_are_cut_to_what_the_platform_keeps)
{
    cf::thread_pool_executor executor(
        cf::thread_pool_options{.max_workers = 1, .thread_name_prefix = "a_long_thread_name_prefix"});
    const std::string name = executor.submit([] { return current_thread_name(); }).result(long_timeout);
#if defined(__linux__)
    BOOST_TEST(name == "a_long_thread_n"); // the kernel keeps 15 bytes
#else
    BOOST_TEST(name == "a_long_thread_name_prefix_0");
#endif
}

BOOST_AUTO_TEST_CASE(get_executor_runs_asio_work_on_the_pool)
{
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 3, .thread_name_prefix = "asiopool"});
    auto ex = executor.get_executor();
    BOOST_TEST(executor.worker_count() == 3u); // Asio work needs threads up front
    auto name = boost::asio::post(ex, boost::asio::use_future([] { return current_thread_name(); }));
    BOOST_TEST((name.wait_for(long_timeout) == std::future_status::ready));
    BOOST_TEST(name.get().rfind("asiopool_", 0) == 0u);

    // A strand on the pool serializes.
    auto strand = boost::asio::make_strand(ex);
    int counter = 0;
    std::vector<std::future<void>> done;
    for (int i = 0; i < 1000; ++i)
        done.push_back(boost::asio::post(strand, boost::asio::use_future([&counter] { ++counter; })));
    for (auto& d : done)
        BOOST_TEST((d.wait_for(long_timeout) == std::future_status::ready));
    BOOST_TEST(counter == 1000);
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && SIZE_MAX > UINT32_MAX

// While it lives, no new thread can start in this process: new threads ask
// for a stack larger than any glibc keeps from finished ones, and the
// address space is limited to a little more than what is mapped now. (The
// sanitizers reserve address space of their own: not under them.)
class no_thread_can_start
{
public:
    no_thread_can_start()
    {
        // Everything that may fail comes before anything is changed.
        const std::size_t mapped = mapped_bytes();
        BOOST_TEST_REQUIRE(::getrlimit(RLIMIT_AS, &saved_limit_) == 0);
        rlimit tight = saved_limit_;
        tight.rlim_cur = mapped + (std::size_t(64) << 20);
        BOOST_TEST_REQUIRE((saved_limit_.rlim_max == RLIM_INFINITY || saved_limit_.rlim_max >= tight.rlim_cur));
        BOOST_TEST_REQUIRE(::pthread_getattr_default_np(&saved_stack_) == 0);
        pthread_attr_t huge;
        ::pthread_attr_init(&huge);
        const bool sized = ::pthread_attr_setstacksize(&huge, std::size_t(1) << 32) == 0;
        const bool made_default = sized && ::pthread_setattr_default_np(&huge) == 0;
        ::pthread_attr_destroy(&huge);
        if (!made_default)
        {
            ::pthread_attr_destroy(&saved_stack_);
            BOOST_TEST_REQUIRE(made_default, "could not make 4 GiB the default thread stack");
        }
        if (::setrlimit(RLIMIT_AS, &tight) != 0)
        {
            restore_stack();
            BOOST_TEST_REQUIRE(false, "could not lower RLIMIT_AS");
        }
    }
    ~no_thread_can_start()
    {
        restore_stack(); // first: never a huge default stack without the limit
        ::setrlimit(RLIMIT_AS, &saved_limit_);
    }
    no_thread_can_start(const no_thread_can_start&) = delete;
    no_thread_can_start& operator=(const no_thread_can_start&) = delete;

private:
    static std::size_t mapped_bytes()
    {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("VmSize:", 0) == 0)
                return std::stoull(line.substr(7)) * 1024; // in kB
        throw std::runtime_error("no VmSize in /proc/self/status");
    }

    void restore_stack() noexcept
    {
        ::pthread_setattr_default_np(&saved_stack_);
        ::pthread_attr_destroy(&saved_stack_);
    }

    pthread_attr_t saved_stack_;
    rlimit saved_limit_{};
};

// One thread of `executor` started and running a task that waits for
// release() (which returns the task's 1), so that no limit set afterwards
// catches that thread's start.
class one_busy_thread
{
public:
    explicit one_busy_thread(cf::thread_pool_executor& executor)
        : task_(executor.submit([this] {
              started_.set();
              return go_.wait() ? 1 : -1;
          }))
    {
        BOOST_TEST_REQUIRE(started_.wait());
    }
    ~one_busy_thread()
    {
        go_.set(); // the task must not outlive the events it waits on
        try
        {
            (void)task_.exception(long_timeout);
        }
        catch (...)
        {
        }
    }
    one_busy_thread(const one_busy_thread&) = delete;
    one_busy_thread& operator=(const one_busy_thread&) = delete;

    int release()
    {
        go_.set();
        return task_.result(long_timeout);
    }

private:
    event started_;
    event go_;
    cf::future<int> task_;
};

BOOST_AUTO_TEST_CASE(no_thread_can_start_and_none_runs_so_submit_throws_and_queues_nothing)
{
    cf::thread_pool_executor executor(2);
    std::atomic<bool> ran{false};
    std::string what = "(no exception)";
    bool system_error = false;
    {
        const no_thread_can_start limit;
        try
        {
            (void)executor.submit([&ran] { ran = true; });
        }
        catch (const std::system_error& e)
        {
            system_error = true;
            what = e.what();
        }
        catch (const std::exception& e)
        {
            what = e.what();
        }
    }
    BOOST_TEST(system_error, what);
    BOOST_TEST(what.find("could not start a worker thread and none runs, so nothing was submitted") !=
                   std::string::npos,
               what);
    BOOST_TEST(executor.worker_count() == 0u);
    // The pool goes on; the refused task was never queued, so it never runs.
    BOOST_TEST(executor.submit([] { return 7; }).result(long_timeout) == 7);
    executor.shutdown(true);
    BOOST_TEST(!ran.load());
}

BOOST_AUTO_TEST_CASE(one_more_thread_cannot_start_so_the_running_one_takes_the_task)
{
    log_capture log;
    cf::thread_pool_executor executor(2);
    one_busy_thread first(executor);
    std::vector<cf::future<int>> more;
    std::string what = "(no exception)";
    {
        const no_thread_can_start limit;
        try
        {
            for (int i = 0; i < 3; ++i)
                more.push_back(executor.submit([i] { return i; }));
        }
        catch (const std::exception& e)
        {
            what = e.what();
        }
    }
    BOOST_TEST(what == "(no exception)");
    BOOST_TEST(executor.worker_count() == 1u);
    // Logged once for the run of refusals, not once per submit.
    const auto lines = log.lines();
    BOOST_TEST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0].find("WARNING: thread_pool_executor: could not start worker thread 2 of 2 (") == 0u, lines[0]);
    BOOST_TEST(lines[0].find("); tasks wait for the 1 running") != std::string::npos, lines[0]);
    BOOST_TEST(first.release() == 1);
    BOOST_TEST_REQUIRE(more.size() == 3u);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(more[static_cast<std::size_t>(i)].result(long_timeout) == i);
}

BOOST_AUTO_TEST_CASE(a_log_handler_may_shut_the_pool_down_when_a_thread_cannot_start)
{
    cf::thread_pool_executor executor(2);
    one_busy_thread first(executor);
    // The warning comes after the submit let go of the pool: shutting down
    // from the handler neither deadlocks nor loses the task just queued.
    auto previous = cf::set_log_handler([&](cf::log_level, std::string_view) { executor.shutdown(false); });
    cf::future<int> second;
    {
        const no_thread_can_start limit;
        second = executor.submit([] { return 2; });
    }
    cf::set_log_handler(std::move(previous));
    BOOST_CHECK_EXCEPTION((void)executor.submit([] { return 3; }), std::runtime_error, [](const std::runtime_error& e) {
        return std::string(e.what()) == "cannot schedule new futures after shutdown";
    });
    BOOST_TEST(first.release() == 1);
    BOOST_TEST(second.result(long_timeout) == 2);
}

#endif

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(initializer)

// Namespace scope: constructed in every thread on first use.
thread_local std::string initializer_status = "uninitialized";

BOOST_AUTO_TEST_CASE(runs_in_every_worker)
{
    std::atomic<int> calls{0};
    std::counting_semaphore<> sem(0);
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 2, .initializer = [&] {
                                                                  initializer_status = "initialized";
                                                                  ++calls;
                                                              }});
    std::vector<cf::future<std::string>> fs;
    for (int i = 0; i < 2; ++i)
        fs.push_back(executor.submit([&sem] {
            (void)sem.try_acquire_for(5s); // keep both workers busy
            return initializer_status;
        }));
    sem.release(2);
    for (auto& f : fs)
        BOOST_TEST(f.result(long_timeout) == "initialized");
    executor.shutdown();
    BOOST_TEST(calls.load() == 2);
}

BOOST_AUTO_TEST_CASE(failing_initializer_breaks_the_pool)
{
    log_capture log;
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 2, .initializer = [] {
                                                                  std::this_thread::sleep_for(100ms);
                                                                  throw std::invalid_argument("error in initializer");
                                                              }});
    try
    {
        auto future = executor.submit([] { return 1; });
        BOOST_CHECK_THROW(future.result(long_timeout), cf::broken_thread_pool);
    }
    catch (const cf::broken_thread_pool&)
    {
        // Perhaps already broken.
    }
    BOOST_TEST(eventually([&] { return executor.broken(); }));
    try
    {
        executor.submit([] { return 1; });
        BOOST_FAIL("expected broken_thread_pool");
    }
    catch (const cf::broken_executor& e)
    {
        BOOST_TEST(std::string(e.what()).find("A thread initializer failed, the thread pool is not usable anymore") !=
                   std::string::npos);
        BOOST_TEST(std::string(e.what()).find("error in initializer") != std::string::npos);
    }
    BOOST_TEST(log.contains("CRITICAL: Exception in initializer: std::invalid_argument: error in initializer"));
}

BOOST_AUTO_TEST_CASE(broken_pool_fails_every_queued_task)
{
    log_capture log;
    cf::thread_pool_executor executor(cf::thread_pool_options{.max_workers = 1, .initializer = [] {
                                                                  std::this_thread::sleep_for(50ms);
                                                                  throw std::runtime_error("no");
                                                              }});
    std::vector<cf::future<int>> fs;
    for (int i = 0; i < 10; ++i)
        fs.push_back(executor.submit([i] { return i; }));
    fs[5].cancel();
    for (std::size_t i = 0; i < fs.size(); ++i)
    {
        if (i == 5)
            continue;
        BOOST_CHECK_THROW(fs[i].result(long_timeout), cf::broken_thread_pool);
    }
    auto [done, not_done] = cf::wait(fs, long_timeout);
    BOOST_TEST(done.size() == 10u); // the cancelled one was notified too
}

BOOST_AUTO_TEST_SUITE_END()
