//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_IMPL_PROCESS_POOL_EXECUTOR_HPP
#define BOOST_CONCURRENT_FUTURES_IMPL_PROCESS_POOL_EXECUTOR_HPP

#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/map_args.hpp>
#include <boost/concurrent_futures/detail/registry.hpp>
#include <boost/concurrent_futures/detail/serialization.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>
#include <boost/concurrent_futures/registration.hpp>

#include <memory>
#include <optional>
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

// Queues one call (or chunk) whose future is `out`; its payload is what
// `payload` holds, in a string or, once large, in shared memory. A
// serialization failure of the arguments fails only `out`.
template <class T>
future<T> submit_call(process_pool_core& core, const registered_function& fn, bool chunk, result_reader read,
                      payload_sink& payload)
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

// Writes `head` into `sink`.
inline void put_head(payload_sink& sink, const std::string& head)
{
    sink.sputn(head.data(), static_cast<std::streamsize>(head.size()));
}

template <class T>
future<T> failed_serialization(const registered_function& fn, const std::exception& e)
{
    future<T> out;
    out.set_exception(serialization_error("process pool: could not serialize the arguments of '" + fn.name +
                                          "' in the parent: " + e.what()));
    return out;
}

template <class F, class... Args>
auto submit_to_process_pool(process_pool_core& core, F fn, Args&&... args)
{
    check_call_arguments<F, Args...>();
    using R = process_result_t<typename function_traits<std::decay_t<F>>::result>;
    const registered_function& reg = lookup_registered("process_pool_executor::submit", fn);
    // Straight into shared memory once large: one copy of the values.
    payload_sink payload(core.regions().get(), argument_shared_memory_threshold);
    try
    {
        put_head(payload, wire::encode_call_head(reg.name));
        serialize_arguments_to<F>(payload, std::forward<Args>(args)...);
    }
    catch (const std::exception& e)
    {
        return failed_serialization<R>(reg, e);
    }
    return submit_call<R>(core, reg, false, &read_result<R>, payload);
}

} // namespace detail

template <class F, class... Args>
auto process_pool_executor::submit(F fn, Args&&... args)
{
    return detail::submit_to_process_pool(*core_, fn, std::forward<Args>(args)...);
}

template <class F, class... RangesAndOptions>
auto process_pool_executor::map(F fn, RangesAndOptions&&... args)
{
    return detail::with_map_args(
        [&](const map_options& options, auto&&... ranges) {
            static_assert(detail::registrable_function<F>,
                          "process pools run registered functions by name: pass a plain function (not a lambda or "
                          "a function object) registered with BOOST_CONCURRENT_FUTURES_REGISTER");
            using R = detail::process_result_t<typename detail::function_traits<std::decay_t<F>>::result>;
            using value_type = detail::map_value_t<R>;
            if constexpr (!detail::check_map_ranges<decltype(ranges)...>())
                return map_result<R>({}, nullptr, std::nullopt);
            else
            {
                detail::validate(options);
                const detail::registered_function& reg = detail::lookup_registered("process_pool_executor::map", fn);
                // A buffered map outliving the executor stops submitting (Python's weakref).
                auto make = [weak = std::weak_ptr<detail::process_pool_core>(core_), fn, &reg,
                             chunksize = options.chunksize](auto& reader) -> std::optional<detail::map_unit<R>> {
                    auto core = weak.lock();
                    if (!core)
                        return std::nullopt;
                    std::optional<detail::map_unit<R>> unit;
                    if (chunksize == 1)
                    {
                        reader.next([&](auto&&... items) {
                            unit.emplace(
                                std::in_place_index<0>,
                                detail::submit_to_process_pool(*core, fn, std::forward<decltype(items)>(items)...));
                        });
                        return unit;
                    }
                    // One message, and one archive, for `chunksize` calls.
                    std::vector<detail::parameters_t<F>> calls;
                    while (calls.size() < chunksize && reader.next([&](auto&&... items) {
                        calls.emplace_back(std::forward<decltype(items)>(items)...);
                    }))
                    {
                    }
                    if (calls.empty())
                        return std::nullopt;
                    using chunk_type = std::vector<value_type>;
                    detail::payload_sink payload(core->regions().get(),
                                                 detail::argument_shared_memory_threshold);
                    try
                    {
                        detail::put_head(payload, detail::wire::encode_chunk_head(
                                                      reg.name, static_cast<std::uint32_t>(calls.size())));
                        detail::serialize_calls_to(payload, calls);
                    }
                    catch (const std::exception& e)
                    {
                        unit.emplace(std::in_place_index<1>, detail::failed_serialization<chunk_type>(reg, e));
                        return unit;
                    }
                    unit.emplace(std::in_place_index<1>,
                                 detail::submit_call<chunk_type>(*core, reg, true, &detail::read_chunk_result<R>,
                                                                 payload));
                    return unit;
                };
                return detail::make_map_result<R>(std::move(make), options, std::forward<decltype(ranges)>(ranges)...);
            }
        },
        std::forward<RangesAndOptions>(args)...);
}

} // namespace concurrent_futures
} // namespace boost

#endif
