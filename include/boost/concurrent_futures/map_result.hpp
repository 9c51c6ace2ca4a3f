//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_MAP_RESULT_HPP
#define BOOST_CONCURRENT_FUTURES_MAP_RESULT_HPP

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/future_access.hpp>
#include <boost/concurrent_futures/detail/pull_range.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace boost {
namespace concurrent_futures {

namespace detail {

template <class R>
using map_value_t = std::conditional_t<std::is_void_v<R>, std::monostate, R>;

// What map() waits on: one call's future, or a chunk's (process pools send
// `chunksize` calls as one message and get their results back together).
template <class R>
using map_unit = std::variant<future<R>, future<std::vector<map_value_t<R>>>>;

// Submits the next unit of a buffered map, or returns nullopt when the input
// (or the executor) is gone.
template <class R>
class map_source
{
public:
    virtual ~map_source() = default;
    virtual std::optional<map_unit<R>> next() = 0;
};

} // namespace detail

/// What `executor.map()` returns: an input range of the results in input
/// order (`std::monostate` for functions returning void). Dereferencing waits
/// for the next result (moved out of its future) and rethrows its exception;
/// past the deadline it throws timeout_error. Incrementing past a result never
/// dereferenced still waits for it, so no exception is skipped silently.
///
/// Like Python's generator: after an exception or a timeout the range is
/// exhausted and every task not yet started is cancelled; so are they when a
/// range whose iteration has begun is destroyed or closed. A range never
/// iterated leaves its tasks running (fire and forget: `pool.map(fn, xs);`).
/// With a buffersize, the input ranges it reads lazily must outlive it. One
/// thread at a time.
template <class R>
class map_result : public detail::pull_range<map_result<R>, detail::map_value_t<R>>
{
public:
    /// The function's result type, or std::monostate if it returns void.
    using value_type = detail::map_value_t<R>;

    /// Internal: use executor.map().
    map_result(std::deque<detail::map_unit<R>> units, std::unique_ptr<detail::map_source<R>> source,
               std::optional<detail::clock::time_point> deadline) noexcept
        : units_(std::move(units)), source_(std::move(source)), deadline_(deadline)
    {
    }

    /// Movable, not copyable: the moved-to range takes the futures and the
    /// iteration state. Never throws.
    map_result(map_result&& other) noexcept
        : base(std::move(other)), units_(std::move(other.units_)), source_(std::move(other.source_)),
          chunk_(std::move(other.chunk_)), chunk_pos_(std::exchange(other.chunk_pos_, 0)), deadline_(other.deadline_),
          started_(std::exchange(other.started_, false))
    {
    }

    /// close() on this range, then takes the other's futures and iteration
    /// state. Never throws.
    map_result& operator=(map_result&& other) noexcept
    {
        if (this != &other)
        {
            close();
            base::operator=(std::move(other));
            units_ = std::move(other.units_);
            source_ = std::move(other.source_);
            chunk_ = std::move(other.chunk_);
            chunk_pos_ = std::exchange(other.chunk_pos_, 0);
            deadline_ = other.deadline_;
            started_ = std::exchange(other.started_, false);
        }
        return *this;
    }

    /// close(). Never throws.
    ~map_result() { close(); }

    /// Python's generator close(): once iteration has begun, cancels every
    /// task not yet started and ends the range; before, does nothing (the
    /// tasks run on). Never throws.
    void close() noexcept
    {
        if (started_)
        {
            cancel_remaining();
            this->reset_current();
        }
    }

    /// Every remaining result, in order (Python's `list(executor.map(...))`).
    /// Throws the first task's exception, or timeout_error; the rest is then
    /// cancelled.
    std::vector<value_type> to_vector()
    {
        std::vector<value_type> out;
        for (auto& v : *this)
            out.push_back(std::move(v));
        return out;
    }

    /// Submitted tasks (or chunks) whose results were not taken yet.
    std::size_t pending() const noexcept { return units_.size(); }

private:
    using base = detail::pull_range<map_result<R>, value_type>;
    friend base;

    value_type pull()
    {
        started_ = true;
        if (chunk_pos_ < chunk_.size())
            return std::move(chunk_[chunk_pos_++]);
        try
        {
            // Python: top the buffer up by one, then take the oldest.
            if (source_)
            {
                if (auto next = source_->next())
                    units_.push_back(std::move(*next));
                else
                    source_.reset();
            }
            detail::map_unit<R> unit = std::move(units_.front());
            units_.pop_front();
            if (auto* single = std::get_if<0>(&unit))
                return take(*single);
            chunk_ = take(std::get<1>(unit));
            chunk_pos_ = 0;
            if (chunk_.empty())
                throw invalid_state_error("map: a worker returned an empty chunk");
            return std::move(chunk_[chunk_pos_++]);
        }
        catch (...)
        {
            cancel_remaining();
            throw;
        }
    }

    template <class T>
    detail::map_value_t<T> take(future<T>& f)
    {
        if (deadline_)
        {
            // The timeout covers the whole iteration, counted from map().
            try
            {
                f.result(*deadline_ - detail::clock::now());
            }
            catch (const timeout_error&)
            {
                f.cancel();
                throw;
            }
        }
        else
        {
            f.result();
        }
        if constexpr (std::is_void_v<T>)
            return std::monostate{};
        else
            // Nobody else can see this future: move the value out.
            return std::move(static_cast<detail::result_state<T>*>(detail::future_access::state(f))->value());
    }

    bool source_empty() const noexcept { return units_.empty() && chunk_pos_ == chunk_.size(); }

    void cancel_remaining() noexcept
    {
        source_.reset();
        for (auto& unit : units_)
            std::visit(
                [](auto& f) {
                    if (f.valid())
                        f.cancel();
                },
                unit);
        units_.clear();
        chunk_.clear();
        chunk_pos_ = 0;
    }

    std::deque<detail::map_unit<R>> units_;
    std::unique_ptr<detail::map_source<R>> source_;
    std::vector<value_type> chunk_;
    std::size_t chunk_pos_ = 0;
    std::optional<detail::clock::time_point> deadline_;
    bool started_ = false;
};

} // namespace concurrent_futures
} // namespace boost

#endif
