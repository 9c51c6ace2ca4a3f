//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_SERIALIZATION_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_SERIALIZATION_HPP

// Arguments and results cross the process boundary as Boost.Serialization
// binary archives without a header, or, when every value is arithmetic, a
// std::string or a std::vector of bitwise elements, through the direct
// archives below. The standard containers, strings, pairs, tuples and
// optionals travel; so does any type with serialize().

#include <boost/concurrent_futures/serialization.hpp>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/is_bitwise_serializable.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ios>
#include <new>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

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

    // The write position (direct_oarchive aligns arrays by it).
    pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode which) override
    {
        if (off != 0 || dir != std::ios_base::cur || !(which & std::ios_base::out))
            return pos_type(off_type(-1));
        return pos_type(static_cast<off_type>(out_.size()));
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

    // The next `n` bytes, read in place (null if fewer remain).
    const char* take(std::size_t n) noexcept
    {
        if (n > remaining())
            return nullptr;
        const char* p = gptr();
        setg(eback(), gptr() + n, egptr()); // gbump() takes an int: payloads pass 2 GiB
        return p;
    }

protected:
    int_type underflow() override { return gptr() < egptr() ? traits_type::to_int_type(*gptr()) : traits_type::eof(); }

    std::streamsize xsgetn(char* s, std::streamsize n) override
    {
        const std::size_t count = std::min(static_cast<std::size_t>(n), remaining());
        if (count != 0) // an empty view's data may be null
            std::memcpy(s, take(count), count);
        return static_cast<std::streamsize>(count);
    }
};

// --- the direct archives ---------------------------------------------------------------
// A payload whose every value is arithmetic, a std::string or a std::vector
// of bitwise elements skips Boost's archive: its std::locale costs more
// than a small task's whole payload, and its loading of a string or a
// vector zero-fills the storage before copying into it, one more pass over
// a large payload than the copy itself. Both sides choose the archive from
// the same types (the parameter types; the result type), so they agree.
// Layout: an arithmetic value is its object bytes, and a string its size
// (std::size_t) and its bytes, as a Boost binary archive writes them; a
// vector is its element count (std::uint64_t), one byte saying how many
// padding bytes follow (so that the elements start aligned when the reader
// sees the payload at the writer's alignment, as in a shared memory
// region), the padding, and the elements' bytes.

// Elements a vector of which travels as one block of bytes.
template <class T>
inline constexpr bool bitwise_element = !std::is_same_v<T, bool> && std::is_trivially_copyable_v<T> &&
                                        boost::serialization::is_bitwise_serializable<T>::value;

template <class T>
struct is_direct_value : std::bool_constant<std::is_arithmetic_v<T>>
{
};
template <>
struct is_direct_value<std::string> : std::true_type
{
};
template <class T>
struct is_direct_value<std::vector<T>> : std::bool_constant<bitwise_element<T>>
{
};

template <class... Ts>
inline constexpr bool all_direct = (is_direct_value<std::remove_cvref_t<Ts>>::value && ...);

class direct_oarchive
{
public:
    direct_oarchive(std::streambuf& sink, unsigned /*flags*/) noexcept : sink_(sink) {}

    template <class T>
    direct_oarchive& operator<<(const T& value)
    {
        static_assert(std::is_arithmetic_v<T>);
        put(&value, sizeof value);
        return *this;
    }

    direct_oarchive& operator<<(const std::string& value)
    {
        *this << static_cast<std::size_t>(value.size());
        put(value.data(), value.size());
        return *this;
    }

    template <class T>
    direct_oarchive& operator<<(const std::vector<T>& value)
    {
        *this << static_cast<std::uint64_t>(value.size());
        // Padding up to the element alignment, from the position after
        // the padding count (unknown position: no padding).
        const std::streamoff at = sink_.pubseekoff(0, std::ios_base::cur, std::ios_base::out);
        const std::size_t after = static_cast<std::size_t>(at) + 1;
        const auto pad = static_cast<unsigned char>(at < 0 ? 0 : (alignof(T) - after % alignof(T)) % alignof(T));
        *this << pad;
        static constexpr char zeros[alignof(T)] = {};
        put(zeros, pad);
        put(value.data(), value.size() * sizeof(T));
        return *this;
    }

private:
    void put(const void* bytes, std::size_t n)
    {
        if (static_cast<std::size_t>(sink_.sputn(static_cast<const char*>(bytes), static_cast<std::streamsize>(n))) != n)
            throw boost::archive::archive_exception(boost::archive::archive_exception::output_stream_error);
    }

    std::streambuf& sink_;
};

class direct_iarchive
{
public:
    direct_iarchive(view_source& source, unsigned /*flags*/) noexcept : source_(source) {}

    template <class T>
    direct_iarchive& operator>>(T& value)
    {
        static_assert(std::is_arithmetic_v<T>);
        // Copied once, then checked: a peer may still write bytes in shared memory.
        const char* bytes = take(sizeof(T));
        if constexpr (std::is_same_v<T, bool>)
        {
            unsigned char b = 0;
            std::memcpy(&b, bytes, 1);
            // Any other byte would make an invalid bool (Boost only asserts).
            if (b > 1)
                throw std::runtime_error("a bool that is neither 0 nor 1");
            value = b != 0;
        }
        else
            std::memcpy(&value, bytes, sizeof value);
        return *this;
    }

    direct_iarchive& operator>>(std::string& value)
    {
        std::size_t size = 0;
        *this >> size;
        value.assign(take(size, "a string of"), size); // copied once, not zero-filled first
        return *this;
    }

    template <class T>
    direct_iarchive& operator>>(std::vector<T>& value)
    {
        std::uint64_t count = 0;
        unsigned char pad = 0;
        *this >> count >> pad;
        if (pad >= alignof(T))
            throw std::runtime_error(std::to_string(pad) + " bytes of padding ahead of elements aligned to " +
                                     std::to_string(alignof(T)));
        take(pad);
        if (count > source_.remaining() / sizeof(T))
            throw std::runtime_error("a vector of " + std::to_string(count) + " elements of " +
                                     std::to_string(sizeof(T)) + " bytes, but only " +
                                     std::to_string(source_.remaining()) + " bytes left");
        const std::size_t n = static_cast<std::size_t>(count);
        const char* bytes = take(n * sizeof(T));
        if (reinterpret_cast<std::uintptr_t>(bytes) % alignof(T) == 0)
        {
            // Allocated and copied at once, not zero-filled first (and
            // constructed, so an element needs no assignment operator).
            const T* first = reinterpret_cast<const T*>(bytes);
            value = std::vector<T>(first, first + n);
        }
        else if constexpr (std::is_default_constructible_v<T>)
        {
            // The payload is not where the writer expected (a pipe's buffer).
            value.resize(n);
            if (n != 0) // data() may be null
                std::memcpy(static_cast<void*>(value.data()), bytes, n * sizeof(T));
        }
        else
        {
            std::vector<T> elements;
            elements.reserve(n);
            for (std::size_t i = 0; i < n; ++i)
            {
                alignas(T) unsigned char element[sizeof(T)];
                std::memcpy(element, bytes + i * sizeof(T), sizeof(T));
                elements.push_back(*std::launder(reinterpret_cast<const T*>(element)));
            }
            value = std::move(elements);
        }
        return *this;
    }

private:
    const char* take(std::size_t n, const char* what = nullptr)
    {
        if (const char* p = source_.take(n))
            return p;
        if (what)
            throw std::runtime_error(std::string(what) + " " + std::to_string(n) + " bytes, but only " +
                                     std::to_string(source_.remaining()) + " bytes left");
        throw boost::archive::archive_exception(boost::archive::archive_exception::input_stream_error);
    }

    view_source& source_;
};

// The archive to write or read values of types Ts with.
template <class... Ts>
using oarchive_for = std::conditional_t<all_direct<Ts...>, direct_oarchive, boost::archive::binary_oarchive>;
template <class... Ts>
using iarchive_for = std::conditional_t<all_direct<Ts...>, direct_iarchive, boost::archive::binary_iarchive>;

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
