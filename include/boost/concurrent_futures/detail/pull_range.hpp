//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_PULL_RANGE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_PULL_RANGE_HPP

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>

namespace boost {
namespace concurrent_futures {
namespace detail {

// An input range over values produced on demand, like a Python generator:
// Derived provides `Value pull()` (may block, may throw) and
// `bool source_empty() const`. Nothing is pulled until the first dereference
// or increment; incrementing past a value never dereferenced still pulls it,
// so its exception (or timeout) is not silently skipped. The `///` comments
// are the public reference of map_result's and as_completed_range's iterator,
// begin() and end().
template <class Derived, class Value>
class pull_range
{
public:
    /// An input iterator (std::input_iterator). `*it` waits for the next value
    /// and returns a reference to it, valid until the next increment; it
    /// throws what producing the value throws (the task's exception,
    /// timeout_error). `++it` moves on, first waiting for a value never
    /// dereferenced. All iterators of a range share its position; a
    /// default-constructed one equals end().
    class iterator
    {
    public:
        using iterator_category = std::input_iterator_tag;
        using iterator_concept = std::input_iterator_tag;
        using value_type = Value;
        using difference_type = std::ptrdiff_t;
        using reference = Value&;
        using pointer = Value*;

        iterator() noexcept = default;

        Value& operator*() const { return range_->current(); }
        Value* operator->() const { return std::addressof(range_->current()); }

        iterator& operator++()
        {
            range_->advance();
            return *this;
        }
        void operator++(int) { ++*this; }

        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.at_end() == b.at_end(); }

    private:
        friend class pull_range;
        explicit iterator(pull_range* r) noexcept : range_(r) {}
        bool at_end() const noexcept { return !range_ || range_->exhausted(); }

        pull_range* range_ = nullptr;
    };

    /// An iterator at the range's current position. Waits for nothing (the
    /// first dereference or increment does). Never throws.
    iterator begin() noexcept { return iterator(this); }

    /// The end iterator: an iterator equals it once the range is exhausted.
    /// Never throws.
    iterator end() noexcept { return iterator(); }

protected:
    pull_range() = default;
    pull_range(pull_range&&) = default;
    pull_range& operator=(pull_range&&) = default;
    ~pull_range() = default;

    // Drops the value being looked at (when the range is torn down early).
    void reset_current() noexcept { current_.reset(); }

private:
    Derived& derived() noexcept { return static_cast<Derived&>(*this); }
    const Derived& derived() const noexcept { return static_cast<const Derived&>(*this); }

    Value& current()
    {
        if (!current_)
            current_.emplace(derived().pull());
        return *current_;
    }

    void advance()
    {
        if (!current_)
            (void)derived().pull();
        current_.reset();
    }

    bool exhausted() const noexcept { return !current_ && derived().source_empty(); }

    std::optional<Value> current_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
