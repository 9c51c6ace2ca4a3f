//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// CPython's test_deadlock.py: errors and crashes while sending a task, while
// reading it in the worker, during the function, while sending or receiving
// its result, after shutdown, and while writing more than a pipe holds; then
// workers that break the wire protocol. Every case ends in a clear exception,
// within a bounded time, with nothing left behind.

#define BOOST_TEST_MODULE process_deadlock
#include "process_test_support.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

using namespace test_support;

BOOST_CONCURRENT_FUTURES_TEST_MAIN()

namespace {

// Python's _check_error: the future fails with E (message containing
// `needle`), the pool shuts down, nothing leaks.
template <class E, class Submit>
void check_error(const std::string& needle, Submit submit)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        auto future = submit(pool);
        try
        {
            future.result(long_timeout);
            BOOST_FAIL("expected an exception");
        }
        catch (const cf::timeout_error&)
        {
            pool.kill_workers();
            BOOST_FAIL("executor deadlock: no outcome within the timeout");
        }
        catch (const E& e)
        {
            BOOST_TEST(contains(e.what(), needle), e.what());
        }
        pool.shutdown(true);
    }
    resources.verify();
}

pf::faulty with(pf::fault f)
{
    pf::faulty x;
    x.mode = f;
    x.value = 1;
    return x;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sending_the_task)

BOOST_AUTO_TEST_CASE(error_at_task_serialization_in_the_parent)
{
    check_error<cf::serialization_error>(
        "could not serialize the arguments of 'process_functions::take_faulty(process_functions::faulty)' in the "
        "parent",
        [](auto& pool) { return pool.submit(pf::take_faulty, with(pf::fault::throw_on_save)); });
}

BOOST_AUTO_TEST_CASE(error_at_task_deserialization_in_the_worker)
{
    check_error<cf::serialization_error>(
        "could not deserialize the arguments of 'process_functions::take_faulty(process_functions::faulty)' in worker",
        [](auto& pool) { return pool.submit(pf::take_faulty, with(pf::fault::throw_on_load)); });
}

BOOST_AUTO_TEST_CASE(exit_at_task_deserialization)
{
    check_error<cf::broken_process_pool>(
        "exited with status 1", [](auto& pool) { return pool.submit(pf::take_faulty, with(pf::fault::exit_on_load)); });
}

BOOST_AUTO_TEST_CASE(crash_at_task_deserialization)
{
    check_error<cf::broken_process_pool>(
        "killed by signal 9", [](auto& pool) { return pool.submit(pf::take_faulty, with(pf::fault::kill_on_load)); });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(running_the_function)

BOOST_AUTO_TEST_CASE(crash_during_function)
{
    check_error<cf::broken_process_pool>("killed by signal 9",
                                         [](auto& pool) { return pool.submit(pf::kill_self, SIGKILL); });
}

BOOST_AUTO_TEST_CASE(exit_during_function)
{
    check_error<cf::broken_process_pool>("exited with status 1",
                                         [](auto& pool) { return pool.submit(pf::exit_now, 1); });
}

BOOST_AUTO_TEST_CASE(error_during_function)
{
    check_error<std::runtime_error>("42", [](auto& pool) { return pool.submit(pf::raise_runtime_error, 42); });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(returning_the_result)

BOOST_AUTO_TEST_CASE(crash_during_result_serialization)
{
    check_error<cf::broken_process_pool>(
        "killed by signal 9", [](auto& pool) { return pool.submit(pf::make_faulty, pf::fault::kill_on_save); });
}

BOOST_AUTO_TEST_CASE(exit_during_result_serialization)
{
    check_error<cf::broken_process_pool>(
        "exited with status 1", [](auto& pool) { return pool.submit(pf::make_faulty, pf::fault::exit_on_save); });
}

BOOST_AUTO_TEST_CASE(error_during_result_serialization)
{
    check_error<cf::serialization_error>(
        "could not serialize the result of 'process_functions::make_faulty(process_functions::fault)' in worker",
        [](auto& pool) { return pool.submit(pf::make_faulty, pf::fault::throw_on_save); });
}

BOOST_AUTO_TEST_CASE(error_during_result_deserialization_in_the_parent)
{
    check_error<cf::serialization_error>(
        "could not deserialize the result of 'process_functions::make_faulty(process_functions::fault)' from worker",
        [](auto& pool) { return pool.submit(pf::make_faulty, pf::fault::throw_on_load); });
}

BOOST_AUTO_TEST_CASE(only_that_future_fails)
{
    cf::process_pool_executor pool(1);
    auto bad = pool.submit(pf::make_faulty, pf::fault::throw_on_save);
    auto good = pool.submit(pf::mul, 3, 4);
    BOOST_CHECK_THROW(bad.result(long_timeout), cf::serialization_error);
    BOOST_TEST(good.result(long_timeout) == 12);
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(around_shutdown)

BOOST_AUTO_TEST_CASE(crash_after_shutdown)
{
    resource_check resources;
    cf::future<int> f;
    {
        cf::process_pool_executor pool(2);
        f = pool.submit(pf::kill_self, SIGKILL);
        pool.shutdown(true);
    }
    BOOST_CHECK_THROW(f.result(0s), cf::broken_process_pool);
    resources.verify();
}

BOOST_AUTO_TEST_CASE(serialization_error_with_shutdown_no_wait)
{
    cf::process_pool_executor pool(2);
    BOOST_TEST(pool.submit(pf::mul, 4, 2).result(long_timeout) == 8);
    auto f = pool.submit(pf::take_faulty, with(pf::fault::throw_on_save));
    pool.shutdown(false);
    BOOST_CHECK_THROW(f.result(long_timeout), cf::serialization_error);
}

// Python checks the pool before it pickles: a pool that would not take the
// call refuses it as such, whether or not its arguments serialize.
BOOST_AUTO_TEST_CASE(unserializable_arguments_to_a_pool_that_takes_nothing_are_refused_as_such)
{
    const pf::faulty bad = with(pf::fault::throw_on_save);
    {
        cf::process_pool_executor pool(1);
        pool.shutdown();
        BOOST_TEST(error_of([&] { (void)pool.submit(pf::take_faulty, bad); }) ==
                   "cannot schedule new futures after shutdown");
        BOOST_TEST(error_of([&] { (void)pool.map(pf::take_faulty, std::vector{bad}); }) ==
                   "cannot schedule new futures after shutdown");
        BOOST_TEST(error_of([&] {
                       (void)pool.map(pf::take_faulty, std::vector{bad, bad}, cf::map_options{.chunksize = 2});
                   }) == "cannot schedule new futures after shutdown");
    }
    {
        cf::process_pool_executor pool(1);
        BOOST_CHECK_THROW(pool.submit(pf::kill_self, SIGKILL).result(long_timeout), cf::broken_process_pool);
        BOOST_CHECK_THROW((void)pool.submit(pf::take_faulty, bad), cf::broken_process_pool);
        BOOST_CHECK_THROW((void)pool.map(pf::take_faulty, std::vector{bad, bad}, cf::map_options{.chunksize = 2}),
                          cf::broken_process_pool);
    }
    // A pool that takes calls fails the future alone.
    cf::process_pool_executor pool(1);
    BOOST_CHECK_THROW(pool.submit(pf::take_faulty, bad).result(long_timeout), cf::serialization_error);
    BOOST_TEST(pool.submit(pf::mul, 4, 2).result(long_timeout) == 8);
}

BOOST_AUTO_TEST_CASE(crash_while_writing_more_than_a_pipe_holds_gh94777)
{
    resource_check resources;
    {
        cf::process_pool_executor pool(2);
        const std::string data(256 * 1024, 'a');
        // The pool may break while map() is still submitting, or later.
        BOOST_CHECK_THROW(pool.map(pf::crash_with_data, std::vector<std::string>(10, data)).to_vector(),
                          cf::broken_process_pool);
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(many_submissions_before_the_manager_runs_gh105829)
{
    cf::process_pool_executor pool(2);
    auto results = pool.map(pf::mul, std::views::iota(0, 100), std::views::iota(0, 100)).to_vector();
    BOOST_TEST(results.size() == 100u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(protocol_violations)

struct fake_worker
{
    explicit fake_worker(const char* mode) { ::setenv("CF_FAKE_WORKER", mode, 1); }
    ~fake_worker() { ::unsetenv("CF_FAKE_WORKER"); }
};

void check_violation(const char* mode, const std::string& needle)
{
    resource_check resources;
    {
        fake_worker fake(mode);
        cf::process_pool_executor pool(
            cf::process_pool_options{.max_workers = 1, .worker_executable = sibling_program("fake_worker")});
        auto f = pool.submit(pf::mul, 1, 2);
        try
        {
            f.result(long_timeout);
            BOOST_FAIL("expected broken_process_pool");
        }
        catch (const cf::broken_process_pool& e)
        {
            BOOST_TEST(contains(e.what(), needle), e.what());
        }
        catch (const cf::timeout_error&)
        {
            pool.kill_workers(); // so the destructor does not wait on it
            BOOST_FAIL("no outcome within the timeout");
        }
        BOOST_TEST(pool.broken());
    }
    resources.verify();
}

BOOST_AUTO_TEST_CASE(protocol_version_mismatch)
{
    check_violation("bad_version",
                    "speaks protocol version " + std::to_string(cf::detail::wire::protocol_version + 998) +
                        ", this program speaks version " + std::to_string(cf::detail::wire::protocol_version));
}

BOOST_AUTO_TEST_CASE(garbage_instead_of_hello)
{
    check_violation("garbage", "broke the protocol");
}
BOOST_AUTO_TEST_CASE(truncated_frame)
{
    check_violation("truncated", "truncated frame");
}
BOOST_AUTO_TEST_CASE(oversized_frame)
{
    check_violation("oversized", "oversized frame");
}
BOOST_AUTO_TEST_CASE(answer_for_another_task)
{
    check_violation("wrong_id", "an answer for task");
}
BOOST_AUTO_TEST_CASE(unknown_frame_kind)
{
    check_violation("unknown_kind", "unknown kind 999");
}
BOOST_AUTO_TEST_CASE(worker_exits_silently)
{
    check_violation("silent_exit", "exited with status 0");
}

BOOST_AUTO_TEST_CASE(undecodable_result_fails_only_its_future)
{
    fake_worker fake("bad_result");
    cf::process_pool_executor pool(
        cf::process_pool_options{.max_workers = 1, .worker_executable = sibling_program("fake_worker")});
    BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 2).result(long_timeout), cf::serialization_error);
    BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 2).result(long_timeout), std::runtime_error);
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_CASE(invalid_bool_result_fails_only_its_future)
{
    fake_worker fake("bad_bool");
    cf::process_pool_executor pool(
        cf::process_pool_options{.max_workers = 1, .worker_executable = sibling_program("fake_worker")});
    const std::string what =
        error_of([&] { pool.submit(pf::wait_for_file, std::string("x"), 0).result(long_timeout); });
    BOOST_TEST(contains(what, "neither 0 nor 1"), what);
    BOOST_CHECK_THROW(pool.submit(pf::mul, 1, 2).result(long_timeout), std::runtime_error);
    BOOST_TEST(!pool.broken());
}

BOOST_AUTO_TEST_CASE(malformed_error_payload)
{
    fake_worker fake("bad_error");
    cf::process_pool_executor pool(
        cf::process_pool_options{.max_workers = 1, .worker_executable = sibling_program("fake_worker")});
    const std::string what = [&] {
        try
        {
            pool.submit(pf::mul, 1, 2).result(long_timeout);
        }
        catch (const cf::serialization_error& e)
        {
            return std::string(e.what());
        }
        return std::string();
    }();
    BOOST_TEST(contains(what, "malformed error"), what);
}

BOOST_AUTO_TEST_SUITE_END()
