//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An owned operating-system descriptor (a POSIX file descriptor): closed
// exactly once, by its owner, so no error path can close a number twice or
// leave one open.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_OS_DESCRIPTOR_HPP

#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

using native_descriptor = int;
inline constexpr native_descriptor invalid_descriptor = -1;

class unique_descriptor
{
public:
    unique_descriptor() noexcept = default;
    // Takes ownership of `d` (invalid_descriptor: owns nothing).
    explicit unique_descriptor(native_descriptor d) noexcept : d_(d) {}
    unique_descriptor(unique_descriptor&& other) noexcept : d_(other.release()) {}
    unique_descriptor& operator=(unique_descriptor&& other) noexcept
    {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    ~unique_descriptor() { reset(); }

    native_descriptor get() const noexcept { return d_; }
    explicit operator bool() const noexcept { return d_ != invalid_descriptor; }

    // The caller owns it now.
    native_descriptor release() noexcept { return std::exchange(d_, invalid_descriptor); }

    // Closes the one owned (errors ignored: the number is gone either way) and owns `d`.
    void reset(native_descriptor d = invalid_descriptor) noexcept;

private:
    native_descriptor d_ = invalid_descriptor;
};

// While it lives, the standard streams' slots (fds 0-2) that the application
// had closed are held (on /dev/null), so descriptors opened meanwhile, by
// code that cannot be told where to put them (Asio's reactor), land above
// them. One at a time, process-wide.
class standard_streams_reserved
{
public:
    standard_streams_reserved();
    ~standard_streams_reserved();
    standard_streams_reserved(const standard_streams_reserved&) = delete;
    standard_streams_reserved& operator=(const standard_streams_reserved&) = delete;

private:
    unique_descriptor held_[3];
};

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
