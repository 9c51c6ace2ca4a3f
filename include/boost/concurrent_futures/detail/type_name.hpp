//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_TYPE_NAME_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_TYPE_NAME_HPP

#include <boost/core/demangle.hpp>

#include <exception>
#include <string>
#include <typeinfo>

#if defined(__GLIBCXX__) || defined(_LIBCPP_VERSION)
#include <cxxabi.h>
#define BOOST_CONCURRENT_FUTURES_HAS_CXXABI 1
#endif

namespace boost {
namespace concurrent_futures {
namespace detail {

template <class T>
std::string type_name()
{
    return boost::core::demangle(typeid(T).name());
}

// Dynamic type of the exception held by `e` ("std::runtime_error", "int", ...).
inline std::string exception_type_name(const std::exception_ptr& e)
{
    if (!e)
        return "none";
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        return boost::core::demangle(typeid(ex).name());
    }
    catch (...)
    {
#if defined(BOOST_CONCURRENT_FUTURES_HAS_CXXABI)
        if (const std::type_info* t = abi::__cxa_current_exception_type())
            return boost::core::demangle(t->name());
#endif
        return "unknown exception";
    }
}

// "type: what()" for logs and error messages.
inline std::string describe_exception(const std::exception_ptr& e)
{
    if (!e)
        return "no exception";
    std::string out = exception_type_name(e);
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        out += ": ";
        out += ex.what();
    }
    catch (...)
    {
    }
    return out;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
