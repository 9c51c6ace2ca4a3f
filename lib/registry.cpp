//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The registries of functions (by name and by address, with the naming rules
// of registration.hpp) and of exception types (by type name).

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/errors.hpp>

#include <boost/core/demangle.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <new>
#include <set>
#include <shared_mutex>
#include <string_view>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

// --- functions ----------------------------------------------------------------------

namespace {

// "audio::process(int)": the qualified name the compiler gives F in
// function_signature<F>() (GCC: "[with auto F = audio::process]", Clang:
// "[F = &audio::process]"), spelt the same for both, and the parameter types.
// Template arguments are left out: Clang does not show them.
std::string derived_name(const char* signature, const char* parameters)
{
    const std::string_view text(signature);
    std::string name;
    const auto open = text.rfind('['), at = text.find("F = ", open == std::string_view::npos ? 0 : open);
    const auto close = text.rfind(']');
    if (at != std::string_view::npos && close != std::string_view::npos && close > at)
        name = text.substr(at + 4, close - at - 4);
    else
        name = text; // another compiler: its whole description
    if (!name.empty() && name.front() == '&')
        name.erase(0, 1);
    for (std::size_t at_anon; (at_anon = name.find("{anonymous}")) != std::string::npos;)
        name.replace(at_anon, 11, "(anonymous namespace)");
    if (!name.empty() && name.back() == '>' && name.find("operator") == std::string::npos)
    {
        int depth = 0;
        for (std::size_t i = name.size(); i-- > 0;)
        {
            depth += name[i] == '>' ? 1 : name[i] == '<' ? -1 : 0;
            if (depth == 0)
            {
                name.erase(i);
                break;
            }
        }
    }
    // "void (int, double)": the parameter list is what follows "void ".
    const std::string list = boost::core::demangle(parameters);
    const auto paren = list.find('(');
    return name + (paren == std::string::npos ? "(" + list + ")" : list.substr(paren));
}

std::string_view file_name(std::string_view path)
{
    const auto slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

struct registration
{
    std::string name; // explicit, or derived from the symbol
    bool derived;
    erased_function address;
    call_trampoline call;
    const std::type_info* type;
    std::string file;
    int line;

    std::string site() const { return file + ":" + std::to_string(line); }
    // Copies of one function: the same one, or one internal-linkage
    // definition registered by one macro in a header seen by several units.
    bool same_function(const registration& o) const
    {
        return address == o.address || (line == o.line && file == o.file);
    }
};

// The registrations of one function.
using function_group = std::vector<const registration*>;

std::string describe_sites(const std::vector<function_group>& functions, bool with_types)
{
    std::string out;
    for (std::size_t i = 0; i < functions.size(); ++i)
    {
        const registration& r = *functions[i].front();
        out += i == 0 ? "" : i + 1 == functions.size() ? " and " : ", ";
        out += r.site();
        if (with_types)
            out += " (" + boost::core::demangle(r.type->name()) + ")";
    }
    return out;
}

} // namespace

struct function_registry::impl
{
    mutable std::shared_mutex mutex;
    // Every registration, by the name it was made under.
    std::map<std::string, std::vector<registration>, std::less<>> registrations;
    // Entries are never changed or freed once published: a later
    // registration that changes what a name means publishes new ones.
    std::deque<registered_function> entries;
    std::map<std::string, const registered_function*, std::less<>> by_name;
    std::unordered_map<erased_function, const registered_function*> by_address;

    const registered_function* publish(registered_function e)
    {
        entries.push_back(std::move(e));
        return &entries.back();
    }

    void map_function(const function_group& fn, const registered_function* entry, bool with_files)
    {
        for (const registration* r : fn)
        {
            by_address[r->address] = entry;
            if (with_files && r->derived)
                by_name[r->name + " in " + std::string(file_name(r->file))] = entry;
        }
    }

    // (Re)decides what `name` means once its registrations changed.
    void settle(const std::string& name)
    {
        const std::vector<registration>& all = registrations[name];
        std::vector<function_group> functions;
        for (const registration& r : all)
        {
            auto same = std::find_if(functions.begin(), functions.end(),
                                     [&](const function_group& f) { return r.same_function(*f.front()); });
            if (same == functions.end())
                functions.push_back({&r});
            else
                same->push_back(&r);
        }
        if (functions.size() == 1)
        {
            const registration& r = *functions.front().front();
            const auto* entry = publish(registered_function{name, r.address, r.call, r.type, {}});
            by_name[name] = entry;
            map_function(functions.front(), entry, true);
            return;
        }
        // Internal-linkage functions of one name and type in several files
        // (static, anonymous namespace): each is known by its file too.
        std::set<std::string_view> files;
        bool by_file = true;
        for (const function_group& f : functions)
            by_file = by_file && f.front()->derived && files.insert(file_name(f.front()->file)).second;
        if (by_file)
        {
            for (const function_group& f : functions)
            {
                const registration& r = *f.front();
                const auto* entry = publish(
                    registered_function{name + " in " + std::string(file_name(r.file)), r.address, r.call, r.type, {}});
                map_function(f, entry, true);
            }
            by_name[name] = publish(registered_function{
                name, nullptr, nullptr, nullptr,
                "'" + name + "' names " + std::to_string(functions.size()) + " functions registered at " +
                    describe_sites(functions, false) +
                    " (internal-linkage functions of one name, told apart by their files); the parent named "
                    "none of the files: register them under names of their own with "
                    "BOOST_CONCURRENT_FUTURES_REGISTER_AS"});
            return;
        }
        bool one_type = true;
        for (const function_group& f : functions)
            one_type = one_type && *f.front()->type == *functions.front().front()->type;
        const auto* clash = publish(
            registered_function{name, nullptr, nullptr, nullptr,
                                "'" + name + "' is registered for " + std::to_string(functions.size()) +
                                    " different functions, at " + describe_sites(functions, !one_type) +
                                    ": one name stands for one function; register one of them under another name with "
                                    "BOOST_CONCURRENT_FUTURES_REGISTER_AS"});
        by_name[name] = clash;
        for (const function_group& f : functions)
            map_function(f, clash, true);
    }
};

function_registry::function_registry() : impl_(new impl) {}

// Never destroyed: registrations and lookups may happen during static
// initialization and destruction of other translation units.
function_registry& function_registry::instance()
{
    static function_registry* registry = new function_registry;
    return *registry;
}

void function_registry::add(const function_registration& r)
{
    registration reg{r.explicit_name ? std::string(r.explicit_name) : derived_name(r.signature, r.parameters),
                     r.explicit_name == nullptr,
                     r.address,
                     r.call,
                     r.type,
                     r.file ? r.file : "",
                     r.line};
    std::unique_lock<std::shared_mutex> lock(impl_->mutex);
    const std::string name = reg.name;
    impl_->registrations[name].push_back(std::move(reg));
    impl_->settle(name);
}

const registered_function* function_registry::find(std::string_view name) const
{
    std::shared_lock<std::shared_mutex> lock(impl_->mutex);
    auto it = impl_->by_name.find(name);
    return it == impl_->by_name.end() ? nullptr : it->second;
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
