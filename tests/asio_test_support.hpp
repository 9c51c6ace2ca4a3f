//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Helpers for the tests of the asynchronous operations: bounded io_context
// runs and std::future waits, the operation_aborted check, and an allocator
// that counts what it hands out.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_ASIO_TEST_SUPPORT_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_ASIO_TEST_SUPPORT_HPP

#include "test_support.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <functional>
#include <future>
#include <memory>

namespace asio = boost::asio;

namespace test_support {

// Runs `io` until `done()` or the timeout; true if done.
inline bool run_until(asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = long_timeout)
{
    const auto end = std::chrono::steady_clock::now() + timeout;
    io.restart();
    while (!done() && std::chrono::steady_clock::now() < end)
    {
        io.run_for(10ms);
        io.restart();
    }
    return done();
}

template <class T>
T get_bounded(std::future<T>& f)
{
    BOOST_REQUIRE(f.wait_for(long_timeout) == std::future_status::ready);
    return f.get();
}

inline bool is_operation_aborted(const std::exception_ptr& e)
{
    try
    {
        std::rethrow_exception(e);
    }
    catch (const boost::system::system_error& err)
    {
        return err.code() == asio::error::operation_aborted;
    }
    catch (...)
    {
        return false;
    }
}

// Counts what an associated allocator hands out.
struct counting_allocator_state
{
    std::atomic<int> allocations{0};
    std::atomic<int> deallocations{0};
};

template <class T>
struct counting_allocator
{
    using value_type = T;
    counting_allocator_state* state;
    explicit counting_allocator(counting_allocator_state* s) noexcept : state(s) {}
    template <class U>
    counting_allocator(const counting_allocator<U>& o) noexcept : state(o.state)
    {
    }
    T* allocate(std::size_t n)
    {
        ++state->allocations;
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n)
    {
        ++state->deallocations;
        std::allocator<T>().deallocate(p, n);
    }
    template <class U>
    bool operator==(const counting_allocator<U>& o) const noexcept
    {
        return state == o.state;
    }
};

} // namespace test_support

#endif
