//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A type and a function that travel to worker processes; included once by
// the tutorial program and once by its dedicated worker program, so both
// register the function under the same name.

#ifndef BOOST_CONCURRENT_FUTURES_DOC_SNIPPETS_GEOMETRY_HPP
#define BOOST_CONCURRENT_FUTURES_DOC_SNIPPETS_GEOMETRY_HPP

#include <boost/concurrent_futures/registration.hpp>
#include <boost/concurrent_futures/serialization.hpp>

#include <stdexcept>
#include <vector>

// tag::custom_type[]
struct point
{
    double x = 0;
    double y = 0;

    template <class Archive>
    void serialize(Archive& archive, unsigned /*version*/)
    {
        archive & x & y;
    }
};

inline point centroid(std::vector<point> points)
{
    if (points.empty())
        throw std::invalid_argument("centroid of no points");
    point c;
    for (const point& p : points)
    {
        c.x += p.x / static_cast<double>(points.size());
        c.y += p.y / static_cast<double>(points.size());
    }
    return c;
}
BOOST_CONCURRENT_FUTURES_REGISTER(centroid);
// end::custom_type[]

#endif
