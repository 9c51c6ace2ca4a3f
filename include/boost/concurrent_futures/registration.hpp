//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_REGISTRATION_HPP
#define BOOST_CONCURRENT_FUTURES_REGISTRATION_HPP

// Functions cross the process boundary by name. Register each function a
// process pool runs, at namespace scope, in the program (the default worker
// is the program itself, re-executed):
//
//     int square(int x) { return x * x; }
//     BOOST_CONCURRENT_FUTURES_REGISTER(square);
//
// The name is the function's qualified name and parameter types as the
// compiler knows them, however the macro spells it: "square(int)", and
// "audio::process(int)" both for BOOST_CONCURRENT_FUTURES_REGISTER(process)
// inside namespace audio and for (audio::process) outside it. Functions of
// one name in different namespaces are different functions, and so are
// overloads (registered through a cast: static_cast<int (*)(int)>(f)).
// Template arguments are not part of the name (Clang does not show them):
// two specializations with the same parameter types need names of their own.
//
// Internal-linkage functions (static, or in an anonymous namespace) of one
// name and type registered in several files are each known by the file that
// registers them too: "(anonymous namespace)::helper(int) in a.cpp". Copies
// of one such function, registered by one macro in a header, are one function.
//
// One name for two different functions (BOOST_CONCURRENT_FUTURES_REGISTER_AS
// with one name twice; internal-linkage functions of one name in two files
// of the same name) is an error when either is used: submit() throws
// std::invalid_argument naming both registrations (file and line), and a
// worker refuses the name the same way. One never runs in place of another.
//
// A dedicated worker program (process_pool_options::worker_executable)
// registers the same functions, and the names agree when both programs are
// built by GCC or Clang (internal-linkage functions of one name: registered
// from files of the same names). BOOST_CONCURRENT_FUTURES_REGISTER_AS gives a
// name that depends on none of this.
//
// Its parameter and result types must be serializable (see serialization.hpp)
// and default-constructible. Exceptions come back as themselves when their
// type is registered (the standard ones are):
//
//     struct parse_error : std::runtime_error { using std::runtime_error::runtime_error; };
//     BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION(parse_error);
//
// and as cf::remote_error (type name, what(), worker pid) otherwise.

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/serialization.hpp>

#include <boost/preprocessor/cat.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

/// Registers `fn` (a function, or a constant expression naming one, such as
/// a cast selecting an overload) under its qualified name and parameter
/// types, e.g. "audio::process(int)", so that process pools can run it. Use
/// it at namespace scope; it registers during static initialization. Its
/// parameter and result types must be serializable and default-constructible
/// (static_assert). Registering one function again (a header seen by several
/// translation units) is harmless. Never throws: a name that stands for two
/// different functions is reported when used (std::invalid_argument from
/// submit, map or registered_call naming both registrations, file and line;
/// a worker refuses it the same way), and neither ever runs in place of the
/// other.
#define BOOST_CONCURRENT_FUTURES_REGISTER(fn)                                                                          \
    [[maybe_unused]] static const bool BOOST_PP_CAT(boost_concurrent_futures_registered_function_, __COUNTER__) =      \
        ::boost::concurrent_futures::detail::register_function<fn>(nullptr, __FILE__, __LINE__)

/// Registers `fn` under an explicit `name` (a string literal), which then
/// stands for it alone: to keep a name stable when the function moves or is
/// renamed, to tell apart template specializations with the same parameter
/// types, or to match a dedicated worker program built by another compiler.
/// Otherwise as BOOST_CONCURRENT_FUTURES_REGISTER; the same name given to two
/// different functions is the clash described there.
#define BOOST_CONCURRENT_FUTURES_REGISTER_AS(name, fn)                                                                 \
    [[maybe_unused]] static const bool BOOST_PP_CAT(boost_concurrent_futures_registered_function_, __COUNTER__) =      \
        ::boost::concurrent_futures::detail::register_function<fn>(name, __FILE__, __LINE__)

/// Registers an exception type (constructible from its what() string, checked
/// by static_assert), so a worker's exception of exactly that dynamic type is
/// rethrown as itself in the parent, with the worker's what(), instead of as
/// remote_error. Register it in both programs when the worker is a dedicated
/// program. The argument may contain commas (a template). Registered already:
/// std::runtime_error, std::logic_error and their standard subclasses,
/// std::bad_alloc, and cancelled_error, timeout_error, invalid_state_error,
/// broken_executor, broken_thread_pool, broken_process_pool.
#define BOOST_CONCURRENT_FUTURES_REGISTER_EXCEPTION(...)                                                               \
    [[maybe_unused]] static const bool BOOST_PP_CAT(boost_concurrent_futures_registered_exception_, __COUNTER__) =     \
        ::boost::concurrent_futures::detail::register_exception<__VA_ARGS__>()

namespace boost {
namespace concurrent_futures {

namespace detail {

[[noreturn]] inline void throw_unregistered(const char* where)
{
    throw std::invalid_argument(std::string(where) +
                                ": the function is not registered; add BOOST_CONCURRENT_FUTURES_REGISTER(fn) at "
                                "namespace scope in the program (and in the worker program, if there is one)");
}

template <class F, class... Args>
constexpr void check_call_arguments()
{
    static_assert(registrable_function<F>,
                  "process pools run registered functions by name: pass a plain function (not a lambda or a "
                  "function object) registered with BOOST_CONCURRENT_FUTURES_REGISTER");
    if constexpr (registrable_function<F>)
    {
        using traits = function_traits<std::decay_t<F>>;
        static_assert(traits::arity == sizeof...(Args), "the function takes a different number of arguments");
        if constexpr (traits::arity == sizeof...(Args))
        {
            [&]<std::size_t... I>(std::index_sequence<I...>)
            {
                static_assert(
                    (std::is_convertible_v<Args, std::tuple_element_t<I, typename traits::parameters>> && ...),
                    "an argument does not convert to the function's parameter type");
            }
            (std::index_sequence_for<Args...>{});
        }
    }
}

// The registered entry for `fn`; std::invalid_argument naming the macro if
// none, or naming the registrations if its name stands for several.
template <class F>
const registered_function& lookup_registered(const char* where, F fn)
{
    const registered_function* reg = function_registry::instance().find(reinterpret_cast<erased_function>(fn));
    if (!reg)
        throw_unregistered(where);
    if (!reg->clash.empty())
        throw std::invalid_argument(std::string(where) + ": " + reg->clash);
    return *reg;
}

template <class F>
using parameters_t = typename function_traits<std::decay_t<F>>::parameters;

// Several calls' arguments (already converted to the parameter types) in one archive.
template <class... Ts>
void serialize_calls_to(std::streambuf& sink, const std::vector<std::tuple<Ts...>>& calls)
{
    if constexpr (sizeof...(Ts) > 0)
    {
        oarchive_for<Ts...> archive(sink, archive_flags);
        for (const auto& call : calls)
            std::apply([&](const auto&... v) { ((archive << v), ...); }, call);
    }
}

template <class... Ts>
std::string serialize_calls(const std::vector<std::tuple<Ts...>>& calls)
{
    std::string out;
    string_sink sink(out);
    serialize_calls_to(sink, calls);
    return out;
}

// `a` as parameter type P: itself if it is one (no copy of a large value),
// else converted.
template <class P, class A>
decltype(auto) as_parameter(A&& a)
{
    if constexpr (std::is_same_v<std::remove_cvref_t<A>, P>)
        return static_cast<const P&>(a);
    else
        return P(std::forward<A>(a));
}

// The arguments as the function's parameter types (so the worker reads
// exactly those), serialized into `sink`.
template <class F, class... Args>
void serialize_arguments_to(std::streambuf& sink, Args&&... args)
{
    using parameters = typename function_traits<std::decay_t<F>>::parameters;
    [&]<std::size_t... I>(std::index_sequence<I...>)
    {
        if constexpr (sizeof...(I) > 0)
            save_values_to(sink, as_parameter<std::tuple_element_t<I, parameters>>(std::forward<Args>(args))...);
    }
    (std::index_sequence_for<Args...>{});
}

template <class F, class... Args>
std::string serialize_arguments(Args&&... args)
{
    std::string out;
    string_sink sink(out);
    serialize_arguments_to<F>(sink, std::forward<Args>(args)...);
    return out;
}

} // namespace detail

/// A registered function with its arguments, to run in each worker process
/// (process_pool_options::initializer): `.initializer = init`,
/// `.initializer = {init, "config.ini"}` or `cf::registered_call(init, "config.ini")`
/// (Python's initializer and initargs). Checked like submit(): at compile time
/// against the function's parameters, at construction for registration
/// (std::invalid_argument).
class registered_call
{
public:
    /// No call (the option's default: no initializer).
    registered_call() = default;

    /// `fn(args...)`: looks `fn` up in the registry, converts the arguments
    /// to its parameter types and serializes them now. Implicit, so options
    /// read like Python's keyword arguments. Requirements as for
    /// process_pool_executor::submit, checked at compile time. Throws
    /// std::invalid_argument if `fn` is not registered or its name stands
    /// for several functions; what serializing the arguments throws.
    template <class F, class... Args>
    requires(!std::is_same_v<std::decay_t<F>, registered_call>)
    registered_call(F fn, Args&&... args)
    {
        detail::check_call_arguments<F, Args...>();
        function_ = detail::lookup_registered("registered_call", fn).name;
        arguments_ = detail::serialize_arguments<F>(std::forward<Args>(args)...);
    }

    /// True unless default-constructed.
    explicit operator bool() const noexcept { return !function_.empty(); }

    /// The registered name of the function.
    const std::string& function() const noexcept { return function_; }

    /// The serialized arguments (a Boost binary archive, or the library's
    /// direct layout when every parameter is a number, a std::string or a
    /// std::vector of bitwise elements; empty for none).
    const std::string& arguments() const noexcept { return arguments_; }

private:
    std::string function_;
    std::string arguments_;
};

} // namespace concurrent_futures
} // namespace boost

#endif
