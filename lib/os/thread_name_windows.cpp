//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Thread names on Windows, through SetThreadDescription.

#include "thread_name.hpp"

#include <string>

#include <windows.h>

namespace boost {
namespace concurrent_futures {
namespace detail {

namespace {

using set_thread_description_fn = HRESULT(WINAPI*)(HANDLE, PCWSTR);

// SetThreadDescription exists from Windows 10 1607 (and in wine), and
// mingw-w64's headers do not declare it: look it up once, at run time.
set_thread_description_fn find_set_thread_description() noexcept
{
    const HMODULE kernel32 = ::GetModuleHandleW(L"kernel32.dll");
    if (!kernel32)
        return nullptr;
    // Through void*, so the compiler accepts the cast between function types.
    return reinterpret_cast<set_thread_description_fn>(
        reinterpret_cast<void*>(::GetProcAddress(kernel32, "SetThreadDescription")));
}

} // namespace

bool set_current_thread_name(std::string_view name) noexcept
{
    static const set_thread_description_fn set_thread_description = find_set_thread_description();
    if (!set_thread_description)
        return false;
    try
    {
        // Names are UTF-8; Windows wants UTF-16.
        const int size = static_cast<int>(name.size());
        const int wide_size = ::MultiByteToWideChar(CP_UTF8, 0, name.data(), size, nullptr, 0);
        if (wide_size <= 0 && size > 0)
            return false;
        std::wstring wide(static_cast<std::size_t>(wide_size), L'\0');
        ::MultiByteToWideChar(CP_UTF8, 0, name.data(), size, wide.data(), wide_size);
        return SUCCEEDED(set_thread_description(::GetCurrentThread(), wide.c_str()));
    }
    catch (...) // std::bad_alloc: the thread keeps no name
    {
        return false;
    }
}

} // namespace detail
} // namespace concurrent_futures
} // namespace boost
