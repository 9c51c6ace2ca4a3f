//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How many workers a spawning MPI pool starts.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "max_workers.hpp"
#include "mpi_check.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

std::size_t resolve_max_workers(std::optional<std::size_t> option, const char* variable,
                                std::optional<long> universe_size, long world_size)
{
    if (option)
    {
        if (*option == 0)
            throw std::invalid_argument("mpi_pool_executor: max_workers must be greater than 0");
        return *option;
    }
    if (variable && *variable)
    {
        std::size_t n = 0;
        const char* end = variable + std::strlen(variable);
        const auto [stop, error] = std::from_chars(variable, end, n);
        if (error != std::errc() || stop != end)
            throw std::invalid_argument(std::string("mpi_pool_executor: ") + max_workers_variable + "='" + variable +
                                        "' is not a number of workers; set it to a positive integer or unset it");
        if (n == 0)
            throw std::invalid_argument(std::string("mpi_pool_executor: ") + max_workers_variable +
                                        "=0; the number of workers must be greater than 0");
        return n;
    }
    if (universe_size && *universe_size > world_size)
        return static_cast<std::size_t>(*universe_size - world_size);
    return 1;
}

std::size_t resolve_max_workers(std::optional<std::size_t> option)
{
    int world = 1;
    check(MPI_Comm_size(MPI_COMM_WORLD, &world), "MPI_Comm_size");
    std::optional<long> universe;
    int* value = nullptr;
    int known = 0;
    check(MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &value, &known), "MPI_Comm_get_attr");
    if (known && value)
        universe = *value;
    return resolve_max_workers(option, std::getenv(max_workers_variable), universe, world);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
