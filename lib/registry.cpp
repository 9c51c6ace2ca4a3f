//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <boost/core/demangle.hpp>

#include <map>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <typeinfo>
#include <unordered_map>

namespace boost {
namespace concurrent_futures {
namespace detail {

// --- functions ----------------------------------------------------------------------

struct function_registry::impl
{
    mutable std::shared_mutex mutex;
    // std::map: entries never move, so the pointers handed out stay valid.
    std::map<std::string, registered_function, std::less<>> by_name;
    std::unordered_map<erased_function, const registered_function*> by_address;
};

function_registry::function_registry() : impl_(new impl) {}

// Never destroyed: registrations and lookups may happen during static
// initialization and destruction of other translation units.
function_registry& function_registry::instance()
{
    static function_registry* registry = new function_registry;
    return *registry;
}

void function_registry::add(const std::string& name, erased_function address, call_trampoline call,
                            const std::type_info& type)
{
    std::unique_lock<std::shared_mutex> lock(impl_->mutex);
    auto it = impl_->by_name.find(name);
    if (it == impl_->by_name.end())
        it = impl_->by_name.emplace(name, registered_function{name, address, call, &type}).first;
    else if (*it->second.type != type)
        throw std::logic_error("BOOST_CONCURRENT_FUTURES_REGISTER: '" + name + "' is already registered as " +
                               boost::core::demangle(it->second.type->name()) + ", not as " +
                               boost::core::demangle(type.name()) +
                               "; register one of them under another name with BOOST_CONCURRENT_FUTURES_REGISTER_AS");
    // One name may have several addresses (a static function in a header).
    impl_->by_address.emplace(address, &it->second);
}

const registered_function* function_registry::find(std::string_view name) const
{
    std::shared_lock<std::shared_mutex> lock(impl_->mutex);
    auto it = impl_->by_name.find(name);
    return it == impl_->by_name.end() ? nullptr : &it->second;
}

const registered_function* function_registry::find(erased_function address) const
{
    std::shared_lock<std::shared_mutex> lock(impl_->mutex);
    auto it = impl_->by_address.find(address);
    return it == impl_->by_address.end() ? nullptr : it->second;
}

// --- exceptions ------------------------------------------------------------------------

struct exception_registry::impl
{
    mutable std::shared_mutex mutex;
    std::map<std::string, exception_factory, std::less<>> factories;
};

namespace {

std::exception_ptr make_bad_alloc(const std::string&)
{
    return std::make_exception_ptr(std::bad_alloc());
}

} // namespace

exception_registry::exception_registry() : impl_(new impl)
{
    // The standard exceptions that carry their message, and this library's.
    auto& f = impl_->factories;
    f[type_name<std::runtime_error>()] = &make_registered_exception<std::runtime_error>;
    f[type_name<std::logic_error>()] = &make_registered_exception<std::logic_error>;
    f[type_name<std::invalid_argument>()] = &make_registered_exception<std::invalid_argument>;
    f[type_name<std::domain_error>()] = &make_registered_exception<std::domain_error>;
    f[type_name<std::length_error>()] = &make_registered_exception<std::length_error>;
    f[type_name<std::out_of_range>()] = &make_registered_exception<std::out_of_range>;
    f[type_name<std::range_error>()] = &make_registered_exception<std::range_error>;
    f[type_name<std::overflow_error>()] = &make_registered_exception<std::overflow_error>;
    f[type_name<std::underflow_error>()] = &make_registered_exception<std::underflow_error>;
    f[type_name<std::bad_alloc>()] = &make_bad_alloc;
    f[type_name<cancelled_error>()] = &make_registered_exception<cancelled_error>;
    f[type_name<timeout_error>()] = &make_registered_exception<timeout_error>;
    f[type_name<invalid_state_error>()] = &make_registered_exception<invalid_state_error>;
    f[type_name<broken_executor>()] = &make_registered_exception<broken_executor>;
    f[type_name<broken_thread_pool>()] = &make_registered_exception<broken_thread_pool>;
    f[type_name<broken_process_pool>()] = &make_registered_exception<broken_process_pool>;
}

exception_registry& exception_registry::instance()
{
    static exception_registry* registry = new exception_registry;
    return *registry;
}

void exception_registry::add(const std::string& type_name, exception_factory make)
{
    std::unique_lock<std::shared_mutex> lock(impl_->mutex);
    impl_->factories[type_name] = make;
}

exception_factory exception_registry::find(std::string_view type_name) const
{
    std::shared_lock<std::shared_mutex> lock(impl_->mutex);
    auto it = impl_->factories.find(type_name);
    return it == impl_->factories.end() ? nullptr : it->second;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
