//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_AS_COMPLETED_HPP
#define BOOST_CONCURRENT_FUTURES_AS_COMPLETED_HPP

#include <boost/concurrent_futures/any_future.hpp>
#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/completion_queue.hpp>
#include <boost/concurrent_futures/detail/deadline.hpp>
#include <boost/concurrent_futures/detail/future_range.hpp>
#include <boost/concurrent_futures/detail/pull_range.hpp>
#include <boost/concurrent_futures/errors.hpp>
#include <boost/concurrent_futures/future.hpp>

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boost {
namespace concurrent_futures {

/// The input range returned by `as_completed()`: yields each distinct future
/// once, those already done first, then in the order they complete. Iterating
/// blocks; `timeout_error` ("N (of M) futures unfinished") is thrown when the
/// next future is not done by the deadline. A yielded future is no longer
/// referenced by the range, so letting go of it frees its result. Destroying
/// the range early unregisters it from the futures that are left. One thread
/// at a time per range; any number of ranges may watch the same futures.
template <class Future>
class as_completed_range : public detail::pull_range<as_completed_range<Future>, Future>
{
public:
    /// Movable, not copyable: the moved-to range takes the futures and the
    /// position. Never throws.
    as_completed_range(as_completed_range&&) noexcept = default;
    /// Unregisters this range from the futures it still watches, then takes
    /// the other's. Never throws.
    as_completed_range& operator=(as_completed_range&& other) noexcept
    {
        if (this != &other)
        {
            // The old queue unlinks from its states while the old futures
            // still keep them alive: queue first, futures after.
            queue_ = std::move(other.queue_);
            futures_ = std::move(other.futures_);
            deadline_ = other.deadline_;
            yielded_ = std::exchange(other.yielded_, 0);
            detail::pull_range<as_completed_range<Future>, Future>::operator=(std::move(other));
        }
        return *this;
    }
    ~as_completed_range() = default;

    /// Internal: use as_completed(). Throws std::bad_alloc.
    as_completed_range(detail::distinct_futures<Future> distinct, std::optional<detail::clock::time_point> deadline)
        : futures_(std::move(distinct.futures)),
          queue_(std::make_unique<detail::completion_queue>(std::move(distinct.states))), deadline_(deadline)
    {
    }

    /// Number of distinct futures of the input (yielded or not).
    std::size_t size() const noexcept { return futures_.size(); }

private:
    friend class detail::pull_range<as_completed_range<Future>, Future>;

    Future pull()
    {
        if (source_empty())
            throw std::out_of_range("as_completed: iterated past the end");
        const auto index = queue_->next(deadline_);
        if (!index)
            throw timeout_error(std::to_string(futures_.size() - yielded_) + " (of " + std::to_string(futures_.size()) +
                                ") futures unfinished");
        ++yielded_;
        return std::move(futures_[*index]);
    }

    bool source_empty() const noexcept { return yielded_ == futures_.size(); }

    // Declared before queue_: the queue unlinks from states these keep alive.
    std::vector<Future> futures_;
    std::unique_ptr<detail::completion_queue> queue_;
    std::optional<detail::clock::time_point> deadline_;
    std::size_t yielded_ = 0;
};

namespace detail {

template <class F, class R>
as_completed_range<F> make_as_completed_range(R&& futures, std::optional<clock::time_point> deadline)
{
    return as_completed_range<F>(collect_distinct<F>(std::forward<R>(futures)), deadline);
}

} // namespace detail

/// Yields the distinct futures of `futures` (any range of future<T> or
/// any_future, copied) as they complete (Python's `as_completed`). A future
/// counts as done once finished, or cancelled and noticed by its executor.
/// Throws std::bad_alloc; the range throws timeout_error past a deadline.
template <detail::future_range R>
as_completed_range<detail::future_range_value<R>> as_completed(R&& futures)
{
    return detail::make_as_completed_range<detail::future_range_value<R>>(std::forward<R>(futures), std::nullopt);
}

/// As above; the whole iteration must end within `timeout` of this call.
template <detail::future_range R, class Rep, class Period>
as_completed_range<detail::future_range_value<R>> as_completed(R&& futures,
                                                               const std::chrono::duration<Rep, Period>& timeout)
{
    return detail::make_as_completed_range<detail::future_range_value<R>>(std::forward<R>(futures),
                                                                          detail::deadline_after(timeout));
}

/// Futures of different types: `cf::as_completed({f_int, f_string})`.
inline as_completed_range<any_future> as_completed(std::initializer_list<any_future> futures)
{
    return detail::make_as_completed_range<any_future>(futures, std::nullopt);
}

/// As above, with a deadline `timeout` from this call.
template <class Rep, class Period>
as_completed_range<any_future> as_completed(std::initializer_list<any_future> futures,
                                            const std::chrono::duration<Rep, Period>& timeout)
{
    return detail::make_as_completed_range<any_future>(futures, detail::deadline_after(timeout));
}

} // namespace concurrent_futures
} // namespace boost

#endif
