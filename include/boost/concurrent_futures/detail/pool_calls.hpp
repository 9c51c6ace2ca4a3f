//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_POOL_CALLS_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_POOL_CALLS_HPP

// submit() and map() of the pools that run registered functions elsewhere
// (process_pool_executor, mpi_pool_executor): the call is serialized here,
// in the submitting thread, and handed to the pool's compiled core as a
// call_request (detail/pool_task.hpp); the answer's payload comes back
// through read_result / read_chunk_result on the core's manager thread.
// The arguments are serialized through a payload_sink: a core that offers
// a region cache (the process pool's) gets large ones straight in shared
// memory (detail/shared_region.hpp); any other (the MPI pool's) gets them
// in memory, as one string.

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/map_args.hpp>
#include <boost/concurrent_futures/detail/pool_task.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/serialization.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future.hpp>
#include <boost/concurrent_futures/map_options.hpp>
#include <boost/concurrent_futures/map_result.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {

template <class R>
using process_result_t = std::remove_cvref_t<R>;

// Reads one serialized result into the future.
template <class R>
void read_result(state_base& s, std::string_view payload)
{
    auto& state = static_cast<result_state<R>&>(s);
    if constexpr (std::is_void_v<R>)
    {
        if (!payload.empty())
            throw std::runtime_error(std::to_string(payload.size()) + " bytes of result for a function returning void");
        state.set_value();
    }
    else
    {
        R value{};
        load_values(payload, value);
        state.set_value(std::move(value));
    }
}

// Reads a chunk's results: their count, then one archive holding them all.
template <class R>
void read_chunk_result(state_base& s, std::string_view payload)
{
    using value_type = map_value_t<R>;
    auto& state = static_cast<result_state<std::vector<value_type>>&>(s);
    wire::chunk_results results;
    if (auto err = wire::decode_chunk_results(payload, results))
        throw std::runtime_error(*err);
    std::vector<value_type> values;
    if constexpr (std::is_void_v<R>)
    {
        if (!results.values.empty())
            throw std::runtime_error("results for a function returning void");
        values.resize(results.count);
    }
    else
    {
        view_source source(results.values);
        {
            iarchive_for<value_type> archive(source, archive_flags);
            values.reserve(std::min<std::size_t>(results.count, results.values.size()));
            for (std::uint32_t i = 0; i < results.count; ++i)
            {
                value_type value{}; // via a local: std::vector<bool> hands out proxies
                archive >> value;
                values.push_back(std::move(value));
            }
        }
        if (source.remaining() != 0)
            throw std::runtime_error(std::to_string(source.remaining()) + " bytes of results left over");
    }
    state.set_value(std::move(values));
}

// What messages call a pool that runs registered functions elsewhere (the
// process pool, the MPI pool): the same templates serve both.
struct pool_words
{
    const char* submit; // "process_pool_executor::submit"
    const char* map;    // "process_pool_executor::map"
    const char* pool;   // "process pool"
};

inline constexpr pool_words process_pool_words{"process_pool_executor::submit", "process_pool_executor::map",
                                               "process pool"};

// Where the arguments of one call (or chunk) for `core` are serialized:
// straight into one of its warm shared memory regions once large, if it
// offers a region cache (process_pool_core::regions()); else in memory
// whatever their size (mpi_pool_core: MPI carries no descriptors).
template <class Core>
payload_sink argument_sink(Core& core)
{
    if constexpr (requires { core.regions().get(); })
        return payload_sink(core.regions().get(), reused_region_threshold);
    else
        return payload_sink(no_shared_memory);
}

// Writes `head` (wire::encode_call_head(), wire::encode_chunk_head()) into
// `sink`, ahead of the arguments.
inline void put_head(payload_sink& sink, const std::string& head)
{
    sink.sputn(head.data(), static_cast<std::streamsize>(head.size()));
}

// Throws std::length_error if `payload` stayed in memory and is too large
// for one frame (as wire::encode_call() does).
inline void check_payload_size(const payload_sink& payload)
{
    if (payload.spilled())
        return;
    if (auto why = wire::oversized_payload(payload.size()))
        throw std::length_error("the arguments are " + *why);
}

// Queues one call (or chunk) whose future is `out` on `core` (a
// process_pool_core, or any core with submit(call_request)); its payload is
// what `payload` holds, in a string or, once large, in shared memory. A
// serialization failure of the arguments fails only `out`.
template <class T, class Core>
future<T> submit_call(Core& core, const registered_function& fn, bool chunk, result_reader read, payload_sink& payload)
{
    future<T> out;
    call_request request{boost::intrusive_ptr<state_base>(future_access::state(out)), fn.name, {}, chunk, read};
    if (payload.spilled())
        request.region = payload.take_region();
    else
        request.payload = std::move(payload.text());
    core.submit(std::move(request));
    return out;
}

// A call whose arguments could not be serialized: its future fails, unless
// the pool would not have taken the call anyway (then that is thrown).
template <class T, class Core>
future<T> failed_serialization(const Core& core, const registered_function& fn, const std::exception& e,
                               const pool_words& words)
{
    core.check_accepting();
    future<T> out;
    out.set_exception(serialization_error(std::string(words.pool) + ": could not serialize the arguments of '" +
                                          fn.name + "' in the parent: " + e.what()));
    return out;
}

template <class Core, class F, class... Args>
auto submit_to_pool(Core& core, const pool_words& words, F fn, Args&&... args)
{
    check_call_arguments<F, Args...>();
    using R = process_result_t<typename function_traits<std::decay_t<F>>::result>;
    const registered_function& reg = lookup_registered(words.submit, fn);
    // Straight into shared memory once large: one copy of the values.
    payload_sink payload = argument_sink(core);
    try
    {
        put_head(payload, wire::encode_call_head(reg.name));
        serialize_arguments_to<F>(payload, std::forward<Args>(args)...);
        check_payload_size(payload);
    }
    catch (const std::exception& e)
    {
        return failed_serialization<R>(core, reg, e, words);
    }
    return submit_call<R>(core, reg, false, &read_result<R>, payload);
}

// map() of such a pool: chunks of `chunksize` calls travel as one message.
// `words` must outlive the result (a buffered map submits later): a constant.
template <class Core, class F, class... RangesAndOptions>
auto map_on_pool(const std::shared_ptr<Core>& pool, const pool_words& words, F fn, RangesAndOptions&&... args)
{
    return with_map_args(
        [&](const map_options& options, auto&&... ranges) {
            static_assert(registrable_function<F>,
                          "process pools run registered functions by name: pass a plain function (not a lambda or "
                          "a function object) registered with BOOST_CONCURRENT_FUTURES_REGISTER");
            using R = process_result_t<typename function_traits<std::decay_t<F>>::result>;
            using value_type = map_value_t<R>;
            if constexpr (!check_map_ranges<decltype(ranges)...>())
                return map_result<R>({}, nullptr, std::nullopt);
            else
            {
                validate(options);
                const registered_function& reg = lookup_registered(words.map, fn);
                // A buffered map outliving the executor stops submitting (Python's weakref).
                auto make = [weak = std::weak_ptr<Core>(pool), fn, &reg, &words,
                             chunksize = options.chunksize](auto& reader) -> std::optional<map_unit<R>> {
                    auto core = weak.lock();
                    if (!core)
                        return std::nullopt;
                    std::optional<map_unit<R>> unit;
                    if (chunksize == 1)
                    {
                        reader.next([&](auto&&... items) {
                            unit.emplace(std::in_place_index<0>,
                                         submit_to_pool(*core, words, fn, std::forward<decltype(items)>(items)...));
                        });
                        return unit;
                    }
                    // One message, and one archive, for `chunksize` calls.
                    std::vector<parameters_t<F>> calls;
                    while (calls.size() < chunksize && reader.next([&](auto&&... items) {
                        calls.emplace_back(std::forward<decltype(items)>(items)...);
                    }))
                    {
                    }
                    if (calls.empty())
                        return std::nullopt;
                    using chunk_type = std::vector<value_type>;
                    payload_sink payload = argument_sink(*core);
                    try
                    {
                        put_head(payload, wire::encode_chunk_head(reg.name, static_cast<std::uint32_t>(calls.size())));
                        serialize_calls_to(payload, calls);
                        check_payload_size(payload);
                    }
                    catch (const std::exception& e)
                    {
                        unit.emplace(std::in_place_index<1>, failed_serialization<chunk_type>(*core, reg, e, words));
                        return unit;
                    }
                    unit.emplace(std::in_place_index<1>,
                                 submit_call<chunk_type>(*core, reg, true, &read_chunk_result<R>, payload));
                    return unit;
                };
                return make_map_result<R>(std::move(make), options, std::forward<decltype(ranges)>(ranges)...);
            }
        },
        std::forward<RangesAndOptions>(args)...);
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
