//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_SERIALIZATION_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_SERIALIZATION_HPP

// Arguments and results cross the process boundary as Boost.Serialization
// binary archives without a header. The standard containers, strings, pairs,
// tuples and optionals travel; so does any type with serialize().

#include <boost/concurrent_futures/serialization.hpp>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

inline constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_codecvt;

// Appends to a std::string.
class string_sink final : public std::streambuf
{
public:
    explicit string_sink(std::string& out) noexcept : out_(out) {}

protected:
    int_type overflow(int_type c) override
    {
        if (!traits_type::eq_int_type(c, traits_type::eof()))
            out_.push_back(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }

    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        out_.append(s, static_cast<std::size_t>(n));
        return n;
    }

private:
    std::string& out_;
};

// Reads from a view; never past its end.
class view_source final : public std::streambuf
{
public:
    explicit view_source(std::string_view in) noexcept
    {
        char* begin = const_cast<char*>(in.data());
        setg(begin, begin, begin + in.size());
    }

    std::size_t remaining() const noexcept { return static_cast<std::size_t>(egptr() - gptr()); }

protected:
    int_type underflow() override { return gptr() < egptr() ? traits_type::to_int_type(*gptr()) : traits_type::eof(); }

    std::streamsize xsgetn(char* s, std::streamsize n) override
    {
        const std::streamsize take = std::min<std::streamsize>(n, egptr() - gptr());
        std::memcpy(s, gptr(), static_cast<std::size_t>(take));
        setg(eback(), gptr() + take, egptr()); // gbump() takes an int: payloads pass 2 GiB
        return take;
    }
};

// Boost's binary archives write an arithmetic value as its object bytes. When
// every value of a payload is arithmetic, these write and read those same
// bytes without building an archive, whose std::locale costs more than a
// small task's whole payload.
template <class... Ts>
inline constexpr bool all_arithmetic = (std::is_arithmetic_v<std::remove_cvref_t<Ts>> && ...);

class arithmetic_oarchive
{
public:
    arithmetic_oarchive(std::streambuf& sink, unsigned /*flags*/) noexcept : sink_(sink) {}

    template <class T>
    arithmetic_oarchive& operator<<(const T& value)
    {
        static_assert(std::is_arithmetic_v<T>);
        if (sink_.sputn(reinterpret_cast<const char*>(&value), sizeof value) != sizeof value)
            throw boost::archive::archive_exception(boost::archive::archive_exception::output_stream_error);
        return *this;
    }

private:
    std::streambuf& sink_;
};

class arithmetic_iarchive
{
public:
    arithmetic_iarchive(std::streambuf& source, unsigned /*flags*/) noexcept : source_(source) {}

    template <class T>
    arithmetic_iarchive& operator>>(T& value)
    {
        static_assert(std::is_arithmetic_v<T>);
        char bytes[sizeof(T)];
        if (source_.sgetn(bytes, sizeof bytes) != sizeof bytes)
            throw boost::archive::archive_exception(boost::archive::archive_exception::input_stream_error);
        // Any other byte would make an invalid bool (Boost only asserts).
        if constexpr (std::is_same_v<T, bool>)
            if (bytes[0] != 0 && bytes[0] != 1)
                throw std::runtime_error("a bool that is neither 0 nor 1");
        std::memcpy(&value, bytes, sizeof value);
        return *this;
    }

private:
    std::streambuf& source_;
};

// The archive to write or read values of types Ts with.
template <class... Ts>
using oarchive_for = std::conditional_t<all_arithmetic<Ts...>, arithmetic_oarchive, boost::archive::binary_oarchive>;
template <class... Ts>
using iarchive_for = std::conditional_t<all_arithmetic<Ts...>, arithmetic_iarchive, boost::archive::binary_iarchive>;

template <class... Ts>
void save_values_to(std::streambuf& sink, const Ts&... values)
{
    oarchive_for<Ts...> archive(sink, archive_flags);
    (archive << ... << values);
}

template <class... Ts>
std::string save_values(const Ts&... values)
{
    std::string out;
    string_sink sink(out);
    save_values_to(sink, values...);
    return out;
}

// Fills `values` from `bytes`; the bytes must be used up exactly, so a worker
// and a parent that disagree on the types are caught, not misread.
template <class... Ts>
void load_values(std::string_view bytes, Ts&... values)
{
    view_source source(bytes);
    {
        iarchive_for<Ts...> archive(source, archive_flags);
        (archive >> ... >> values);
    }
    if (source.remaining() != 0)
        throw std::runtime_error(std::to_string(source.remaining()) + " bytes left over after reading the values "
                                                                      "(the two processes disagree on the types)");
}

template <class Tuple, std::size_t... I>
void load_tuple(std::string_view bytes, Tuple& values, std::index_sequence<I...>)
{
    load_values(bytes, std::get<I>(values)...);
}

template <class... Ts>
void load_tuple(std::string_view bytes, std::tuple<Ts...>& values)
{
    load_tuple(bytes, values, std::index_sequence_for<Ts...>{});
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
