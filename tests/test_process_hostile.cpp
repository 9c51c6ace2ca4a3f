//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process pool in hostile settings: descriptors running out while
// workers start, the application's own descriptors, standard streams, signal
// mask and dispositions, working directory and children, none of which may
// break the pool or be broken by it.

#define BOOST_TEST_MODULE process_hostile
#include "process_test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

extern char** environ;

using namespace test_support;

namespace {

// Where the worker's standard streams lead: "0 -> /dev/null, 1 -> ...".
std::string standard_streams()
{
    std::string out;
    for (int fd = 0; fd <= 2; ++fd)
    {
        std::error_code ec;
        const auto target = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
        out += (fd ? ", " : "") + std::to_string(fd) + " -> " + (ec ? std::string("(closed)") : target.string());
    }
    return out;
}

// What a task reading standard input gets: a line, or the end of input.
std::string read_standard_input()
{
    std::string line;
    if (std::getline(std::cin, line))
        return "read: " + line;
    return "(end of input)";
}

// The worker's descriptors beyond its standard streams and its channels
// (fds 3, 4 and 5): "fd -> target" each.
std::vector<std::string> inherited_descriptors()
{
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    {
        const int fd = std::atoi(entry.path().filename().c_str());
        std::error_code ec;
        const auto target = std::filesystem::read_symlink(entry.path(), ec).string();
        if (fd > 5 && target.rfind("/proc/", 0) != 0) // not the directory being read
            out.push_back(std::to_string(fd) + " -> " + target);
    }
    return out;
}

} // namespace

BOOST_CONCURRENT_FUTURES_REGISTER(inherited_descriptors);
BOOST_CONCURRENT_FUTURES_REGISTER(standard_streams);
BOOST_CONCURRENT_FUTURES_REGISTER(read_standard_input);

namespace {

// --- scenarios: this program started again in a setting a test cannot make
// --- in its own process (they report through their exit status and a file)

// Started with fds 0-2 closed, like a daemon: the pool must keep every
// descriptor of its own above 2, so the application's next open() or
// printf() does not land on a pipe of the pool.
int closed_standard_streams_scenario(std::string& problems)
{
    const auto expect_closed = [&](const char* when) {
        for (int fd = 0; fd <= 2; ++fd)
            if (::fcntl(fd, F_GETFD) != -1)
                problems +=
                    std::string(when) + ": fd " + std::to_string(fd) + " is taken: " + standard_streams() + "\n";
    };
    expect_closed("at the start");
    {
        cf::process_pool_executor pool(2);
        if (pool.submit(pf::mul, 6, 7).result(long_timeout) != 42)
            problems += "wrong result\n";
        const std::string worker = pool.submit(standard_streams).result(long_timeout);
        if (worker != "0 -> /dev/null, 1 -> /dev/null, 2 -> /dev/null")
            problems += "the worker's standard streams: " + worker + "\n";
        expect_closed("while the pool runs");
    }
    expect_closed("after the pool");
    return problems.empty() ? 0 : 1;
}

int run_scenario(const std::string& name, const std::string& report)
{
    std::string problems;
    int status = 2;
    try
    {
        if (name == "closed-standard-streams")
            status = closed_standard_streams_scenario(problems);
        else
            problems = "no scenario named " + name;
    }
    catch (const std::exception& e)
    {
        problems += std::string("exception: ") + e.what();
        status = 3;
    }
    std::ofstream(report) << problems;
    return status;
}

// Runs `scenario` in a child with `closed` descriptors closed; its exit
// status and report.
std::pair<int, std::string> scenario(const std::string& name, std::initializer_list<int> closed)
{
    const std::string report =
        (std::filesystem::temp_directory_path() / ("cf_scenario_" + std::to_string(::getpid()))).string();
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    for (int fd : closed)
        ::posix_spawn_file_actions_addclose(&actions, fd);
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    std::vector<std::string> args{self, "--scenario", name, report};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int err = ::posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (err)
        return {-1, "posix_spawn: " + std::string(std::strerror(err))};
    int status = 0;
    if (!eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, 60s))
    {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return {-1, "the scenario did not finish in 60 s"};
    }
    std::ifstream in(report);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(report);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

// A file descriptor of the test's own, with its identity, to prove the pool
// never closes what it does not own.
struct own_descriptor
{
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    struct stat identity = stat_of(fd);

    static struct stat stat_of(int fd)
    {
        struct stat st
        {
        };
        ::fstat(fd, &st);
        return st;
    }
    bool intact() const
    {
        struct stat now
        {
        };
        return ::fstat(fd, &now) == 0 && now.st_dev == identity.st_dev && now.st_ino == identity.st_ino;
    }
    ~own_descriptor() { ::close(fd); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(descriptors)

// Every step of starting a worker that opens a descriptor fails in turn
// (EMFILE): each failure fails the future or the constructor cleanly, and
// leaves no descriptor behind and none of the application's closed.
// Not under AddressSanitizer + UBSan: UBSan's vptr check opens a pipe to
// test whether memory is readable, and with no descriptor left it reports a
// false "invalid vptr".
BOOST_AUTO_TEST_CASE(running_out_while_workers_start, *boost::unit_test::enable_if<!address_sanitizer>())
{
    own_descriptor mine;
    resource_check resources;
    rlimit normal{};
    BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &normal) == 0);
    const int first_free = lowest_free_descriptor();
    std::set<std::string> outcomes;
    for (int spare = 0; spare <= 24; ++spare)
    {
        std::string outcome;
        {
            std::optional<cf::process_pool_executor> pool;
            rlimit low = normal;
            low.rlim_cur = static_cast<rlim_t>(first_free + spare);
            BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
            try
            {
                pool.emplace(1);
                outcome = std::to_string(pool->submit(pf::mul, 6, 7).result(long_timeout));
            }
            catch (const std::exception& e)
            {
                outcome = e.what();
            }
            BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &normal) == 0);
        }
        BOOST_TEST_MESSAGE(spare << " spare descriptors: " << outcome);
        outcomes.insert(outcome);
        BOOST_TEST(eventually([] { return no_children(); }, 10s), "a worker left behind with " << spare << " spare");
        BOOST_TEST(open_fd_count() == resources.fds_before, spare << " spare descriptors: " << open_fd_count()
                                                                  << " open, " << resources.fds_before << " before ("
                                                                  << outcome << ")");
        BOOST_TEST(mine.intact(), "the test's own descriptor was closed with " << spare << " spare");
    }
    // Enough descriptors in the end: the pool works.
    BOOST_TEST(outcomes.count("42") == 1u);
    resources.verify();
}

// A daemon closed fds 0-2: the pool's pipes, pidfds and Asio's own
// descriptors stay above them, and the workers get /dev/null there.
BOOST_AUTO_TEST_CASE(standard_streams_closed)
{
    const auto [status, report] = scenario("closed-standard-streams", {0, 1, 2});
    BOOST_TEST(status == 0, "exit status " << status << ": " << report);
}

namespace {

// The test's standard input replaced by a pipe holding `data`, whose write
// end stays open (a reader that took none would block); restored on exit.
struct standard_input_pipe
{
    int saved = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
    int ends[2] = {-1, -1};
    explicit standard_input_pipe(const std::string& data)
    {
        BOOST_REQUIRE(::pipe2(ends, O_CLOEXEC) == 0);
        BOOST_REQUIRE(::dup2(ends[0], 0) == 0);
        BOOST_REQUIRE(::write(ends[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    }
    // What is left in it now.
    std::string rest() const
    {
        std::string out;
        char buf[256];
        ::fcntl(0, F_SETFL, O_NONBLOCK);
        for (ssize_t n; (n = ::read(0, buf, sizeof buf)) > 0;)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }
    ~standard_input_pipe()
    {
        ::dup2(saved, 0);
        ::close(saved);
        ::close(ends[0]);
        ::close(ends[1]);
    }
};

} // namespace

// A task that reads standard input gets its end at once, as in CPython, and
// what was meant for the application stays there.
BOOST_AUTO_TEST_CASE(workers_read_no_standard_input)
{
    const std::string data = "for the application\n";
    standard_input_pipe input(data);
    {
        cf::process_pool_executor pool(1);
        BOOST_TEST(pool.submit(read_standard_input).result(long_timeout) == "(end of input)");
    }
    BOOST_TEST(input.rest() == data);
}

// Workers keep none of the application's descriptors, even those it left
// without close-on-exec.
BOOST_AUTO_TEST_CASE(workers_inherit_no_descriptor_of_the_application)
{
    int inheritable[2];
    BOOST_REQUIRE(::pipe(inheritable) == 0);
    cf::process_pool_executor pool(1);
    const auto kept = pool.submit(inherited_descriptors).result(long_timeout);
    std::string all;
    for (const auto& d : kept)
        all += " [" + d + "]";
    BOOST_TEST(kept.empty(), "the worker holds" << all);
    ::close(inheritable[0]);
    ::close(inheritable[1]);
}

BOOST_AUTO_TEST_SUITE_END()

// What other systems do, forced on Linux (lib/os/fallbacks.hpp): each alone,
// for this test's own pools. tools/test.d/15-fallbacks.sh runs the whole
// process-pool suite with all of them.
BOOST_AUTO_TEST_SUITE(fallbacks)

namespace {

// Sets an environment variable for the scope, then puts back what was there.
struct environment_variable
{
    std::string name;
    std::optional<std::string> saved;
    environment_variable(std::string n, const char* value) : name(std::move(n))
    {
        if (const char* before = std::getenv(name.c_str()))
            saved = before;
        ::setenv(name.c_str(), value, 1);
    }
    ~environment_variable() { saved ? ::setenv(name.c_str(), saved->c_str(), 1) : ::unsetenv(name.c_str()); }
};

// Workers start, serve, retire, die, and leave nothing behind.
void pools_work_and_clean_up()
{
    resource_check resources;
    {
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 2, .max_tasks_per_child = 2});
        for (int i = 0; i < 6; ++i)
            BOOST_TEST(pool.submit(pf::mul, i, 3).result(long_timeout) == 3 * i);
        BOOST_TEST(pool.submit(inherited_descriptors).result(long_timeout).empty());
        auto dying = pool.submit(pf::kill_self, SIGKILL);
        const std::string what = error_of([&] { dying.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
    }
    resources.verify();
}

bool has_pidfd()
{
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    {
        std::error_code ec;
        if (std::filesystem::read_symlink(entry.path(), ec).string() == "anon_inode:[pidfd]")
            return true;
    }
    return false;
}

} // namespace

BOOST_AUTO_TEST_CASE(without_pidfd_open)
{
    environment_variable forced("BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD", "1");
    pools_work_and_clean_up();
    cf::process_pool_executor pool(1);
    pool.submit(pf::mul, 1, 1).result(long_timeout);
    BOOST_TEST(!has_pidfd());
}

BOOST_AUTO_TEST_CASE(without_pipe2)
{
    environment_variable forced("BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2", "1");
    pools_work_and_clean_up();
}

BOOST_AUTO_TEST_CASE(without_proc_self_exe)
{
    environment_variable forced("BOOST_CONCURRENT_FUTURES_DISABLE_PROC_SELF_EXE", "1");
    pools_work_and_clean_up();
    // The worker was started by the program's path, not through /proc.
    cf::process_pool_executor pool(1);
    const long worker = pool.submit(pf::current_pid).result(long_timeout);
    std::ifstream cmdline("/proc/" + std::to_string(worker) + "/cmdline");
    std::string argv0;
    std::getline(cmdline, argv0, '\0');
    BOOST_TEST(argv0 == std::filesystem::read_symlink("/proc/self/exe").string());
}

BOOST_AUTO_TEST_CASE(without_close_range)
{
    environment_variable forced("BOOST_CONCURRENT_FUTURES_DISABLE_CLOSE_RANGE", "1");
    int inheritable[2];
    BOOST_REQUIRE(::pipe(inheritable) == 0);
    pools_work_and_clean_up();
    ::close(inheritable[0]);
    ::close(inheritable[1]);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(signals)

namespace {

// The state letter of /proc/<pid>/stat: R, S, T (stopped), Z, ...
char process_state(long pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    return close == std::string::npos || close + 2 >= stat.size() ? '?' : stat[close + 2];
}

// terminate_workers() on a pool whose one worker runs a long task: the task
// must fail with the worker's death by SIGTERM. `before_terminating` gets
// the worker's pid. If the worker survives, it is killed, so the test ends.
void terminate_ends_the_worker(const std::function<void(long)>& before_terminating = {})
{
    cf::process_pool_executor pool(1);
    go_file never;
    auto running = pool.submit(pf::wait_for_file, never.path, 20000);
    BOOST_REQUIRE(eventually([&] { return running.running() && pool.worker_pids().size() == 1u; }));
    const long pid = pool.worker_pids().front();
    if (before_terminating)
        before_terminating(pid);
    pool.terminate_workers();
    const std::string what = error_of([&] { running.result(10s); });
    BOOST_TEST(contains(what, "signal 15"), what);
    if (!running.done())
        ::kill(static_cast<pid_t>(pid), SIGKILL);
}

} // namespace

// Workers start with an empty signal mask and default dispositions, whatever
// the application has done with SIGTERM.
BOOST_AUTO_TEST_CASE(terminate_workers_while_the_application_blocks_sigterm)
{
    sigset_t term, old;
    ::sigemptyset(&term);
    ::sigaddset(&term, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &term, &old); // the pool's threads inherit it
    terminate_ends_the_worker();
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

BOOST_AUTO_TEST_CASE(terminate_workers_while_the_application_ignores_sigterm)
{
    struct sigaction ignore
    {
    }, old{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGTERM, &ignore, &old);
    terminate_ends_the_worker();
    ::sigaction(SIGTERM, &old, nullptr);
}

// A stopped worker gets SIGCONT after SIGTERM, so it ends too.
BOOST_AUTO_TEST_CASE(terminate_workers_ends_a_stopped_worker)
{
    terminate_ends_the_worker([](long pid) {
        ::kill(static_cast<pid_t>(pid), SIGSTOP);
        BOOST_TEST(eventually([&] { return process_state(pid) == 'T'; }));
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(worker_program)

namespace {

// Restores the working directory on scope exit.
struct working_directory
{
    std::filesystem::path saved = std::filesystem::current_path();
    ~working_directory() { std::filesystem::current_path(saved); }
};

// A copy of the dedicated worker program in a directory of its own, removed
// on scope exit.
struct program_copy
{
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("cf_program_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    std::filesystem::path path = dir / "worker_program";
    program_copy()
    {
        std::filesystem::create_directories(dir);
        std::filesystem::copy_file(sibling_program("worker_program"), path);
    }
    ~program_copy() { std::filesystem::remove_all(dir); }
    static int& counter()
    {
        static int n = 0;
        return n;
    }
};

// What submitting to a pool of `program` gives, once `spoil` has been done
// to the program after the pool was created.
std::string start_failure(const std::function<void(const std::filesystem::path&)>& spoil)
{
    program_copy copy;
    cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .worker_executable = copy.path});
    spoil(copy.path);
    auto f = pool.submit(pf::mul, 6, 7);
    BOOST_CHECK_THROW(f.result(long_timeout), cf::broken_process_pool);
    const std::string what = error_of([&] { f.result(long_timeout); });
    BOOST_TEST(contains(what, copy.path.string()), what);
    return what;
}

} // namespace

// A relative worker_executable names the program in the working directory of
// the moment the pool is created, as any relative path in a call would.
BOOST_AUTO_TEST_CASE(relative_path_then_the_application_changes_directory)
{
    working_directory restore;
    const std::filesystem::path program = sibling_program("worker_program");
    std::filesystem::current_path(program.parent_path());
    for (const std::string relative : {"worker_program", "./worker_program"})
    {
        std::filesystem::current_path(program.parent_path());
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .worker_executable = relative});
        std::filesystem::current_path("/");
        const std::string outcome =
            error_of([&] { BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42); });
        BOOST_TEST(outcome == "(no exception)", relative << ": " << outcome);
    }
}

// A worker program that cannot be started says which and why (not "exited
// with status 127").
BOOST_AUTO_TEST_CASE(program_removed_after_the_pool_was_created)
{
    const std::string what = start_failure([](const auto& path) { std::filesystem::remove(path); });
    BOOST_TEST(contains(what, std::strerror(ENOENT)), what);
}

BOOST_AUTO_TEST_CASE(program_no_longer_executable)
{
    const std::string what = start_failure([](const auto& path) {
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    });
    BOOST_TEST(contains(what, std::strerror(EACCES)), what);
}

BOOST_AUTO_TEST_CASE(program_replaced_by_something_not_a_program)
{
    const std::string what = start_failure([](const auto& path) {
        std::filesystem::remove(path);
        std::ofstream(path) << "\x01\x02 not a program\n";
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    });
    BOOST_TEST(contains(what, std::strerror(ENOEXEC)), what);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(application_children)

namespace {

// The pipes and other anonymous descriptors a child of this process holds
// beyond its standard streams: "fd -> target" for each (ls lists its own).
std::set<std::string> descriptors_a_child_inherits(const std::string& listing)
{
    std::set<std::string> found;
    if (std::system(("ls -l /proc/self/fd/ > " + listing + " 2>/dev/null").c_str()) != 0)
        return {"(ls failed)"};
    std::ifstream in(listing);
    std::string line;
    while (std::getline(in, line))
    {
        const auto arrow = line.find(" -> ");
        if (arrow == std::string::npos)
            continue;
        const auto space = line.rfind(' ', arrow - 1);
        const int fd = std::atoi(line.c_str() + space + 1);
        const std::string target = line.substr(arrow + 4);
        if (fd > 2 && (target.rfind("pipe:", 0) == 0 || target.rfind("anon_inode:", 0) == 0))
            found.insert(std::to_string(fd) + " -> " + target);
    }
    return found;
}

} // namespace

// std::system() in another thread while pools start and stop: its child
// must never hold a descriptor of the pool (Boost.Process 1.81's launcher
// made its exec-error pipe without close-on-exec).
// Not with pipe2 disabled: pipe() then FD_CLOEXEC leaves a window by nature.
BOOST_AUTO_TEST_CASE(system_in_another_thread_inherits_nothing_of_the_pool)
{
    if (const char* v = std::getenv("BOOST_CONCURRENT_FUTURES_DISABLE_PIPE2"); v && *v && std::string(v) != "0")
        return;
    const std::string listing =
        (std::filesystem::temp_directory_path() / ("cf_fd_listing_" + std::to_string(::getpid()))).string();
    const std::set<std::string> baseline = descriptors_a_child_inherits(listing);
    std::atomic<bool> stop{false};
    std::atomic<int> probes{0};
    std::set<std::string> leaked;
    std::thread prober([&] {
        while (!stop.load())
        {
            for (const auto& d : descriptors_a_child_inherits(listing))
                if (!baseline.count(d))
                    leaked.insert(d);
            ++probes;
        }
    });
    // A pool that breaks fails this case, not the whole program.
    struct stop_prober
    {
        std::atomic<bool>& stop;
        std::thread& prober;
        ~stop_prober()
        {
            stop = true;
            if (prober.joinable())
                prober.join();
        }
    } const stopper{stop, prober};
    int pools = 0;
    const auto end = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < end)
    {
        cf::process_pool_executor pool(4);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 4; ++i)
            fs.push_back(pool.submit(pf::sleep_then_return, 2, i));
        for (auto& f : fs)
            f.result(long_timeout);
        ++pools;
    }
    stop = true;
    prober.join();
    std::filesystem::remove(listing);
    BOOST_TEST_MESSAGE(pools << " pools, " << probes.load() << " probes");
    BOOST_TEST(probes.load() > 10);
    std::string all;
    for (const auto& d : leaked)
        all += " [" + d + "]";
    BOOST_TEST(leaked.empty(), "a child of the application inherited:" << all);
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv)
{
    cf::serve_if_worker(argc, argv);
    if (argc == 4 && std::string_view(argv[1]) == "--scenario")
        return run_scenario(argv[2], argv[3]);
    test_support::start_runtime_threads();
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
