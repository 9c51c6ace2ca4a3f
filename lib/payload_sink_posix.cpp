//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// payload_sink (shared_region.hpp): a payload collected in a string while
// small, then in a shared memory region (the design note is at the top of
// shared_region_posix.cpp).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

void payload_sink::clear() noexcept
{
    text_.clear();
    region_ = shared_region();
    setp(nullptr, nullptr);
}

std::size_t payload_sink::size() const noexcept
{
    return region_ ? static_cast<std::size_t>(pptr() - region_.data()) : text_.size();
}

void payload_sink::overwrite(std::size_t pos, std::string_view bytes) noexcept
{
    char* base = region_ ? region_.data() : text_.data();
    std::memcpy(base + pos, bytes.data(), bytes.size());
}

payload_sink::pos_type payload_sink::seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which)
{
    if (off != 0 || dir != std::ios_base::cur || !(which & std::ios_base::out))
        return pos_type(off_type(-1));
    return pos_type(static_cast<off_type>(size()));
}

shared_region payload_sink::take_region() noexcept
{
    region_.resize(size());
    setp(nullptr, nullptr);
    return std::move(region_);
}

void payload_sink::make_room(std::size_t n)
{
    const std::size_t used = size();
    const std::size_t needed = used + n;
    if (!region_)
    {
        const std::size_t first = std::max<std::size_t>(needed, 1024 * 1024);
        region_ = cache_ ? cache_->take(first) : shared_region::create(first);
        region_.resize(0);
        region_.reserve(first);
        std::memcpy(region_.data(), text_.data(), used);
        text_.clear();
    }
    else
        region_.reserve(std::max(needed, 2 * region_.capacity()));
    char* base = region_.data();
    setp(base + used, base + region_.capacity());
}

std::streamsize payload_sink::xsputn(const char* s, std::streamsize count)
{
    const auto n = static_cast<std::size_t>(count);
    if (!region_ && text_.size() + n <= threshold_)
    {
        text_.append(s, n);
        return count;
    }
    if (!region_ || static_cast<std::size_t>(epptr() - pptr()) < n)
        make_room(n);
    if (n >= 256 * 1024)
        region_.populate(static_cast<std::size_t>(pptr() - region_.data()), n);
    std::memcpy(pptr(), s, n);
    setp(pptr() + n, epptr());
    return count;
}

payload_sink::int_type payload_sink::overflow(int_type c)
{
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
