//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Symbols of boost_concurrent_futures_mpi, the MPI pool's compiled part
// (lib/mpi), which is a library of its own so that nobody else needs MPI.

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_MPI_CONFIG_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_MPI_CONFIG_HPP

#include <boost/concurrent_futures/config.hpp>

#if defined(BOOST_CONCURRENT_FUTURES_MPI_DYN_LINK)
#if defined(BOOST_CONCURRENT_FUTURES_MPI_SOURCE)
#define BOOST_CONCURRENT_FUTURES_MPI_DECL BOOST_SYMBOL_EXPORT
#else
#define BOOST_CONCURRENT_FUTURES_MPI_DECL BOOST_SYMBOL_IMPORT
#endif
#else
#define BOOST_CONCURRENT_FUTURES_MPI_DECL
#endif

#endif
