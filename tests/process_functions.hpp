//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Functions the process-pool tests run in worker processes, registered here
// so the test programs and the dedicated worker program agree on them.
// Includes types that fail (or kill their process) while being serialized or
// deserialized: CPython's CrashAtPickle / ErrorAtUnpickle family.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_PROCESS_FUNCTIONS_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_PROCESS_FUNCTIONS_HPP

#include <boost/concurrent_futures/registration.hpp>
#include <boost/concurrent_futures/serialization.hpp>

#include <boost/serialization/split_member.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <variant>
#include <vector>

namespace process_functions {

inline int mul(int x, int y)
{
    return x * y;
}
inline long long power(int base, int exp)
{
    long long r = 1;
    for (int i = 0; i < exp; ++i)
        r *= base;
    return r;
}
inline long current_pid()
{
    return static_cast<long>(::getpid());
}
inline std::string echo(const std::string& s)
{
    return s;
}
inline void sleep_ms(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}
inline int sleep_then_return(int ms, int value)
{
    sleep_ms(ms);
    return value;
}
inline int no_arguments() noexcept
{
    return 7;
}
// Every arithmetic kind at once (they travel without an archive).
inline long double arithmetic_mix(char c, bool b, long double x, unsigned long long n, float f, signed char s)
{
    return static_cast<long double>(c) + (b ? 1000 : 0) + x + static_cast<long double>(n) + f + s;
}

// Blocks until `path` exists (the parent's go signal), at most `timeout_ms`.
inline bool wait_for_file(std::string path, int timeout_ms)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!std::filesystem::exists(path))
    {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

inline std::map<std::string, std::vector<int>> containers(std::vector<int> v, std::tuple<int, std::string> t,
                                                          std::optional<double> o, std::variant<int, std::string> var)
{
    std::map<std::string, std::vector<int>> out;
    out[std::get<1>(t)] = v;
    out["tuple"] = {std::get<0>(t)};
    out["optional"] = {o ? static_cast<int>(*o) : -1};
    out["variant"] = {static_cast<int>(var.index())};
    return out;
}

inline std::string big_result(std::size_t n)
{
    return std::string(n, 'r');
}
inline std::size_t big_argument(const std::string& s)
{
    return s.size();
}

inline std::string print_a_lot(int lines)
{
    for (int i = 0; i < lines; ++i)
    {
        std::cout << "worker stdout line " << i << '\n';
        std::cerr << "worker stderr line " << i << '\n';
    }
    return "printed";
}

// --- exceptions ------------------------------------------------------------------

struct custom_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct unregistered_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

inline int raise_runtime_error(int value)
{
    throw std::runtime_error(std::to_string(value));
}
inline int raise_custom_error()
{
    throw custom_error("custom failure");
}
inline int raise_unregistered_error()
{
    throw unregistered_error("mystery failure");
}
inline int raise_int()
{
    throw 42;
}
// A message of `n` bytes, built in the worker.
inline int raise_long_message(std::size_t n)
{
    throw std::runtime_error(std::string(n, 'm'));
}

// --- ways to die ---------------------------------------------------------------------

inline int kill_self(int sig)
{
    std::fflush(nullptr);
    ::kill(::getpid(), sig);
    sleep_ms(10000);
    return 0;
}
inline int exit_now(int code)
{
    std::_Exit(code);
}
inline int abort_now()
{
    std::abort();
}
inline std::size_t crash_with_data(const std::string&)
{
    return static_cast<std::size_t>(kill_self(SIGKILL));
}

// --- serialization faults -------------------------------------------------------------

enum class fault
{
    none,
    throw_on_save,
    throw_on_load,
    exit_on_load,
    kill_on_load,
    kill_on_save,
    exit_on_save
};

inline void act(fault f, fault when_throw, fault when_exit, fault when_kill, const char* what)
{
    if (f == when_throw)
        throw std::runtime_error(what);
    if (f == when_exit)
        std::_Exit(1);
    if (f == when_kill)
        kill_self(SIGKILL);
}

// Serializes fine unless told to fail; `mode` travels first.
struct faulty
{
    fault mode = fault::none;
    int value = 0;

    template <class Archive>
    void save(Archive& ar, const unsigned int) const
    {
        act(mode, fault::throw_on_save, fault::exit_on_save, fault::kill_on_save, "save failed on purpose");
        ar << mode << value;
    }

    template <class Archive>
    void load(Archive& ar, const unsigned int)
    {
        ar >> mode >> value;
        act(mode, fault::throw_on_load, fault::exit_on_load, fault::kill_on_load, "load failed on purpose");
    }

    BOOST_SERIALIZATION_SPLIT_MEMBER()
};

inline int take_faulty(faulty f)
{
    return f.value;
}

inline faulty make_faulty(fault mode)
{
    faulty f;
    f.mode = mode;
    f.value = 5;
    return f;
}

// --- initializers ------------------------------------------------------------------------

inline std::string& init_status()
{
    static std::string status = "uninitialized";
    return status;
}
inline void set_init_status(std::string s)
{
    init_status() = std::move(s);
}
inline std::string get_init_status()
{
    return init_status();
}
inline void failing_initializer()
{
    sleep_ms(50);
    throw std::invalid_argument("error in initializer");
}

} // namespace process_functions

namespace pf = process_functions;

BOOST_CONCURRENT_FUTURES_REGISTER(pf::mul);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::arithmetic_mix);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::power);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::current_pid);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::echo);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::sleep_ms);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::sleep_then_return);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::no_arguments);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::wait_for_file);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::containers);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::big_result);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::big_argument);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::print_a_lot);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::raise_runtime_error);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::raise_custom_error);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::raise_unregistered_error);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::raise_int);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::raise_long_message);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::kill_self);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::exit_now);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::abort_now);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::crash_with_data);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::take_faulty);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::make_faulty);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::set_init_status);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::get_init_status);
BOOST_CONCURRENT_FUTURES_REGISTER(pf::failing_initializer);
BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION(pf::custom_error);

#endif
