//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI return codes as exceptions.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "mpi_check.hpp"

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

std::string error_text(int code)
{
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS)
        return "MPI error " + std::to_string(code);
    return std::string(text, static_cast<std::size_t>(length));
}

mpi_error::mpi_error(const std::string& call, int code)
    : std::runtime_error(call + " failed: " + error_text(code)), code_(code)
{
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
