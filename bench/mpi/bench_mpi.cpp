//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI pools side by side, under mpirun -np 3 (a root and two workers):
// mpi4py.futures' MPIPoolExecutor (bench/python_mpi_baseline.py, run by its
// own mpirun -np 3 in each round) against the MPI transport alone (lib/mpi:
// frames out, frames echoed back, no tasks run), which bounds what an MPI
// executor on it can reach. mpi4py is the floor of each table, so a
// contender's ratio is its time over mpi4py's (0.05 = 20x faster).
// Workloads: a batch of small tasks, one-at-a-time round trips, and map with
// chunksize 1000, each in the unit mpi4py is measured in.

#include "../harness.hpp"

#include "mpi/launch.hpp"
#include "mpi/root_transport.hpp"
#include "mpi/worker_transport.hpp"

#include <boost/concurrent_futures/detail/wire.hpp>

#include <cstring>
#include <unistd.h>

extern char** environ;

namespace m = boost::concurrent_futures::detail::mpi;
namespace w = boost::concurrent_futures::detail::wire;

namespace {

// Tasks handed to one worker ahead of its answers (one running, one queued),
// as the process pool does: the transport's figures hold for that rule.
constexpr std::size_t window = 2;

void echo_worker(m::link_comm link)
{
    m::worker_transport transport(std::move(link));
    std::string frame;
    while (transport.next(frame) == m::worker_transport::event::request)
        transport.answer(frame);
}

// A task frame of the size a small call makes (function name, two ints).
std::string task_frame(std::size_t argument_bytes)
{
    std::string frame;
    w::append_frame(frame, w::kind::task, 1, w::encode_call("mul", std::string(argument_bytes, 'a')));
    return frame;
}

// Sends `count` copies of `frame`, at most `window` ahead per worker on
// `workers` workers, until all came back; nanoseconds per frame.
double exchange(m::root_transport& root, std::size_t workers, std::size_t count, const std::string& frame,
                std::size_t per_worker)
{
    std::vector<std::size_t> in_flight(workers, 0);
    std::size_t sent = 0, done = 0;
    m::root_events events;
    auto fill = [&] {
        for (std::size_t k = 0; k < workers; ++k)
            while (in_flight[k] < per_worker && sent < count)
            {
                root.send(k, frame);
                ++in_flight[k];
                ++sent;
            }
    };
    const auto start = bench::clock_type::now();
    fill();
    while (done < count)
    {
        root.wait(true, events);
        if (!events.lost.empty())
            throw std::runtime_error(events.lost.front().reason);
        for (const auto& a : events.answers)
            --in_flight[static_cast<std::size_t>(a.peer)];
        done += events.answers.size();
        events.clear();
        fill();
    }
    return bench::ns_per_item(bench::clock_type::now() - start, count);
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
    m::mpi_session session(&argc, &argv);
    int rank = 0, size = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2)
    {
        std::fprintf(stderr, "bench_mpi runs under mpirun -np 3 (a root and two workers)\n");
        return 2;
    }
    m::link_comm link = m::split_link(MPI_COMM_WORLD, 0);
    if (rank != 0)
    {
        echo_worker(std::move(link));
        session.finalize();
        return 0;
    }

    bench::options o = bench::parse_options(argc, argv);
    if (o.python == "python3") // the harness's default: mpi4py needs MPI around it
        o.python = mpi4py_launcher();
    if (o.script == "bench/python_baseline.py")
        o.script = "bench/python_mpi_baseline.py";
    const std::string pool = "mpi4py.futures MPIPoolExecutor (" + std::to_string(size - 1) + " workers)";

    m::root_transport root(std::move(link));
    m::root_events events;
    root.connect(std::chrono::seconds(30), events);
    if (!events.lost.empty())
    {
        std::fprintf(stderr, "bench_mpi: %s\n", events.lost.front().reason.c_str());
        return 1;
    }
    const std::size_t workers = root.size();
    const std::string small = task_frame(8);
    exchange(root, workers, 1000, small, window); // warm up

    {
        const std::size_t n = bench::scaled(o, 50000);
        bench::workload wl{"mpi.batch", "MPI pool, submit " + std::to_string(n) + " small tasks, then collect",
                           "ns/task", 5};
        wl.contenders = {
            bench::python_contender(o, pool, "mpi.batch", bench::scaled(o, 5000)),
            {"transport alone: frames, 2 in flight per worker",
             [&] { return exchange(root, workers, n, small, window); }},
            // The headroom of pipelining, for an executor that hands out more.
            {"transport alone: frames, 32 in flight per worker", [&] { return exchange(root, workers, n, small, 32); }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }
    {
        const std::size_t n = bench::scaled(o, 20000);
        bench::workload wl{"mpi.round_trip", "MPI pool, one-at-a-time round trip (" + std::to_string(n) + " times)",
                           "ns/task", 5};
        wl.contenders = {
            bench::python_contender(o, pool, "mpi.round_trip", bench::scaled(o, 1000)),
            {"transport alone: one frame there and back", [&] { return exchange(root, 1, n, small, 1); }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }
    {
        const std::size_t chunk = 1000;
        const std::size_t n = bench::scaled(o, 2000000, chunk);
        // A chunk of 1000 calls: two 4-byte ints each, as Boost's binary archive writes them.
        const std::string chunk_frame = task_frame(chunk * 8);
        bench::workload wl{"mpi.map.chunksize_1000",
                           "MPI pool, map over " + std::to_string(n) + " items, chunksize 1000", "ns/item", 5};
        wl.contenders = {
            bench::python_contender(o, pool, "mpi.map", bench::scaled(o, 200000), "1000"),
            {"transport alone: 8 KB chunk frames, 2 in flight per worker",
             [&] { return exchange(root, workers, n / chunk, chunk_frame, window) / chunk; }},
        };
        wl.contenders.front().floor = true;
        bench::run(wl, o);
    }

    root.stop(std::chrono::seconds(30), events);
    session.finalize();
    return 0;
}
