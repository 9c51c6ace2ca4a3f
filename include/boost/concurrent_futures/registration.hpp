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

/// Registers `fn` (a plain function, or a function pointer expression) under
/// the name `#fn`.
#define BOOST_CONCURRENT_FUTURES_REGISTER(fn) BOOST_CONCURRENT_FUTURES_REGISTER_AS(#fn, fn)

/// Registers `fn` under an explicit name (e.g. for an overload, or when a
/// dedicated worker program registers it under a different spelling).
#define BOOST_CONCURRENT_FUTURES_REGISTER_AS(name, fn)                                                                 \
    [[maybe_unused]] static const bool BOOST_PP_CAT(boost_concurrent_futures_registered_function_, __COUNTER__) =      \
        ::boost::concurrent_futures::detail::register_function(name, fn)

/// Registers an exception type (constructible from its what() string), so a
/// worker's exception of that type is rethrown as itself in the parent.
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

// The registered entry for `fn`; std::invalid_argument naming the macro if none.
template <class F>
const registered_function& lookup_registered(const char* where, F fn)
{
    const registered_function* reg = function_registry::instance().find(reinterpret_cast<erased_function>(fn));
    if (!reg)
        throw_unregistered(where);
    return *reg;
}

template <class F>
using parameters_t = typename function_traits<std::decay_t<F>>::parameters;

// Several calls' arguments (already converted to the parameter types) in one archive.
template <class... Ts>
std::string serialize_calls(const std::vector<std::tuple<Ts...>>& calls)
{
    std::string out;
    if constexpr (sizeof...(Ts) > 0)
    {
        string_sink sink(out);
        oarchive_for<Ts...> archive(sink, archive_flags);
        for (const auto& call : calls)
            std::apply([&](const auto&... v) { ((archive << v), ...); }, call);
    }
    return out;
}

// The arguments converted to the function's parameter types (so the worker
// reads exactly those) and serialized.
template <class F, class... Args>
std::string serialize_arguments(Args&&... args)
{
    using parameters = typename function_traits<std::decay_t<F>>::parameters;
    return [&]<std::size_t... I>(std::index_sequence<I...>)
    {
        if constexpr (sizeof...(I) == 0)
            return std::string();
        else
            return save_values(std::tuple_element_t<I, parameters>(std::forward<Args>(args))...);
    }
    (std::index_sequence_for<Args...>{});
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
    /// No call.
    registered_call() = default;

    // Implicit, so options read like Python's keyword arguments.
    template <class F, class... Args>
    requires(!std::is_same_v<std::decay_t<F>, registered_call>)
    registered_call(F fn, Args&&... args)
    {
        detail::check_call_arguments<F, Args...>();
        function_ = detail::lookup_registered("registered_call", fn).name;
        arguments_ = detail::serialize_arguments<F>(std::forward<Args>(args)...);
    }

    explicit operator bool() const noexcept { return !function_.empty(); }

    /// The registered name.
    const std::string& function() const noexcept { return function_; }

    /// The serialized arguments.
    const std::string& arguments() const noexcept { return arguments_; }

private:
    std::string function_;
    std::string arguments_;
};

} // namespace concurrent_futures
} // namespace boost

#endif
