//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Registered functions are told apart by their qualified names and
// parameter types (and internal-linkage ones by their files); one name for
// two different functions is an error naming both, never one run for the
// other.

#define BOOST_TEST_MODULE registry
#include "process_test_support.hpp"

#include "registry_units.hpp"

using namespace test_support;

// Same name and type, two namespaces, each registered unqualified inside it.
namespace audio {
int process(int x)
{
    return x + 1000;
}
BOOST_CONCURRENT_FUTURES_REGISTER(process);
} // namespace audio

namespace images {
int process(int x)
{
    return x + 2000;
}
BOOST_CONCURRENT_FUTURES_REGISTER(process);
} // namespace images

// Overloads: one name, two types.
int scaled(int x)
{
    return x * 10;
}
double scaled(double x)
{
    return x / 10;
}
BOOST_CONCURRENT_FUTURES_REGISTER(static_cast<int (*)(int)>(scaled));
BOOST_CONCURRENT_FUTURES_REGISTER(static_cast<double (*)(double)>(scaled));

// A true clash: one explicit name for two different functions.
int first_of_a_clash(int x)
{
    return x + 1;
}
int second_of_a_clash(int x)
{
    return x + 2;
}
BOOST_CONCURRENT_FUTURES_REGISTER_AS("one name", first_of_a_clash);
BOOST_CONCURRENT_FUTURES_REGISTER_AS("one name", second_of_a_clash);

// ... and one explicit name for two types.
int typed_int(int x)
{
    return x;
}
double typed_double(double x)
{
    return x;
}
BOOST_CONCURRENT_FUTURES_REGISTER_AS("one name, two types", typed_int);
BOOST_CONCURRENT_FUTURES_REGISTER_AS("one name, two types", typed_double);

// One function registered twice (two headers, or the same macro seen twice) is fine.
int twice_registered(int x)
{
    return -x;
}
BOOST_CONCURRENT_FUTURES_REGISTER(twice_registered);
BOOST_CONCURRENT_FUTURES_REGISTER(::twice_registered);

BOOST_CONCURRENT_FUTURES_TEST_MAIN()

BOOST_AUTO_TEST_CASE(same_name_in_two_namespaces)
{
    cf::process_pool_executor pool(1);
    BOOST_TEST(pool.submit(audio::process, 2).result(long_timeout) == 1002);
    BOOST_TEST(pool.submit(images::process, 2).result(long_timeout) == 2002);
    BOOST_TEST(cf::detail::lookup_registered("test", audio::process).name == "audio::process(int)");
    BOOST_TEST(cf::detail::lookup_registered("test", images::process).name == "images::process(int)");
}

BOOST_AUTO_TEST_CASE(internal_linkage_functions_of_one_name_in_two_files)
{
    cf::process_pool_executor pool(1);
    BOOST_TEST(registry_units::unit_a_helper(pool, 2).result(long_timeout) == 102);
    BOOST_TEST(registry_units::unit_b_helper(pool, 2).result(long_timeout) == 202);
    BOOST_TEST(registry_units::unit_a_static_helper(pool, 5).result(long_timeout) == 10);
    BOOST_TEST(registry_units::unit_b_static_helper(pool, 5).result(long_timeout) == 15);
    // Told apart by the files that register them.
    const std::string a = registry_units::unit_a_helper_name();
    const std::string b = registry_units::unit_b_helper_name();
    BOOST_TEST(a == "(anonymous namespace)::helper(int) in registry_unit_a.cpp");
    BOOST_TEST(b == "(anonymous namespace)::helper(int) in registry_unit_b.cpp");
    // A worker asked for the plain name cannot choose: an error naming both.
    const auto* plain = cf::detail::function_registry::instance().find("(anonymous namespace)::helper(int)");
    BOOST_REQUIRE(plain);
    BOOST_TEST(contains(plain->clash, "registry_unit_a.cpp:"), plain->clash);
    BOOST_TEST(contains(plain->clash, "registry_unit_b.cpp:"), plain->clash);
}

BOOST_AUTO_TEST_CASE(overloads)
{
    cf::process_pool_executor pool(1);
    BOOST_TEST(pool.submit(static_cast<int (*)(int)>(scaled), 3).result(long_timeout) == 30);
    BOOST_TEST(pool.submit(static_cast<double (*)(double)>(scaled), 3.0).result(long_timeout) == 0.3);
}

BOOST_AUTO_TEST_CASE(one_name_for_two_functions_is_an_error_naming_both)
{
    cf::process_pool_executor pool(1);
    for (auto fn : {first_of_a_clash, second_of_a_clash})
    {
        const std::string what = error_of([&] { pool.submit(fn, 1); });
        BOOST_TEST(contains(what, "'one name'"), what);
        BOOST_TEST(contains(what, "test_registry.cpp:58"), what);
        BOOST_TEST(contains(what, "test_registry.cpp:59"), what);
        BOOST_TEST(contains(what, "BOOST_CONCURRENT_FUTURES_REGISTER_AS"), what);
        BOOST_CHECK_THROW(pool.submit(fn, 1), std::invalid_argument);
    }
    const std::string what = error_of([&] { pool.submit(typed_int, 1); });
    BOOST_TEST(contains(what, "'one name, two types'"), what);
    BOOST_TEST(contains(what, "int (int)"), what);
    BOOST_TEST(contains(what, "double (double)"), what);
    BOOST_CHECK_THROW(pool.submit(typed_double, 1.0), std::invalid_argument);
    // The worker refuses the name too.
    const auto* entry = cf::detail::function_registry::instance().find("one name");
    BOOST_REQUIRE(entry);
    BOOST_TEST(!entry->clash.empty());
}

BOOST_AUTO_TEST_CASE(one_function_registered_twice)
{
    cf::process_pool_executor pool(1);
    BOOST_TEST(pool.submit(twice_registered, 4).result(long_timeout) == -4);
}
