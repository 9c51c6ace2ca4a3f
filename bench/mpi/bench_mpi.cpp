//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI pools side by side, under mpirun -np 3 (a root and two worker ranks):
// mpi4py.futures' MPIPoolExecutor (bench/python_mpi_baseline.py, run by its
// own mpirun -np 3 in each round) against cf::mpi_pool_executor on the static
// world's two ranks. mpi4py is the floor of each table, so a contender's
// ratio is its time over mpi4py's (0.05 = 20x faster). Workloads: a batch of
// small tasks, one-at-a-time round trips, and map with chunksize 1000, each
// in the unit mpi4py is measured in.

#include "../harness.hpp"

#include <boost/concurrent_futures/mpi_pool_executor.hpp>

#include <cstring>
#include <numeric>
#include <unistd.h>

extern char** environ;

namespace cf = boost::concurrent_futures;

namespace {

int mul(int x, int y)
{
    return x * y;
}

} // namespace

BOOST_CONCURRENT_FUTURES_REGISTER(mul);

namespace {

double batch(cf::mpi_pool_executor& pool, std::size_t n)
{
    std::vector<cf::future<int>> fs;
    fs.reserve(n);
    const auto start = bench::clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
        fs.push_back(pool.submit(mul, static_cast<int>(i), 2));
    long long sum = 0;
    for (auto& f : fs)
        sum += f.result();
    bench::keep(sum);
    return bench::ns_per_item(bench::clock_type::now() - start, n);
}

double round_trip(cf::mpi_pool_executor& pool, std::size_t n)
{
    long long sum = 0;
    const auto start = bench::clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
        sum += pool.submit(mul, static_cast<int>(i), 2).result();
    bench::keep(sum);
    return bench::ns_per_item(bench::clock_type::now() - start, n);
}

// Two ints per call, as mpi4py's map(mul, range(n), range(n)) (ys avoids int overflow).
double map_chunked(cf::mpi_pool_executor& pool, const std::vector<int>& xs, const std::vector<int>& ys,
                   std::size_t chunksize)
{
    const auto start = bench::clock_type::now();
    long long sum = 0;
    for (int v : pool.map(mul, xs, ys, cf::map_options{.chunksize = chunksize}))
        sum += v;
    bench::keep(sum);
    return bench::ns_per_item(bench::clock_type::now() - start, xs.size());
}

// mpirun for the mpi4py contender, nested in this job: without this job's
// OMPI_*/PMIX_* variables (it would take itself for one of our ranks), but
// with the permission to run as root.
std::string mpi4py_launcher()
{
    std::string unset;
    for (char** e = environ; *e; ++e)
    {
        const std::string var(*e, std::strcspn(*e, "="));
        if ((var.rfind("OMPI_", 0) == 0 || var.rfind("PMIX_", 0) == 0) && var.rfind("OMPI_ALLOW_RUN_AS_ROOT", 0) != 0)
            unset += " -u " + var;
    }
    return "env" + unset +
           " mpirun --oversubscribe --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo -np 3 "
           "/usr/bin/python3 -m mpi4py.futures";
}

} // namespace

int main(int argc, char** argv)
{
    auto mpi = cf::mpi_serve_if_worker(argc, argv); // ranks 1 and 2 serve here
    if (mpi.world_workers() < 1)
    {
        std::fprintf(stderr, "bench_mpi runs under mpirun -np 3 (a root and two worker ranks)\n");
        return 2;
    }

    bench::options o = bench::parse_options(argc, argv);
    if (o.python == "python3") // the harness's default: mpi4py needs MPI around it
        o.python = mpi4py_launcher();
    if (o.script == "bench/python_baseline.py")
        o.script = "bench/python_mpi_baseline.py";
    const std::string ranks = std::to_string(mpi.world_workers()) + " worker ranks";
    const std::string py = "mpi4py.futures MPIPoolExecutor (" + ranks + ")";
    const std::string ours = "cf::mpi_pool_executor (static world, " + ranks + ")";

    cf::mpi_pool_executor pool(cf::mpi_pool_options{.launch = cf::mpi_launch::static_world});
    batch(pool, 1000); // warm up

    {
        const std::size_t n = bench::scaled(o, 50000);
        bench::workload wl{"mpi.batch", "MPI pool, submit " + std::to_string(n) + " small tasks, then collect",
                           "ns/task", 5};
        wl.contenders = {
            bench::python_contender(o, py, "mpi.batch", bench::scaled(o, 5000)),
            {ours + ": submit + result", [&] { return batch(pool, n); }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }
    {
        const std::size_t n = bench::scaled(o, 20000);
        bench::workload wl{"mpi.round_trip", "MPI pool, one-at-a-time round trip (" + std::to_string(n) + " times)",
                           "ns/task", 5};
        wl.contenders = {
            bench::python_contender(o, py, "mpi.round_trip", bench::scaled(o, 1000)),
            {ours + ": submit(...).result()", [&] { return round_trip(pool, n); }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }
    {
        const std::size_t chunk = 1000;
        std::vector<int> xs(bench::scaled(o, 2000000, chunk));
        std::iota(xs.begin(), xs.end(), 0);
        const std::vector<int> ys(xs.size(), 3);
        bench::workload wl{"mpi.map.chunksize_1000",
                           "MPI pool, map over " + std::to_string(xs.size()) + " items, chunksize 1000", "ns/item", 5};
        wl.contenders = {
            bench::python_contender(o, py, "mpi.map", bench::scaled(o, 200000), "1000"),
            {ours + ": map(chunksize=1000)", [&] { return map_chunked(pool, xs, ys, chunk); }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }
    pool.shutdown();
    return 0;
}
