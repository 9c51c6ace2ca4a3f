//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How many workers a spawning MPI pool starts (mpi4py.futures' rule): the
// max_workers option, else the environment variable
// BOOST_CONCURRENT_FUTURES_MPI_MAX_WORKERS, else the MPI universe size minus
// the world size (the slots mpirun has left), else 1.

#ifndef BOOST_CONCURRENT_FUTURES_LIB_MPI_MAX_WORKERS_HPP
#define BOOST_CONCURRENT_FUTURES_LIB_MPI_MAX_WORKERS_HPP

#include <boost/concurrent_futures/detail/mpi_config.hpp>

#include <cstddef>
#include <optional>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

inline constexpr const char* max_workers_variable = "BOOST_CONCURRENT_FUTURES_MPI_MAX_WORKERS";

// The rule on given inputs: `variable` is the environment variable's value
// (null or empty when unset), `universe_size` MPI_UNIVERSE_SIZE if MPI
// knows it. Throws std::invalid_argument, saying which input is wrong, for
// an option or a variable of 0 and for a variable that is not a number.
BOOST_CONCURRENT_FUTURES_MPI_DECL std::size_t resolve_max_workers(std::optional<std::size_t> option,
                                                                  const char* variable,
                                                                  std::optional<long> universe_size, long world_size);

// The rule on this process's environment and MPI_COMM_WORLD (MPI must be
// initialized).
BOOST_CONCURRENT_FUTURES_MPI_DECL std::size_t resolve_max_workers(std::optional<std::size_t> option);

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
