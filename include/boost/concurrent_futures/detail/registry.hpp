//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_REGISTRY_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_REGISTRY_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/serialization.hpp>
#include <boost/concurrent_futures/detail/type_name.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {

// --- registered functions -------------------------------------------------------

using erased_function = void (*)();

// The worker's side of `count` calls of one function (one for submit(),
// more for a map chunk): reads their arguments from one archive, calls, and
// writes the results into one archive, into `results` (a payload_sink: large
// results go straight into shared memory). Throws call_stage_error for the
// reading and writing, and lets whatever the function throws through.
using call_trampoline = void (*)(erased_function fn, std::string_view arguments, std::uint32_t count,
                                 std::streambuf& results);

// Marks an exception thrown while reading arguments or writing a result, as
// opposed to one the function threw. Thrown by the user's trampoline, caught
// in lib/worker.cpp: visible, so both sides see one type.
class BOOST_SYMBOL_VISIBLE call_stage_error : public std::runtime_error
{
public:
    enum stage_type
    {
        reading_arguments,
        writing_result
    };

    call_stage_error(stage_type stage, std::string type_name, const std::string& what)
        : std::runtime_error(what), stage_(stage), type_name_(std::move(type_name))
    {
    }

    stage_type stage() const noexcept { return stage_; }
    const std::string& type_name() const noexcept { return type_name_; }

private:
    stage_type stage_;
    std::string type_name_;
};

// What one name stands for. Immutable once handed out.
struct registered_function
{
    std::string name; // what the parent sends, and what messages call it
    erased_function address = nullptr;
    call_trampoline call = nullptr;
    const std::type_info* type = nullptr;
    // Not empty: the name stands for several functions and must not be used;
    // says which and where (and call is null).
    std::string clash;
};

// One BOOST_CONCURRENT_FUTURES_REGISTER(_AS) in one translation unit.
struct function_registration
{
    const char* explicit_name; // REGISTER_AS's; null: derived from the next two
    const char* signature;     // function_signature<fn>(): names the function
    const char* parameters;    // typeid(void(P...)).name()
    erased_function address;
    call_trampoline call;
    const std::type_info* type;
    const char* file; // where the macro is
    int line;
};

// Process-wide; filled by BOOST_CONCURRENT_FUTURES_REGISTER during static
// initialization, read by submit() and by the worker loop. The rules are in
// registration.hpp.
class BOOST_CONCURRENT_FUTURES_DECL function_registry
{
public:
    static function_registry& instance();

    // Never throws for a clash: the clashing name's entry says so, and using
    // it is the error (a clash found during static initialization would
    // otherwise end the program before main).
    void add(const function_registration& r);

    // Null if unknown. The entries live as long as the process; check clash.
    const registered_function* find(std::string_view name) const;
    const registered_function* find(erased_function address) const;

private:
    function_registry();
    struct impl;
    impl* impl_;
};

// The compiler's description of this function, which names `F` with its
// qualified name ("... [with auto F = audio::process]").
template <auto F>
const char* function_signature() noexcept
{
#if defined(_MSC_VER)
    return __FUNCSIG__;
#else
    return __PRETTY_FUNCTION__;
#endif
}

template <class F>
struct function_traits;

template <class R, class... P>
struct function_traits<R (*)(P...)>
{
    using result = R;
    using parameters = std::tuple<std::decay_t<P>...>;
    static constexpr std::size_t arity = sizeof...(P);
    template <std::size_t I>
    using parameter = std::tuple_element_t<I, std::tuple<P...>>;
};

template <class R, class... P>
struct function_traits<R (*)(P...) noexcept> : function_traits<R (*)(P...)>
{
};

template <class F>
concept registrable_function = requires
{
    typename function_traits<std::decay_t<F>>::result;
};

template <class R, class... P, std::size_t... I>
R call_with(R (*fn)(P...), std::tuple<std::decay_t<P>...>& values, std::index_sequence<I...>)
{
    // static_cast<P&&> hands each value over as the parameter wants it: moved
    // into by-value and rvalue parameters, bound to reference ones.
    return fn(static_cast<P&&>(std::get<I>(values))...);
}

// Runs `step`, reporting a failure as happening at `stage`.
template <class Step>
void at_stage(call_stage_error::stage_type stage, Step&& step)
{
    try
    {
        step();
    }
    catch (const std::exception& e)
    {
        throw call_stage_error(stage, exception_type_name(std::current_exception()), e.what());
    }
}

template <class R, class... P>
void call_trampoline_for(erased_function erased, std::string_view arguments, std::uint32_t count,
                         std::streambuf& sink)
{
    auto fn = reinterpret_cast<R (*)(P...)>(erased);
    constexpr auto reading = call_stage_error::reading_arguments;
    constexpr auto writing = call_stage_error::writing_result;
    view_source source(arguments);
    // One archive each way for all the calls: constructing one costs far more
    // than reading or writing a few values.
    std::optional<iarchive_for<std::decay_t<P>...>> in;
    std::optional<oarchive_for<R>> out;
    if constexpr (sizeof...(P) > 0)
        at_stage(reading, [&] { in.emplace(source, archive_flags); });
    if constexpr (!std::is_void_v<R>)
        at_stage(writing, [&] { out.emplace(sink, archive_flags); });
    for (std::uint32_t i = 0; i < count; ++i)
    {
        std::tuple<std::decay_t<P>...> values;
        if constexpr (sizeof...(P) > 0)
            at_stage(reading, [&] { std::apply([&](auto&... v) { ((*in >> v), ...); }, values); });
        if constexpr (std::is_void_v<R>)
            call_with(fn, values, std::index_sequence_for<P...>{});
        else
        {
            R value = call_with(fn, values, std::index_sequence_for<P...>{});
            at_stage(writing, [&] { *out << value; });
        }
    }
    at_stage(reading, [&] {
        if (source.remaining() != 0)
            throw std::runtime_error(std::to_string(source.remaining()) +
                                     " bytes of arguments left over (the two processes disagree on the types)");
    });
}

template <class R, class... P>
bool add_function(R (*fn)(P...), const char* name, const char* signature, const char* file, int line)
{
    static_assert(std::is_void_v<R> || std::is_default_constructible_v<R>,
                  "BOOST_CONCURRENT_FUTURES_REGISTER: the result type must be default-constructible "
                  "(the parent reads it into a default-constructed value)");
    static_assert((std::is_default_constructible_v<std::decay_t<P>> && ...),
                  "BOOST_CONCURRENT_FUTURES_REGISTER: every parameter type must be default-constructible "
                  "(the worker reads arguments into default-constructed values)");
    function_registry::instance().add(
        function_registration{name, signature, typeid(void(P...)).name(), reinterpret_cast<erased_function>(fn),
                              &call_trampoline_for<R, P...>, &typeid(R(P...)), file, line});
    return true;
}

template <class R, class... P>
bool add_function(R (*fn)(P...) noexcept, const char* name, const char* signature, const char* file, int line)
{
    return add_function(reinterpret_cast<R (*)(P...)>(fn), name, signature, file, line);
}

// What BOOST_CONCURRENT_FUTURES_REGISTER(_AS) expands to: `name` is null
// unless given.
template <auto F>
bool register_function(const char* name, const char* file, int line)
{
    static_assert(registrable_function<decltype(F)>,
                  "BOOST_CONCURRENT_FUTURES_REGISTER: pass a function (or a cast selecting one overload)");
    return add_function(F, name, function_signature<F>(), file, line);
}

// --- registered exception types -------------------------------------------------

using exception_factory = std::exception_ptr (*)(const std::string& what);

class BOOST_CONCURRENT_FUTURES_DECL exception_registry
{
public:
    static exception_registry& instance();

    void add(const std::string& type_name, exception_factory make);

    // Null if the type is not registered.
    exception_factory find(std::string_view type_name) const;

private:
    exception_registry();
    struct impl;
    impl* impl_;
};

template <class E>
std::exception_ptr make_registered_exception(const std::string& what)
{
    return std::make_exception_ptr(E(what));
}

template <class E>
bool register_exception()
{
    static_assert(std::is_constructible_v<E, const std::string&>,
                  "BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION(T): T must be constructible from its what() string");
    exception_registry::instance().add(type_name<E>(), &make_registered_exception<E>);
    return true;
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
