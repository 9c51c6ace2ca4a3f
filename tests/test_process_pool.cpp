//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// cf::process_pool_executor: CPython's test_process_pool.py and the executor
// cases (submit, map and chunksize, remote exceptions, killed child,
// max_tasks_per_child, idle reuse, saturation, initializers, shutdown,
// terminate/kill_workers), plus resources: no zombie, no leaked descriptor.

#define BOOST_TEST_MODULE process_pool
#include "process_test_support.hpp"

#include <boost/asio/use_future.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <regex>
#include <set>

using namespace test_support;

// A bitwise element type of the user's: vectors of it travel as one block.
struct rgb
{
    float r, g, b;
    bool operator==(const rgb&) const = default;
};
BOOST_IS_BITWISE_SERIALIZABLE(rgb)

// One that can be neither default-constructed nor assigned: read by construction.
struct tagged_weight
{
    const int tag;
    float weight;
    bool operator==(const tagged_weight& o) const { return tag == o.tag && weight == o.weight; }
};
BOOST_IS_BITWISE_SERIALIZABLE(tagged_weight)

BOOST_CONCURRENT_FUTURES_TEST_MAIN()

BOOST_AUTO_TEST_SUITE(submit)

BOOST_AUTO_TEST_CASE(results_of_registered_functions)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42);
        BOOST_TEST(pool.submit(pf::power, 2, 10).result(long_timeout) == 1024);
        BOOST_TEST(pool.submit(pf::echo, std::string("hello")).result(long_timeout) == "hello");
        BOOST_TEST(pool.submit(pf::echo, "converted from const char*").result(long_timeout) ==
                   "converted from const char*");
        BOOST_TEST(pool.submit(pf::no_arguments).result(long_timeout) == 7);
        pool.submit(pf::sleep_ms, 1).result(long_timeout); // void
        const long worker = pool.submit(pf::current_pid).result(long_timeout);
        BOOST_TEST(worker != static_cast<long>(::getpid()));
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(standard_containers_travel)
{
    cf::process_pool_executor pool(1);
    auto out = pool.submit(pf::containers, std::vector<int>{1, 2, 3}, std::tuple<int, std::string>{9, "key"},
                           std::optional<double>(4.5), std::variant<int, std::string>(std::string("s")))
                   .result(long_timeout);
    BOOST_TEST((out["key"] == std::vector<int>{1, 2, 3}));
    BOOST_TEST((out["tuple"] == std::vector<int>{9}));
    BOOST_TEST((out["optional"] == std::vector<int>{4}));
    BOOST_TEST((out["variant"] == std::vector<int>{1}));
}

// Arithmetic payloads skip the archive; their bytes must stay exactly what a
// Boost binary archive writes, so either side may use either path.
BOOST_AUTO_TEST_CASE(arithmetic_values_travel_as_boost_archives_write_them)
{
    const char c = 'a';
    const bool b = true;
    const long double x = 0.25L;
    const unsigned long long n = 1ULL << 40;
    const float f = -1.5f;
    const signed char s = -3;
    std::string boost_bytes;
    {
        cf::detail::string_sink sink(boost_bytes);
        boost::archive::binary_oarchive archive(sink, cf::detail::archive_flags);
        archive << c << b << x << n << f << s;
    }
    const std::string ours = cf::detail::save_values(c, b, x, n, f, s);
    BOOST_TEST(ours == boost_bytes);
    char c2 = 0;
    bool b2 = false;
    long double x2 = 0;
    unsigned long long n2 = 0;
    float f2 = 0;
    signed char s2 = 0;
    cf::detail::load_values(boost_bytes, c2, b2, x2, n2, f2, s2);
    BOOST_TEST((c2 == c && b2 == b && x2 == x && n2 == n && f2 == f && s2 == s));
    // Too few bytes, too many, and a bool that is neither 0 nor 1 are errors.
    BOOST_CHECK_THROW(cf::detail::load_values(boost_bytes.substr(1), c2, b2, x2, n2, f2, s2), std::exception);
    BOOST_CHECK_THROW(cf::detail::load_values(boost_bytes + "x", c2, b2, x2, n2, f2, s2), std::runtime_error);
    BOOST_CHECK_THROW(cf::detail::load_values(std::string("\x02"), b2), std::runtime_error);

    cf::process_pool_executor pool(1);
    const long double expected = 97 + 1000 + 0.25L + static_cast<long double>(1ULL << 40) - 1.5f - 3;
    BOOST_TEST(pool.submit(pf::arithmetic_mix, c, b, x, n, f, s).result(long_timeout) == expected);
    const auto chunked =
        pool.map(pf::arithmetic_mix, std::vector<char>(10, 'a'), std::vector<bool>(10, true),
                 std::vector<long double>(10, x), std::vector<unsigned long long>(10, n), std::vector<float>(10, f),
                 std::vector<signed char>(10, s), cf::map_options{.chunksize = 4})
            .to_vector();
    BOOST_TEST(chunked.size() == 10u);
    for (long double v : chunked)
        BOOST_TEST(v == expected);
}

// Strings and vectors of bitwise elements skip the Boost archive too, read
// without zero-filling first: a string's bytes stay a Boost archive's; a
// vector's elements start aligned wherever the reader sees the payload at
// the writer's alignment (as in a shared memory region), and are read
// elsewhere too; sizes or padding that do not fit the bytes are errors.
BOOST_AUTO_TEST_CASE(strings_and_vectors_travel_as_blocks)
{
    namespace d = cf::detail;
    static_assert(d::all_direct<std::string, std::vector<double>, int, std::vector<rgb>, std::vector<char>,
                                std::vector<tagged_weight>>);
    static_assert(!d::all_direct<std::vector<bool>>);
    static_assert(!d::all_direct<std::vector<std::string>>);
    static_assert(!d::all_direct<std::string, std::pair<int, int>>);

    const std::string text("a\0string", 8);
    std::string boost_bytes;
    {
        d::string_sink sink(boost_bytes);
        boost::archive::binary_oarchive archive(sink, d::archive_flags);
        archive << text;
    }
    BOOST_TEST(d::save_values(text) == boost_bytes);

    const std::vector<long double> reals{0.5L, -2.25L, 1e300L};
    const std::vector<rgb> pixels{{1, 2, 3}, {4, 5, 6}};
    const std::vector<char> chars{'x', 'y'};
    const std::vector<tagged_weight> weights{{1, 0.5f}, {2, 0.25f}};
    for (std::size_t lead = 0; lead < 16; ++lead)
    {
        // `lead` bytes ahead of the values, as a call's head is.
        std::string bytes(lead, 'h');
        d::string_sink sink(bytes);
        d::save_values_to(sink, text, reals, pixels, chars, weights);
        const std::size_t pad_at = lead + 8 + text.size() + 8; // after the string and the count
        const auto pad = static_cast<unsigned char>(bytes[pad_at]);
        BOOST_TEST(pad < alignof(long double));
        BOOST_TEST((pad_at + 1 + pad) % alignof(long double) == 0u, "lead " << lead);
        for (std::size_t shift : {0, 1, 8})
        {
            std::vector<long double> storage(bytes.size() / sizeof(long double) + 2);
            char* base = reinterpret_cast<char*>(storage.data()) + shift;
            std::memcpy(base, bytes.data(), bytes.size());
            std::string text2;
            std::vector<long double> reals2;
            std::vector<rgb> pixels2;
            std::vector<char> chars2;
            std::vector<tagged_weight> weights2;
            d::load_values(std::string_view(base + lead, bytes.size() - lead), text2, reals2, pixels2, chars2,
                           weights2);
            BOOST_TEST((text2 == text && reals2 == reals && pixels2 == pixels && chars2 == chars &&
                        weights2 == weights),
                       "lead " << lead << ", shift " << shift);
        }
    }

    const auto fails_saying = [](std::string bytes, const std::string& words) {
        std::vector<long double> out;
        try
        {
            d::load_values(bytes, out);
        }
        catch (const std::exception& e)
        {
            BOOST_TEST(contains(e.what(), words), e.what());
            return;
        }
        BOOST_ERROR("no error for " << words);
    };
    const std::string good = d::save_values(reals);
    std::string bad = good;
    bad[8] = static_cast<char>(alignof(long double));
    fails_saying(bad, "bytes of padding ahead of elements aligned to");
    bad = good;
    bad[0] = 100;
    fails_saying(bad, "a vector of 100 elements");
    fails_saying(good.substr(0, good.size() - 1), "a vector of 3 elements");
    std::string cut = d::save_values(text);
    cut.pop_back();
    std::string text2;
    BOOST_CHECK_EXCEPTION(d::load_values(cut, text2), std::runtime_error, [](const std::runtime_error& e) {
        return contains(e.what(), "a string of 8 bytes, but only 7 bytes left");
    });
    std::vector<long double> reals2;
    BOOST_CHECK_THROW(d::load_values(good + "x", reals2), std::runtime_error); // left over
}

BOOST_AUTO_TEST_CASE(unregistered_function_is_refused_at_submit)
{
    cf::process_pool_executor pool(1);
    struct local
    {
        static int not_registered(int x) { return x; }
    };
    const std::string what = error_of([&] { pool.submit(&local::not_registered, 1); });
    BOOST_TEST(contains(what, "not registered"));
    BOOST_TEST(contains(what, "BOOST_CONCURRENT_FUTURES_REGISTER"));
}

BOOST_AUTO_TEST_CASE(large_payloads_both_ways)
{
    // Far larger than a pipe's buffer, in both directions.
    cf::process_pool_executor pool(2);
    const std::string big(3 * 1024 * 1024 + 17, 'a');
    BOOST_TEST(pool.submit(pf::big_argument, big).result(long_timeout) == big.size());
    BOOST_TEST(pool.submit(pf::big_result, std::size_t(5 * 1024 * 1024)).result(long_timeout).size() ==
               5u * 1024 * 1024);
}

// An exception whose message is over the limit fails its own future as
// itself, its message cut short; the pool goes on.
BOOST_AUTO_TEST_CASE(exception_message_too_large_for_a_message_fails_only_its_own_future)
{
    namespace wire = cf::detail::wire;
    cf::process_pool_executor pool(1);
    auto f = pool.submit(pf::raise_long_message, wire::default_max_payload + std::size_t(1));
    BOOST_CHECK_THROW(f.result(long_timeout), std::runtime_error);
    const std::string what = error_of([&] { f.result(long_timeout); });
    BOOST_TEST(what.size() < 100u * 1024, what.size() << " bytes");
    BOOST_TEST(what.substr(0, 1000) == std::string(1000, 'm'));
    BOOST_TEST(contains(what, "cut short: the message was 1073741825 bytes"),
               what.substr(what.size() - std::min<std::size_t>(what.size(), 300)));
    BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42);
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_CASE(workers_may_print)
{
    cf::process_pool_executor pool(1);
    BOOST_TEST(pool.submit(pf::print_a_lot, 200).result(long_timeout) == "printed");
    BOOST_TEST(pool.submit(pf::mul, 2, 3).result(long_timeout) == 6);
}

BOOST_AUTO_TEST_CASE(many_tasks_from_many_threads)
{
    cf::process_pool_executor pool(2);
    std::vector<std::thread> submitters;
    std::atomic<long long> sum{0};
    for (int t = 0; t < 4; ++t)
        submitters.emplace_back([&, t] {
            std::vector<cf::future<int>> fs;
            for (int i = 0; i < 500; ++i)
                fs.push_back(pool.submit(pf::mul, i, t));
            for (auto& f : fs)
                sum += f.result(long_timeout);
        });
    for (auto& s : submitters)
        s.join();
    BOOST_TEST(sum.load() == 499LL * 500 / 2 * (0 + 1 + 2 + 3));
}

BOOST_AUTO_TEST_CASE(async_submit_and_async_get)
{
    cf::process_pool_executor pool(1);
    auto f = pool.submit(pf::mul, 3, 3).async_get(boost::asio::use_future);
    BOOST_REQUIRE(f.wait_for(long_timeout) == std::future_status::ready);
    BOOST_TEST(f.get() == 9);
    auto g = cf::async_submit(pool, pf::no_arguments, boost::asio::use_future);
    BOOST_REQUIRE(g.wait_for(long_timeout) == std::future_status::ready);
    BOOST_TEST(g.get() == 7);
}

BOOST_AUTO_TEST_CASE(tasks_not_handed_out_stay_cancellable)
{
    // At most max_workers + 1 tasks are handed to workers (CPython's
    // EXTRA_QUEUED_CALLS): the rest wait in the parent, PENDING and cancellable.
    cf::process_pool_executor pool(2);
    go_file go;
    std::vector<cf::future<bool>> fs;
    for (int i = 0; i < 12; ++i)
        fs.push_back(pool.submit(pf::wait_for_file, go.path, 30000));
    BOOST_TEST(
        eventually([&] { return std::count_if(fs.begin(), fs.end(), [](auto& f) { return f.running(); }) == 3; }));
    std::size_t cancelled = 0;
    for (auto& f : fs)
        cancelled += f.cancel();
    BOOST_TEST(cancelled == 9u);
    go.touch();
    for (auto& f : fs)
    {
        if (f.cancelled())
            BOOST_CHECK_THROW(f.result(long_timeout), cf::cancelled_error);
        else
            BOOST_TEST(f.result(long_timeout));
    }
    // The cancelled ones were noticed and never sent.
    BOOST_TEST(cf::wait(fs, long_timeout).not_done.empty());
}

BOOST_AUTO_TEST_CASE(without_pidfd_open)
{
    // Kernels before 5.3 have no pidfd_open: exits are noticed from the pipes.
    struct pidfd_disabled
    {
        const char* name = "BOOST_CONCURRENT_FUTURES_DISABLE_PIDFD";
        const char* before = std::getenv(name);
        std::string saved = before ? before : "";
        pidfd_disabled() { ::setenv(name, "1", 1); }
        ~pidfd_disabled() { before ? ::setenv(name, saved.c_str(), 1) : ::unsetenv(name); }
    } const without_pidfd;
    resource_check resources;
    {
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 2, .max_tasks_per_child = 2});
        for (int i = 0; i < 6; ++i)
            BOOST_TEST(pool.submit(pf::mul, i, 3).result(long_timeout) == 3 * i);
        auto dying = pool.submit(pf::kill_self, SIGKILL);
        const std::string what = error_of([&] { dying.result(long_timeout); });
        BOOST_TEST(contains(what, "killed by signal 9"), what);
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exceptions)

BOOST_AUTO_TEST_CASE(standard_exception_comes_back_as_itself)
{
    cf::process_pool_executor pool(1);
    try
    {
        pool.submit(pf::raise_runtime_error, 123).result(long_timeout);
        BOOST_FAIL("expected runtime_error");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()) == "123");
        BOOST_TEST(dynamic_cast<const cf::remote_error*>(&e) == nullptr);
    }
}

BOOST_AUTO_TEST_CASE(registered_exception_comes_back_as_itself)
{
    cf::process_pool_executor pool(1);
    BOOST_CHECK_THROW(pool.submit(pf::raise_custom_error).result(long_timeout), pf::custom_error);
}

BOOST_AUTO_TEST_CASE(unregistered_exception_is_a_remote_error)
{
    cf::process_pool_executor pool(1);
    const long worker = pool.submit(pf::current_pid).result(long_timeout);
    try
    {
        pool.submit(pf::raise_unregistered_error).result(long_timeout);
        BOOST_FAIL("expected remote_error");
    }
    catch (const cf::remote_error& e)
    {
        BOOST_TEST(e.type_name() == "process_functions::unregistered_error");
        BOOST_TEST(e.message() == "mystery failure");
        BOOST_TEST(e.pid() == worker);
        BOOST_TEST(contains(e.what(), "process_functions::unregistered_error: mystery failure (in worker process"));
    }
    // A non-std exception: its type, no message.
    try
    {
        pool.submit(pf::raise_int).result(long_timeout);
        BOOST_FAIL("expected remote_error");
    }
    catch (const cf::remote_error& e)
    {
        BOOST_TEST(e.type_name() == "int");
    }
    // The pool is fine afterwards.
    BOOST_TEST(pool.submit(pf::mul, 2, 2).result(long_timeout) == 4);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(map)

BOOST_AUTO_TEST_CASE(chunksizes)
{
    cf::process_pool_executor pool(2);
    std::vector<long long> expected;
    for (int i = 0; i < 40; ++i)
        expected.push_back(pf::power(i % 7, i % 5));
    auto bases = std::views::iota(0, 40) | std::views::transform([](int i) { return i % 7; });
    auto exps = std::views::iota(0, 40) | std::views::transform([](int i) { return i % 5; });
    for (std::size_t chunksize : {1u, 6u, 50u, 40u})
        BOOST_TEST(pool.map(pf::power, bases, exps, cf::map_options{.chunksize = chunksize}).to_vector() == expected);
    BOOST_CHECK_THROW(pool.map(pf::power, bases, exps, cf::map_options{.chunksize = 0}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(exception_fails_its_chunk)
{
    cf::process_pool_executor pool(2);
    auto r = pool.map(pf::raise_runtime_error, std::vector{1, 2, 3, 4}, cf::map_options{.chunksize = 2});
    BOOST_CHECK_THROW(r.to_vector(), std::runtime_error);
    BOOST_TEST((r.begin() == r.end()));
}

BOOST_AUTO_TEST_CASE(buffered_on_an_endless_range)
{
    cf::process_pool_executor pool(2);
    auto r =
        pool.map(pf::mul, std::views::iota(0), std::views::iota(0), cf::map_options{.chunksize = 3, .buffersize = 2});
    auto it = r.begin();
    for (int i = 0; i < 10; ++i, ++it)
        BOOST_TEST(*it == i * i);
}

BOOST_AUTO_TEST_CASE(timeout)
{
    cf::process_pool_executor pool(1);
    // The worker is started first, so that the timeout measures only the
    // tasks: starting a process on a loaded machine can take a good part of
    // a second.
    BOOST_TEST(pool.submit(pf::mul, 1, 1).result(long_timeout) == 1);
    std::vector<int> got;
    auto r = pool.map(pf::sleep_then_return, std::vector{0, 0, 30000}, std::vector{1, 2, 3},
                      cf::map_options{.timeout = 1500ms});
    BOOST_CHECK_THROW(
        [&] {
            for (int v : r)
                got.push_back(v);
        }(),
        cf::timeout_error);
    BOOST_TEST((got == std::vector<int>{1, 2}));
    pool.kill_workers(); // do not wait for the last one
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(workers)

BOOST_AUTO_TEST_CASE(max_workers_must_be_positive)
{
    BOOST_CHECK_THROW(cf::process_pool_executor(0), std::invalid_argument);
    BOOST_CHECK_THROW(cf::process_pool_executor(-1), std::invalid_argument);
    BOOST_CHECK_THROW(cf::process_pool_executor(cf::process_pool_options{.max_tasks_per_child = 0}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(cf::process_pool_executor(cf::process_pool_options{.worker_executable = "/nonexistent/worker"}),
                      std::invalid_argument);
    cf::process_pool_executor defaults;
    BOOST_TEST(defaults.max_workers() == std::max(1u, std::thread::hardware_concurrency()));
}

BOOST_AUTO_TEST_CASE(idle_process_reuse_one)
{
    cf::process_pool_executor pool(4);
    BOOST_TEST(pool.worker_pids().empty());
    BOOST_TEST(pool.submit(pf::mul, 21, 2).result(long_timeout) == 42);
    BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42);
    BOOST_TEST(pool.submit(pf::mul, 3, 14).result(long_timeout) == 42);
    BOOST_TEST(pool.worker_pids().size() == 1u);
}

BOOST_AUTO_TEST_CASE(idle_process_reuse_multiple)
{
    cf::process_pool_executor pool(4);
    pool.submit(pf::mul, 12, 7).result(long_timeout);
    pool.submit(pf::mul, 33, 25);
    pool.submit(pf::mul, 25, 26).result(long_timeout);
    pool.submit(pf::mul, 18, 29);
    pool.submit(pf::mul, 1, 2).result(long_timeout);
    pool.submit(pf::mul, 0, 9);
    BOOST_TEST(pool.worker_pids().size() <= 3u);
}

BOOST_AUTO_TEST_CASE(saturation)
{
    cf::process_pool_executor pool(4);
    go_file go;
    std::vector<cf::future<bool>> fs;
    for (int i = 0; i < 15 * 4; ++i)
        fs.push_back(pool.submit(pf::wait_for_file, go.path, 30000));
    BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 4u; }));
    std::this_thread::sleep_for(50ms);
    BOOST_TEST(pool.worker_pids().size() == 4u);
    go.touch();
    for (auto& f : fs)
        BOOST_TEST(f.result(long_timeout));
}

BOOST_AUTO_TEST_CASE(max_tasks_per_child_pids)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 1, .max_tasks_per_child = 3});
        const long original = pool.submit(pf::current_pid).result(long_timeout);
        BOOST_TEST(pool.submit(pf::current_pid).result(long_timeout) == original);
        BOOST_TEST(pool.worker_pids().size() == 1u);
        BOOST_TEST(pool.submit(pf::current_pid).result(long_timeout) == original);
        // A fresh worker, while the old one was reaped.
        const long replacement = pool.submit(pf::current_pid).result(long_timeout);
        BOOST_TEST(replacement != original);
        BOOST_TEST(pool.worker_pids().size() == 1u);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(max_tasks_per_child_with_a_backlog_gh115634)
{
    for (auto [workers, tasks_per_child, tasks] : {std::tuple{1, 2, 6}, std::tuple{2, 2, 8}})
    {
        cf::process_pool_executor pool(
            cf::process_pool_options{.max_workers = static_cast<std::size_t>(workers),
                                     .max_tasks_per_child = static_cast<std::size_t>(tasks_per_child)});
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < tasks; ++i)
            fs.push_back(pool.submit(pf::mul, i, 2));
        for (int i = 0; i < tasks; ++i)
            BOOST_TEST(fs[static_cast<std::size_t>(i)].result(long_timeout) == i * 2);
        pool.shutdown(true, true);
    }
}

BOOST_AUTO_TEST_CASE(dedicated_worker_program)
{
    const std::string program = sibling_program("worker_program");
    cf::process_pool_executor pool(cf::process_pool_options{.max_workers = 2, .worker_executable = program});
    BOOST_TEST(pool.submit(pf::mul, 4, 5).result(long_timeout) == 20);
    const long worker = pool.submit(pf::current_pid).result(long_timeout);
    BOOST_TEST(std::filesystem::read_symlink("/proc/" + std::to_string(worker) + "/exe").filename() ==
               "worker_program");
    // Run by hand, the worker program explains itself.
    BOOST_TEST(WEXITSTATUS(std::system((program + " >/dev/null 2>&1").c_str())) == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(initializer)

BOOST_AUTO_TEST_CASE(runs_in_every_worker)
{
    // Python's initializer=..., initargs=(...) as one braced option.
    cf::process_pool_executor pool(
        cf::process_pool_options{.max_workers = 2, .initializer = {pf::set_init_status, "initialized"}});
    go_file go;
    // Two at once, so both workers start.
    auto a = pool.submit(pf::wait_for_file, go.path, 30000);
    auto b = pool.submit(pf::wait_for_file, go.path, 30000);
    BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 2u; }));
    go.touch();
    a.result(long_timeout);
    b.result(long_timeout);
    for (int i = 0; i < 4; ++i)
        BOOST_TEST(pool.submit(pf::get_init_status).result(long_timeout) == "initialized");
}

BOOST_AUTO_TEST_CASE(registered_call_checks_registration)
{
    struct local
    {
        static void not_registered() {}
    };
    // (void): without it clang reads the statement as a declaration of local::not_registered.
    BOOST_CHECK_THROW((void)cf::registered_call(&local::not_registered), std::invalid_argument);
    BOOST_TEST(!cf::registered_call());
    BOOST_TEST(static_cast<bool>(cf::registered_call(pf::set_init_status, "x")));
}

BOOST_AUTO_TEST_CASE(failing_initializer_breaks_the_pool)
{
    log_capture log;
    resource_check resources;
    {
        cf::process_pool_executor pool(
            cf::process_pool_options{.max_workers = 2, .initializer = pf::failing_initializer});
        try
        {
            auto future = pool.submit(pf::mul, 1, 2);
            BOOST_CHECK_THROW(future.result(long_timeout), cf::broken_process_pool);
        }
        catch (const cf::broken_process_pool&)
        {
        }
        BOOST_TEST(eventually([&] { return pool.broken(); }));
        const std::string what = error_of([&] { pool.submit(pf::mul, 1, 2); });
        BOOST_TEST(contains(what, "the initializer failed in worker process "), what);
        BOOST_TEST(contains(what, "std::invalid_argument: error in initializer"));
    }
    BOOST_TEST(log.contains("CRITICAL: Exception in initializer: std::invalid_argument: error in initializer"));
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(broken_pool)

BOOST_AUTO_TEST_CASE(killed_child)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        go_file never;
        std::vector<cf::future<bool>> fs;
        for (int i = 0; i < 3; ++i)
            fs.push_back(pool.submit(pf::wait_for_file, never.path, 30000));
        BOOST_TEST(eventually([&] { return !pool.worker_pids().empty(); }));
        const long victim = pool.worker_pids().front();
        ::kill(static_cast<pid_t>(victim), SIGKILL);
        for (auto& f : fs)
        {
            const std::string what = error_of([&] { f.result(long_timeout); });
            BOOST_TEST(contains(what, "worker process " + std::to_string(victim) + " was killed by signal 9"), what);
            BOOST_CHECK_THROW(f.result(), cf::broken_process_pool);
        }
        BOOST_TEST(pool.broken());
        BOOST_CHECK_THROW(pool.submit(pf::mul, 2, 8), cf::broken_process_pool);
        BOOST_CHECK_THROW(pool.submit(pf::mul, 2, 8), cf::broken_executor);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(exit_code_in_the_message)
{
    cf::process_pool_executor pool(1);
    const std::string what = error_of([&] { pool.submit(pf::exit_now, 99).result(long_timeout); });
    BOOST_TEST(contains(what, "exited with status 99"), what);
    BOOST_TEST(contains(what, "the process pool is not usable anymore"), what);
}

BOOST_AUTO_TEST_CASE(abort_in_a_task)
{
    cf::process_pool_executor pool(1);
    const std::string what = error_of([&] { pool.submit(pf::abort_now).result(long_timeout); });
    BOOST_TEST(contains(what, "was killed by signal 6 (SIGABRT)"), what);
}

BOOST_AUTO_TEST_CASE(pending_tasks_fail_too)
{
    cf::process_pool_executor pool(1);
    auto dying = pool.submit(pf::kill_self, SIGKILL);
    std::vector<cf::future<int>> queued;
    for (int i = 0; i < 10; ++i)
        queued.push_back(pool.submit(pf::mul, i, i));
    BOOST_CHECK_THROW(dying.result(long_timeout), cf::broken_process_pool);
    for (auto& f : queued)
        BOOST_CHECK_THROW(f.result(long_timeout), cf::broken_process_pool);
}

BOOST_AUTO_TEST_CASE(worker_killed_under_load)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        std::vector<cf::future<int>> fs;
        for (int i = 0; i < 2000; ++i)
            fs.push_back(pool.submit(pf::sleep_then_return, i % 3, i));
        BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 2u; }));
        std::this_thread::sleep_for(30ms);
        ::kill(static_cast<pid_t>(pool.worker_pids().back()), SIGKILL);
        std::size_t ok = 0;
        std::size_t broken = 0;
        for (std::size_t i = 0; i < fs.size(); ++i)
        {
            try
            {
                BOOST_TEST(fs[i].result(long_timeout) == static_cast<int>(i));
                ++ok;
            }
            catch (const cf::broken_process_pool&)
            {
                ++broken;
            }
        }
        BOOST_TEST(ok + broken == fs.size());
        BOOST_TEST(broken > 0u);
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pool_shutdown)

BOOST_AUTO_TEST_CASE(run_after_shutdown)
{
    cf::process_pool_executor pool(1);
    pool.shutdown();
    pool.shutdown(); // idempotent
    BOOST_TEST(error_of([&] { pool.submit(pf::mul, 1, 1); }) == "cannot schedule new futures after shutdown");
}

BOOST_AUTO_TEST_CASE(hang_issue_12364)
{
    cf::process_pool_executor pool(2);
    std::vector<cf::future<void>> fs;
    for (int i = 0; i < 50; ++i)
        fs.push_back(pool.submit(pf::sleep_ms, 5));
    pool.shutdown();
    for (auto& f : fs)
        f.result(0s);
}

BOOST_AUTO_TEST_CASE(cancel_futures)
{
    cf::process_pool_executor pool(2);
    std::vector<cf::future<void>> fs;
    for (int i = 0; i < 50; ++i)
        fs.push_back(pool.submit(pf::sleep_ms, 20));
    pool.shutdown(true, true);
    std::size_t cancelled = 0;
    for (auto& f : fs)
    {
        BOOST_TEST(f.done());
        if (f.cancelled())
        {
            ++cancelled;
            BOOST_TEST((f.state() == cf::future_state::cancelled_and_notified));
        }
        else
            BOOST_TEST(!f.exception());
    }
    BOOST_TEST(cancelled > 20u);
    BOOST_TEST(cancelled < fs.size());
}

BOOST_AUTO_TEST_CASE(shutdown_no_wait_then_results)
{
    resource_check resources;
    std::vector<cf::future<int>> fs;
    {
        cf::process_pool_executor pool(3);
        for (int i = -5; i < 5; ++i)
            fs.push_back(pool.submit(pf::mul, i, i));
        pool.shutdown(false);
    }
    for (std::size_t i = 0; i < fs.size(); ++i)
    {
        const int v = static_cast<int>(i) - 5;
        BOOST_TEST(fs[i].result(long_timeout) == v * v);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(terminate_and_kill_workers)
{
    for (bool kill : {false, true})
    {
        resource_check resources;
        {
            cf::process_pool_executor pool(2);
            go_file never;
            std::vector<cf::future<bool>> running;
            for (int i = 0; i < 2; ++i)
                running.push_back(pool.submit(pf::wait_for_file, never.path, 30000));
            BOOST_TEST(eventually([&] { return pool.worker_pids().size() == 2u; }));
            std::vector<cf::future<int>> queued;
            for (int i = 0; i < 20; ++i)
                queued.push_back(pool.submit(pf::mul, i, 1));
            if (kill)
                pool.kill_workers();
            else
                pool.terminate_workers();
            BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 1), std::runtime_error);
            for (auto& f : running)
            {
                const std::string what = error_of([&] { f.result(long_timeout); });
                BOOST_TEST(contains(what, kill ? "signal 9" : "signal 15"), what);
            }
            // What the workers had not received was cancelled, or failed with the pool.
            for (auto& f : queued)
            {
                BOOST_TEST(eventually([&] { return f.done(); }));
                BOOST_TEST((f.cancelled() || static_cast<bool>(f.exception())));
            }
        }
        resources.verify();
    }
}

BOOST_AUTO_TEST_CASE(signalling_after_shutdown_returns_at_once)
{
    // Python returns at once when there are no processes left to signal.
    cf::process_pool_executor pool(1);
    BOOST_TEST(pool.submit(pf::mul, 6, 7).result(long_timeout) == 42);
    pool.shutdown();
    const auto start = std::chrono::steady_clock::now();
    pool.terminate_workers();
    pool.kill_workers();
    // The old bounded wait took 5 s per call here.
    BOOST_TEST((std::chrono::steady_clock::now() - start < 4s));
}

BOOST_AUTO_TEST_CASE(destructor_waits_for_running_tasks)
{
    cf::future<int> f;
    {
        cf::process_pool_executor pool(1);
        f = pool.submit(pf::sleep_then_return, 100, 5);
    }
    BOOST_TEST(f.result(0s) == 5);
}

BOOST_AUTO_TEST_CASE(shutdown_wait_from_a_callback_is_an_error)
{
    cf::process_pool_executor pool(1);
    event done;
    std::string what;
    auto f = pool.submit(pf::mul, 1, 1);
    f.add_done_callback([&](const cf::future<int>&) {
        what = error_of([&] { pool.shutdown(true); });
        done.set();
    });
    BOOST_TEST(done.wait());
    BOOST_TEST(contains(what, "manager thread"));
}

BOOST_AUTO_TEST_CASE(many_pools_one_after_another)
{
    resource_check resources;
    for (int i = 0; i < 20; ++i)
    {
        cf::process_pool_executor pool(2);
        BOOST_TEST(pool.submit(pf::mul, i, 2).result(long_timeout) == i * 2);
    }
    resources.verify();
}

BOOST_AUTO_TEST_SUITE_END()
