//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_SERIALIZATION_HPP
#define BOOST_CONCURRENT_FUTURES_SERIALIZATION_HPP

// What may cross the process boundary: every type Boost.Serialization knows.
// This header brings in the standard containers, and adds std::tuple,
// std::optional, std::variant and std::monostate, which Boost 1.81's
// Boost.Serialization does not cover. Your own types need serialize() (see
// Boost.Serialization); with it they travel as arguments and results.
//
// Define BOOST_CONCURRENT_FUTURES_NO_STD_SERIALIZATION if another library
// already provides these.

#include <boost/config.hpp>
#include <boost/version.hpp>

#include <boost/serialization/array.hpp>
#include <boost/serialization/deque.hpp>
#include <boost/serialization/list.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/set.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/unique_ptr.hpp>
#include <boost/serialization/unordered_map.hpp>
#include <boost/serialization/unordered_set.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

/// BOOST_CONCURRENT_FUTURES_NO_STD_SERIALIZATION: define it (before including
/// any of this library's headers) if another library already provides
/// Boost.Serialization support for std::tuple, std::optional, std::variant and
/// std::monostate; this header then adds none.
#if !defined(BOOST_CONCURRENT_FUTURES_NO_STD_SERIALIZATION)

namespace boost {
namespace serialization {

template <class Archive, class... Ts>
void serialize(Archive& ar, std::tuple<Ts...>& t, const unsigned int /*version*/)
{
    std::apply([&ar](auto&... element) { (ar & ... & element); }, t);
}

#if BOOST_VERSION < 108400

template <class Archive>
void serialize(Archive&, std::monostate&, const unsigned int)
{
}

template <class Archive, class T>
void save(Archive& ar, const std::optional<T>& o, const unsigned int)
{
    const bool engaged = o.has_value();
    ar << engaged;
    if (engaged)
        ar << *o;
}

template <class Archive, class T>
void load(Archive& ar, std::optional<T>& o, const unsigned int)
{
    bool engaged = false;
    ar >> engaged;
    if (!engaged)
    {
        o.reset();
        return;
    }
    if (!o)
        o.emplace();
    ar >> *o;
}

template <class Archive, class T>
void serialize(Archive& ar, std::optional<T>& o, const unsigned int version)
{
    boost::serialization::split_free(ar, o, version);
}

template <class Archive, class... Ts>
void save(Archive& ar, const std::variant<Ts...>& v, const unsigned int)
{
    const std::size_t index = v.index();
    ar << index;
    std::visit([&ar](const auto& alternative) { ar << alternative; }, v);
}

namespace cf_detail {

template <std::size_t I, class Archive, class... Ts>
void load_alternative(Archive& ar, std::variant<Ts...>& v, std::size_t index)
{
    if constexpr (I < sizeof...(Ts))
    {
        if (index == I)
        {
            std::variant_alternative_t<I, std::variant<Ts...>> value{};
            ar >> value;
            v.template emplace<I>(std::move(value));
            return;
        }
        load_alternative<I + 1>(ar, v, index);
    }
    else
    {
        throw std::runtime_error("variant alternative " + std::to_string(index) + " is out of range");
    }
}

} // namespace cf_detail

template <class Archive, class... Ts>
void load(Archive& ar, std::variant<Ts...>& v, const unsigned int)
{
    std::size_t index = 0;
    ar >> index;
    cf_detail::load_alternative<0>(ar, v, index);
}

template <class Archive, class... Ts>
void serialize(Archive& ar, std::variant<Ts...>& v, const unsigned int version)
{
    boost::serialization::split_free(ar, v, version);
}

#endif // BOOST_VERSION < 108400

} // namespace serialization
} // namespace boost

#if BOOST_VERSION >= 108400
#include <boost/serialization/std_optional.hpp>
#include <boost/serialization/std_variant.hpp>
#endif

#endif // !BOOST_CONCURRENT_FUTURES_NO_STD_SERIALIZATION

#endif
