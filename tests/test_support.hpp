//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Helpers shared by the tests: futures in every state of CPython's state
// machine, a bounded event and barrier, log capture, and thread inspection.
// Every wait here is bounded, so a bug shows as a failure, never as a hung test
// run.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_TEST_SUPPORT_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_TEST_SUPPORT_HPP

#include <boost/concurrent_futures.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#include <tlhelp32.h>
#else
#include <dirent.h>
#include <pthread.h>
#endif

namespace cf = boost::concurrent_futures;
using namespace std::chrono_literals;

// BOOST_TEST(elapsed < 500ms) prints both sides when it fails; libc++ 16 has
// no operator<< for durations (C++20), so Boost.Test is told how.
template <class Rep, class Period>
struct boost::test_tools::tt_detail::print_log_value<std::chrono::duration<Rep, Period>>
{
    void operator()(std::ostream& out, const std::chrono::duration<Rep, Period>& d)
    {
        out << std::chrono::duration<double>(d).count() << 's';
    }
};

namespace test_support {

// Long enough never to fire on a healthy (even sanitized, loaded) run; short
// enough that a hang fails the test quickly.
inline constexpr auto long_timeout = 30s;

// --- futures in each state (CPython's util.create_future) ---------------------

template <class T = int>
cf::future<T> pending_future()
{
    return cf::future<T>();
}

template <class T = int>
cf::future<T> running_future()
{
    cf::future<T> f;
    f.set_running_or_notify_cancel();
    return f;
}

template <class T = int>
cf::future<T> cancelled_future()
{
    cf::future<T> f;
    f.cancel();
    return f;
}

template <class T = int>
cf::future<T> cancelled_and_notified_future()
{
    cf::future<T> f;
    f.cancel();
    f.set_running_or_notify_cancel();
    return f;
}

inline cf::future<int> successful_future(int value = 42)
{
    cf::future<int> f;
    f.set_result(value);
    return f;
}

struct os_error : std::runtime_error
{
    os_error() : std::runtime_error("os error") {}
};

inline cf::future<int> exception_future()
{
    cf::future<int> f;
    f.set_exception(os_error());
    return f;
}

// --- Python's threading.Event, with bounded waits ----------------------------

class event
{
public:
    void set()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        set_ = true;
        cv_.notify_all();
    }

    bool is_set() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return set_;
    }

    // True if set within `timeout`.
    bool wait(std::chrono::milliseconds timeout = long_timeout)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, timeout, [this] { return set_; });
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool set_ = false;
};

// --- a one-shot barrier, with bounded waits ----------------------------------

// Use it instead of std::barrier or std::latch: where there is no futex
// (mingw-w64: the Windows leg), libstdc++ 12 waits on them through its
// atomic-wait fallback, which loads a counter, then sleeps on a condition
// variable that the notifier signals without taking its mutex
// (bits/atomic_wait.h, __waiter_pool::_M_do_wait and _M_notify): a wakeup in
// between is lost, and the waiter sleeps forever. (std::counting_semaphore
// waits the same way: a timed acquire then runs to its deadline and fails.)
// Here the count and the wakeup share one mutex.
class start_barrier
{
public:
    explicit start_barrier(int parties) : missing_(parties) {}

    // Arrives, then waits until every party has; false if they did not all
    // arrive within `timeout`.
    bool arrive_and_wait(std::chrono::milliseconds timeout = long_timeout)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (--missing_ == 0)
        {
            cv_.notify_all();
            return true;
        }
        return cv_.wait_for(lock, timeout, [this] { return missing_ <= 0; });
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    int missing_;
};

// Sets the event when destroyed, so a test that fails midway never leaves a
// pool thread blocked on it.
struct set_on_exit
{
    event& e;
    ~set_on_exit() { e.set(); }
};

// For tests whose pool tasks use the test's locals: declared after those
// locals, it releases the events and joins the pool on scope exit, so no task
// outlives what it uses, even when the test body fails early.
class join_on_exit
{
public:
    join_on_exit(cf::thread_pool_executor& executor, std::initializer_list<event*> events)
        : executor_(executor), events_(events)
    {
    }
    ~join_on_exit()
    {
        for (event* e : events_)
            e->set();
        executor_.shutdown(true);
    }

private:
    cf::thread_pool_executor& executor_;
    std::vector<event*> events_;
};

// std::jthread without the stop token, which libc++ 16 has only as an
// experimental feature: joins on destruction and before a move assignment.
class joining_thread
{
public:
    joining_thread() = default;
    template <class F>
    explicit joining_thread(F&& f) : thread_(std::forward<F>(f))
    {
    }
    joining_thread(joining_thread&&) noexcept = default;
    joining_thread& operator=(joining_thread&& other) noexcept
    {
        join();
        thread_ = std::move(other.thread_);
        return *this;
    }
    ~joining_thread() { join(); }

    void join()
    {
        if (thread_.joinable())
            thread_.join();
    }

private:
    std::thread thread_;
};

// Polls `pred` (for observations that have no notification, such as a thread
// exiting or an object being destroyed elsewhere) until true or timeout.
inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = long_timeout)
{
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!pred())
    {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

// --- log capture ---------------------------------------------------------------

class log_capture
{
public:
    log_capture()
    {
        previous_ = cf::set_log_handler([this](cf::log_level level, std::string_view message) {
            std::lock_guard<std::mutex> lock(mutex_);
            lines_.push_back(std::string(cf::to_string(level)) + ": " + std::string(message));
        });
    }

    ~log_capture() { cf::set_log_handler(std::move(previous_)); }

    std::vector<std::string> lines() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return lines_;
    }

    bool contains(const std::string& needle) const
    {
        for (const auto& l : lines())
            if (l.find(needle) != std::string::npos)
                return true;
        return false;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    cf::log_handler previous_;
};

// --- threads of this process ------------------------------------------------------

#if defined(_WIN32)

// A thread's name is its description (SetThreadDescription). mingw-w64's
// headers do not declare GetThreadDescription: it is looked up.
inline std::string thread_description(HANDLE thread)
{
    using get_thread_description_fn = HRESULT(WINAPI*)(HANDLE, PWSTR*);
    static const auto get_thread_description = reinterpret_cast<get_thread_description_fn>(
        reinterpret_cast<void*>(::GetProcAddress(::GetModuleHandleW(L"kernel32.dll"), "GetThreadDescription")));
    std::string name;
    PWSTR wide = nullptr;
    if (get_thread_description && SUCCEEDED(get_thread_description(thread, &wide)) && wide)
    {
        const int size = ::WideCharToMultiByte(CP_UTF8, 0, wide, -1, nullptr, 0, nullptr, nullptr);
        if (size > 1)
        {
            name.resize(static_cast<std::size_t>(size));
            ::WideCharToMultiByte(CP_UTF8, 0, wide, -1, name.data(), size, nullptr, nullptr);
            name.pop_back(); // the terminator
        }
        ::LocalFree(wide);
    }
    return name;
}

inline std::vector<std::string> thread_names()
{
    std::vector<std::string> names;
    const HANDLE snapshot = ::CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
        return names;
    THREADENTRY32 entry{};
    entry.dwSize = sizeof entry;
    for (BOOL more = ::Thread32First(snapshot, &entry); more; more = ::Thread32Next(snapshot, &entry))
    {
        if (entry.th32OwnerProcessID != ::GetCurrentProcessId())
            continue;
        if (const HANDLE thread = ::OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ThreadID))
        {
            names.push_back(thread_description(thread));
            ::CloseHandle(thread);
        }
    }
    ::CloseHandle(snapshot);
    return names;
}

inline std::string current_thread_name()
{
    return thread_description(::GetCurrentThread());
}

#else

inline std::vector<std::string> thread_names()
{
    std::vector<std::string> names;
    if (DIR* dir = ::opendir("/proc/self/task"))
    {
        while (dirent* entry = ::readdir(dir))
        {
            if (entry->d_name[0] == '.')
                continue;
            std::ifstream comm(std::string("/proc/self/task/") + entry->d_name + "/comm");
            std::string name;
            if (std::getline(comm, name))
                names.push_back(name);
        }
        ::closedir(dir);
    }
    return names;
}

inline std::string current_thread_name()
{
    char buf[32] = {};
    ::pthread_getname_np(::pthread_self(), buf, sizeof buf);
    return buf;
}

#endif

inline std::size_t count_threads_named(const std::string& prefix)
{
    std::size_t n = 0;
    for (const auto& name : thread_names())
        if (name.rfind(prefix, 0) == 0)
            ++n;
    return n;
}

// Counts live instances, to prove who still holds a value.
struct tracked
{
    static std::atomic<int>& live()
    {
        static std::atomic<int> n{0};
        return n;
    }
    int value = 0;
    explicit tracked(int v = 0) : value(v) { ++live(); }
    tracked(const tracked& o) : value(o.value) { ++live(); }
    tracked(tracked&& o) noexcept : value(o.value) { ++live(); }
    tracked& operator=(const tracked&) = default;
    tracked& operator=(tracked&&) = default;
    ~tracked() { --live(); }
};

} // namespace test_support

#endif
