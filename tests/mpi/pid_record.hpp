//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The death scenarios' pid files: every process a scenario involves, so that
// tools/test.d/65-mpi.sh can check that none is left running.

#ifndef BOOST_CONCURRENT_FUTURES_TESTS_MPI_PID_RECORD_HPP
#define BOOST_CONCURRENT_FUTURES_TESTS_MPI_PID_RECORD_HPP

#include <dirent.h>
#include <fstream>
#include <string>

namespace mpi_test {

inline void record_pid(const char* file, long pid)
{
    std::ofstream(file, std::ios::app) << pid << '\n';
}

// This process's children (an MPI singleton's orted), from /proc.
inline void record_children(const char* file)
{
    const std::string dir = "/proc/self/task";
    if (DIR* d = ::opendir(dir.c_str()))
    {
        while (dirent* e = ::readdir(d))
        {
            if (e->d_name[0] == '.')
                continue;
            std::ifstream children(dir + "/" + e->d_name + "/children");
            for (long pid; children >> pid;)
                record_pid(file, pid);
        }
        ::closedir(d);
    }
}

} // namespace mpi_test

#endif
