//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's life seen from the parent, where the environment gets in the
// way: the parent runs out of memory reading an answer, SIGCHLD is ignored
// (so exit statuses are lost), a worker program never says hello, a task
// leaves a process behind that holds the worker's pipes. Each case ends in a
// clear outcome within a bound, never in a hang.

#define BOOST_TEST_MODULE process_lifecycle
#include "process_test_support.hpp"

#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace test_support;

// --- allocation failures on demand ----------------------------------------------------
//
// Armed, every allocation of at least `fail_from` bytes made on the process
// pool's manager thread ("cf-procpool") throws std::bad_alloc: the parent
// "runs out of memory" exactly where it reads a large answer.

namespace {
std::atomic<std::size_t> fail_from{0};

bool on_pool_manager_thread() noexcept
{
    char name[16] = {};
    return ::pthread_getname_np(::pthread_self(), name, sizeof name) == 0 && std::strcmp(name, "cf-procpool") == 0;
}
} // namespace

void* operator new(std::size_t n)
{
    const std::size_t limit = fail_from.load(std::memory_order_relaxed);
    if (limit != 0 && n >= limit && on_pool_manager_thread())
        throw std::bad_alloc();
    if (void* p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}

void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

namespace lifecycle {

// Leaves a process behind that holds the worker's pipes (fds 3 and 4) open
// for a few seconds after the worker itself has gone.
inline int leave_a_process_behind(int seconds)
{
    return std::system(("sleep " + std::to_string(seconds) + " </dev/null >/dev/null 2>&1 &").c_str());
}

} // namespace lifecycle

BOOST_CONCURRENT_FUTURES_REGISTER(lifecycle::leave_a_process_behind);

namespace {

struct scoped_env
{
    std::string name;
    scoped_env(std::string n, const std::string& value) : name(std::move(n)) { ::setenv(name.c_str(), value.c_str(), 1); }
    ~scoped_env() { ::unsetenv(name.c_str()); }
};

// A pool in a process whose SIGCHLD is ignored, so the kernel reaps the
// workers and waitpid() says ECHILD. Workers retiring after each task, and a
// clean shutdown, must not count as losses. Runs as a child of the test;
// exit status 0 if all went well.
int sigchld_ignored_scenario()
{
    std::signal(SIGCHLD, SIG_IGN);
    int failures = 0;
    auto expect = [&](bool ok, const char* what) {
        if (!ok)
        {
            std::fprintf(stderr, "sigchld_ignored: %s\n", what);
            ++failures;
        }
    };
    try
    {
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .max_tasks_per_child = 1});
        long previous = 0;
        for (int i = 0; i < 4; ++i)
        {
            const long pid = pool.submit(pf::current_pid).result(long_timeout);
            expect(pid != previous, "a worker served more than max_tasks_per_child tasks");
            previous = pid;
            expect(pool.submit(pf::mul, i, 2).result(long_timeout) == 2 * i, "wrong result");
        }
        expect(!pool.broken(), "the pool broke while workers retired");
        pool.shutdown(true);
        expect(!pool.broken(), "the pool broke during a clean shutdown");
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "sigchld_ignored: %s\n", e.what());
        ++failures;
    }
    return failures == 0 ? 0 : 1;
}

// How `f` ended within `bound`: what it threw, "(no exception)" or "(timeout)".
template <class T>
std::string outcome(const cf::future<T>& f, std::chrono::seconds bound)
{
    try
    {
        f.result(bound);
        return "(no exception)";
    }
    catch (const cf::timeout_error&)
    {
        return "(timeout)";
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
}

constexpr const char* sigchld_ignored_flag = "--lifecycle-sigchld-ignored";

// Runs this program with `flag`; its exit status, or -1 if it did not end in time.
int run_self(const char* flag, std::chrono::seconds bound)
{
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    char* argv[] = {const_cast<char*>(self.c_str()), const_cast<char*>(flag), nullptr};
    pid_t pid = -1;
    if (::posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv, environ) != 0)
        return -1;
    int status = 0;
    const bool ended = eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, bound);
    if (!ended)
    {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);
    if (argc > 1 && std::strcmp(argv[1], sigchld_ignored_flag) == 0)
        return sigchld_ignored_scenario();
    test_support::start_runtime_threads();
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}

// How a `bytes` answer of a started `pool` ends while this process fails
// every allocation of `fail_from_bytes` or more.
std::string answer_with_allocations_failing(cf::process_pool_executor& pool, std::size_t bytes,
                                            std::size_t fail_from_bytes)
{
    BOOST_TEST(pool.submit(pf::mul, 2, 3).result(long_timeout) == 6); // started first
    auto big = pool.submit(pf::big_result, bytes);
    fail_from = fail_from_bytes;
    const std::string what = outcome(big, 10s);
    fail_from = 0;
    return what;
}

BOOST_AUTO_TEST_CASE(parent_out_of_memory_reading_an_answer_fails_the_future)
{
    // The answer is 96 KiB, on the pipe (below the shared memory threshold);
    // reading it needs a buffer of 64 KiB or more, which the parent cannot
    // get. The future must fail (and the pool break, as it cannot read that
    // worker's stream any further), not hang.
    static_assert(96 * 1024 < cf::detail::reused_region_threshold);
    resource_check resources;
    {
        cf::process_pool_executor pool(1);
        const std::string what = answer_with_allocations_failing(pool, std::size_t{96} << 10, std::size_t{64} << 10);
        BOOST_TEST(contains(what, "bad_alloc"), what);
        if (what == "(timeout)")
            pool.kill_workers(); // so the destructor does not wait on it
        else
        {
            BOOST_TEST(pool.broken());
            BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 1), cf::broken_process_pool);
        }
    }
    resources.verify();
}

// The same in shared memory: the answer (4 MiB) lies in a region, so the
// stream stays readable; the result that cannot be built fails its future
// alone, and the pool goes on.
BOOST_AUTO_TEST_CASE(parent_out_of_memory_reading_an_answer_in_shared_memory_fails_only_the_future)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(1);
        const std::string what = answer_with_allocations_failing(pool, std::size_t{4} << 20, std::size_t{1} << 20);
        BOOST_TEST(contains(what, "bad_alloc"), what);
        BOOST_TEST(!pool.broken());
        BOOST_TEST(pool.submit(pf::big_result, std::size_t{4} << 20).result(long_timeout).size() == std::size_t{4} << 20);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(sigchld_ignored_workers_retire_cleanly)
{
    BOOST_TEST(run_self(sigchld_ignored_flag, 60s) == 0);
}

BOOST_AUTO_TEST_CASE(worker_program_that_never_says_hello)
{
    // A wrong worker_executable: a program that starts, never speaks the
    // protocol and never exits on its own.
    resource_check resources;
    const std::string program =
        (std::filesystem::temp_directory_path() / ("cf_mute_worker_" + std::to_string(::getpid()))).string();
    {
        std::ofstream(program) << "#!/bin/sh\nexec sleep 30\n";
    }
    ::chmod(program.c_str(), 0755);
    {
        scoped_env deadline("BOOST_CONCURRENT_FUTURES_HELLO_TIMEOUT_MS", "300");
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .worker_executable = program});
        auto f = pool.submit(pf::mul, 1, 2);
        const auto start = std::chrono::steady_clock::now();
        const std::string what = outcome(f, 10s);
        if (what == "(timeout)")
            pool.kill_workers();
        BOOST_TEST(contains(what, program), what);
        BOOST_TEST(contains(what, "hello"), what);
        BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
        BOOST_TEST(pool.broken());
    }
    std::filesystem::remove(program);
    resources.verify();
}

namespace {

// shutdown() after a task left a process holding the worker's pipes: the
// worker exits when told to, and the pool must see that without waiting for
// its pipes to close.
void shutdown_with_pipes_held_elsewhere(bool with_pidfd)
{
    std::optional<scoped_env> no_pidfd;
    if (!with_pidfd)
        no_pidfd.emplace("BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD", "1");
    resource_check resources;
    {
        cf::process_pool_executor pool(1);
        BOOST_TEST(pool.submit(lifecycle::leave_a_process_behind, 5).result(long_timeout) == 0);
        const auto start = std::chrono::steady_clock::now();
        pool.shutdown(true);
        const auto took = std::chrono::steady_clock::now() - start;
        BOOST_TEST((took < 1s), "shutdown took "
                                    << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
        BOOST_TEST(!pool.broken());
    }
    resources.verify();
}

} // namespace

BOOST_AUTO_TEST_CASE(shutdown_with_pipes_held_elsewhere_without_pidfd)
{
    shutdown_with_pipes_held_elsewhere(false);
}

BOOST_AUTO_TEST_CASE(shutdown_with_pipes_held_elsewhere_with_pidfd)
{
    shutdown_with_pipes_held_elsewhere(true);
}
