//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI return codes as exceptions. Every communicator the transport uses has
// MPI_ERRORS_RETURN set, so a failing call returns here instead of aborting
// the job.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_MPI_CHECK_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_MPI_CHECK_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <mpi.h>

#include <stdexcept>
#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

// An MPI call failed; what() names the call and MPI's own explanation.
class BOOST_CONCURRENT_FUTURES_MPI_DECL mpi_error : public std::runtime_error
{
public:
    // "<call> failed: <MPI's text for code>"
    mpi_error(const std::string& call, int code);

    // The MPI error code the call returned.
    int code() const noexcept { return code_; }

private:
    int code_;
};

// MPI's text for an error code ("MPI_ERR_RANK: invalid rank").
BOOST_CONCURRENT_FUTURES_MPI_DECL std::string error_text(int code);

// Throws mpi_error unless `code` is MPI_SUCCESS.
inline void check(int code, const char* call)
{
    if (code != MPI_SUCCESS)
        throw mpi_error(call, code);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
