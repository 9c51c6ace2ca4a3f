//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What process-pool tests share: a main that serves when re-executed as a
// worker, and checks for leftover children and descriptors.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_PROCESS_TEST_SUPPORT_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_PROCESS_TEST_SUPPORT_HPP

#include <boost/concurrent_futures/config.hpp>

#if defined(BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL)

// No process pool here (Windows): a program that tests both pools keeps its
// thread-side cases, with Boost.Test's own main, and leaves out its process
// cases under the same condition.
#include "test_support.hpp"
#define BOOST_CONCURRENT_FUTURES_TEST_MAIN()

#else

#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include "test_support.hpp"

#include "process_functions.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/system_executor.hpp>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <future>
#include <memory>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test_support {

// Descriptors open in this process.
inline std::size_t open_fd_count()
{
    std::size_t n = 0;
    if (DIR* dir = ::opendir("/proc/self/fd"))
    {
        while (dirent* e = ::readdir(dir))
            if (e->d_name[0] != '.')
                ++n;
        ::closedir(dir);
    }
    return n - 1; // the directory's own
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitizer = true;
#else
constexpr bool address_sanitizer = false;
#endif

// The lowest descriptor number not in use: with RLIMIT_NOFILE at this plus
// `spare`, exactly `spare` more descriptors can be opened.
inline int lowest_free_descriptor()
{
    const int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ::close(probe);
    return probe;
}

inline bool contains(const std::string& text, const std::string& needle)
{
    return text.find(needle) != std::string::npos;
}

// What `f` threw, or "(no exception)".
template <class F>
std::string error_of(F&& f)
{
    try
    {
        f();
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    return "(no exception)";
}

// Threads of this process.
inline std::size_t thread_count()
{
    return thread_names().size();
}

// True if this process has no child left, running or zombie.
inline bool no_children()
{
    int status = 0;
    return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

// A file the next test's workers wait for; removed on scope exit.
struct go_file
{
    std::string path = (std::filesystem::temp_directory_path() /
                        ("cf_go_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++)))
                           .string();
    void touch() const
    {
        std::FILE* f = std::fopen(path.c_str(), "w");
        if (f)
            std::fclose(f);
    }
    ~go_file() { std::filesystem::remove(path); }
    static int& counter()
    {
        static int n = 0;
        return n;
    }
};

// Another program built next to this one (the worker program, the fake worker).
inline std::string sibling_program(const std::string& name)
{
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / name).string();
}

// Threads of this program while no test runs anything: main, and those
// start_runtime_threads started (a sanitizer's, Asio's system_context).
inline std::size_t& idle_thread_count()
{
    static std::size_t n = 0;
    return n;
}

// Threads that, once started, stay to the end of the program: start them
// now, so that no test's thread count baseline precedes them, and count the
// threads once the first thread started here is gone from /proc too.
// ThreadSanitizer starts a helper thread with the program's first thread;
// Asio's system_context (use_future without an executor posts there) starts
// its pool with the first handler.
inline void start_runtime_threads()
{
    pid_t tid = 0;
    std::thread([&tid] { tid = static_cast<pid_t>(::syscall(SYS_gettid)); }).join();
    auto ran = std::make_shared<std::promise<void>>();
    auto posted = ran->get_future();
    boost::asio::post(boost::asio::system_executor(), [ran] { ran->set_value(); });
    posted.wait();
    const std::string entry = "/proc/self/task/" + std::to_string(tid);
    (void)eventually([&] { return !std::filesystem::exists(entry); }, 10s);
    idle_thread_count() = thread_count();
}

// Threads now, once the threads a previous case joined have left /proc (a
// joined thread's entry can outlive the join by moments): a baseline that
// counted one would make a clean case look as if it ended a thread.
inline std::size_t settled_thread_count()
{
    (void)eventually([] { return thread_count() <= idle_thread_count(); }, 2s);
    return thread_count();
}

// The pool's resources are all gone again: no child, no new descriptor, no
// new thread.
struct resource_check
{
    std::size_t fds_before = open_fd_count();
    std::size_t threads_before = settled_thread_count();
    void verify() const
    {
        BOOST_TEST(eventually([] { return no_children(); }, 10s), "a worker process was left behind");
        BOOST_TEST(open_fd_count() == fds_before,
                   "descriptors leaked: " << open_fd_count() << " open, " << fds_before << " before");
        // A joined thread's /proc entry can outlive the join by moments.
        BOOST_TEST(eventually([this] { return thread_count() == threads_before; }, 10s),
                   "threads left running: " << thread_count() << ", " << threads_before << " before");
    }
};

} // namespace test_support

#define BOOST_CONCURRENT_FUTURES_TEST_MAIN()                                                                           \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        ::boost::concurrent_futures::serve_if_worker(argc, argv);                                                      \
        ::test_support::start_runtime_threads();                                                                       \
        return ::boost::unit_test::unit_test_main(&init_unit_test, argc, argv);                                        \
    }

#endif // BOOST_CONCURRENT_FUTURES_NO_PROCESS_POOL

#endif
