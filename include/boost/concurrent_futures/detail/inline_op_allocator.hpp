//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_INLINE_OP_ALLOCATOR_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_INLINE_OP_ALLOCATOR_HPP

#include <cstddef>
#include <new>

namespace boost {
namespace concurrent_futures {
namespace detail {

// Room inside a task for the one operation object Asio creates to queue it,
// so submitting costs one allocation (the task) instead of two.
struct inline_op_storage
{
    static constexpr std::size_t capacity = 64;
    alignas(std::max_align_t) unsigned char bytes[capacity];
    // Written by the submitting thread, cleared by the worker; Asio's queue
    // orders the two.
    bool in_use = false;
};

template <class T>
class inline_op_allocator
{
public:
    using value_type = T;

    explicit inline_op_allocator(inline_op_storage* storage) noexcept : storage_(storage) {}

    template <class U>
    inline_op_allocator(const inline_op_allocator<U>& other) noexcept : storage_(other.storage_)
    {
    }

    T* allocate(std::size_t n)
    {
        if (sizeof(T) * n <= inline_op_storage::capacity && alignof(T) <= alignof(std::max_align_t) &&
            !storage_->in_use)
        {
            storage_->in_use = true;
            return reinterpret_cast<T*>(storage_->bytes);
        }
        return static_cast<T*>(::operator new(sizeof(T) * n));
    }

    void deallocate(T* p, std::size_t) noexcept
    {
        if (static_cast<void*>(p) == static_cast<void*>(storage_->bytes))
            storage_->in_use = false;
        else
            ::operator delete(static_cast<void*>(p));
    }

    friend bool operator==(const inline_op_allocator& a, const inline_op_allocator& b) noexcept
    {
        return a.storage_ == b.storage_;
    }

private:
    template <class>
    friend class inline_op_allocator;

    inline_op_storage* storage_;
};

} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
