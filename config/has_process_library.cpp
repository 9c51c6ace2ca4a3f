//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// b2 configuration check (build.jam): links only where Boost.Process is a
// compiled library (Boost 1.86 and later), which the library then links too.

#include <boost/process/v2/pid.hpp>

int main()
{
    return boost::process::v2::current_pid() > 0 ? 0 : 1;
}
