//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI initialization and the root-to-workers links of each launch mode.

#define BOOST_CONCURRENT_FUTURES_MPI_SOURCE

#include "launch.hpp"
#include "mpi_check.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>
#include <utility>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace mpi {

namespace {

// Tag of MPI_Intercomm_create's message between the two leaders, on a
// private duplicate of the user's communicator.
constexpr int split_tag = 7411;

const char* thread_level_name(int level)
{
    switch (level)
    {
    case MPI_THREAD_SINGLE:
        return "MPI_THREAD_SINGLE";
    case MPI_THREAD_FUNNELED:
        return "MPI_THREAD_FUNNELED";
    case MPI_THREAD_SERIALIZED:
        return "MPI_THREAD_SERIALIZED";
    default:
        return "MPI_THREAD_MULTIPLE";
    }
}

void require_multiple(int provided, const char* how)
{
    if (provided >= MPI_THREAD_MULTIPLE)
        return;
    throw std::runtime_error(std::string("MPI ") + how + " " + thread_level_name(provided) +
                             "; the MPI pool's manager thread needs MPI_THREAD_MULTIPLE (initialize MPI with "
                             "MPI_Init_thread(..., MPI_THREAD_MULTIPLE, ...) or boost::mpi::environment(argc, argv, "
                             "boost::mpi::threading::multiple), or let the pool initialize it)");
}

void return_errors(MPI_Comm comm)
{
    check(MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
}

bool has_placement(const spawn_request& r)
{
    static constexpr const char* keys[] = {"host", "hostfile", "add-host", "add-hostfile", "map_by"};
    return std::any_of(r.info.begin(), r.info.end(), [](const auto& kv) {
        return std::find(std::begin(keys), std::end(keys), kv.first) != std::end(keys);
    });
}

// MPI_Info built from a request, freed on every path.
class info_object
{
public:
    explicit info_object(const spawn_request& r)
    {
        check(MPI_Info_create(&info_), "MPI_Info_create");
        try
        {
            for (const auto& [key, value] : r.info)
                set(key, value);
            if (!has_placement(r))
                set("map_by", ":OVERSUBSCRIBE");
        }
        catch (...)
        {
            MPI_Info_free(&info_);
            throw;
        }
    }
    ~info_object() { MPI_Info_free(&info_); }
    info_object(const info_object&) = delete;
    info_object& operator=(const info_object&) = delete;

    MPI_Info get() const noexcept { return info_; }

private:
    void set(const std::string& key, const std::string& value)
    {
        if (key.empty() || key.size() >= MPI_MAX_INFO_KEY)
            throw std::invalid_argument("MPI spawn info key '" + key + "' is empty or longer than " +
                                        std::to_string(MPI_MAX_INFO_KEY - 1) + " characters");
        check(MPI_Info_set(info_, key.c_str(), value.c_str()), "MPI_Info_set");
    }

    MPI_Info info_ = MPI_INFO_NULL;
};

// A program started without mpirun gets its own Open MPI runtime daemon
// inside MPI_Init, started with this process's environment. By default that
// daemon aborts a spawned job when one of its processes dies: it kills the
// others with SIGCONT, a second's pause, SIGTERM, a second's pause, SIGKILL,
// and meanwhile answers no request, so the root's MPI call that reports the
// lost peer (Open MPI prints its "peer disconnected" notice through the
// daemon) blocks for 2 s and the pool learns of the death that late.
// Recovery mode leaves the job alone: the pool notices at once (the dead
// worker's pid) and stops the other workers itself. The user's own setting
// of the parameter wins; under mpirun the daemon is mpirun, already running.
void prefer_recovery_when_alone()
{
#if defined(OPEN_MPI)
    if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMIX_RANK") == nullptr)
        ::setenv("OMPI_MCA_orte_enable_recovery", "1", 0);
#endif
}

} // namespace

mpi_session::mpi_session(int* argc, char*** argv)
{
    int initialized = 0;
    check(MPI_Initialized(&initialized), "MPI_Initialized");
    int provided = MPI_THREAD_SINGLE;
    if (initialized)
    {
        check(MPI_Query_thread(&provided), "MPI_Query_thread");
        require_multiple(provided, "was initialized with");
        return;
    }
    prefer_recovery_when_alone();
    check(MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &provided), "MPI_Init_thread");
    owns_ = true;
    try
    {
        require_multiple(provided, "provides only");
        // A failed spawn reports on MPI_COMM_SELF: an exception, not an abort.
        return_errors(MPI_COMM_SELF);
    }
    catch (...)
    {
        finalize();
        throw;
    }
}

mpi_session::~mpi_session()
{
    try
    {
        finalize();
    }
    catch (...)
    {
    }
}

void mpi_session::finalize()
{
    if (!owns_)
        return;
    owns_ = false;
    int finalized = 0;
    check(MPI_Finalized(&finalized), "MPI_Finalized");
    if (!finalized)
        check(MPI_Finalize(), "MPI_Finalize");
}

link_comm::link_comm(link_comm&& other) noexcept : comm_(std::exchange(other.comm_, MPI_COMM_NULL)) {}

link_comm& link_comm::operator=(link_comm&& other) noexcept
{
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
    return *this;
}

int link_comm::remote_size() const
{
    int size = 0;
    check(MPI_Comm_remote_size(comm_, &size), "MPI_Comm_remote_size");
    return size;
}

void link_comm::release()
{
    if (comm_ == MPI_COMM_NULL)
        return;
    MPI_Comm c = std::exchange(comm_, MPI_COMM_NULL);
    check(MPI_Comm_free(&c), "MPI_Comm_free");
}

link_comm split_link(MPI_Comm comm, int root)
{
    int size = 0, rank = 0;
    check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
    check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    if (size < 2)
        throw std::invalid_argument("an MPI pool on a communicator needs at least 2 processes (the root and a "
                                    "worker); this one has " +
                                    std::to_string(size));
    if (root < 0 || root >= size)
        throw std::invalid_argument("root rank " + std::to_string(root) + " is not in the communicator (ranks 0 to " +
                                    std::to_string(size - 1) + ")");
    // A private copy: the leaders' handshake never meets the program's messages.
    MPI_Comm copy = MPI_COMM_NULL, side = MPI_COMM_NULL, inter = MPI_COMM_NULL;
    check(MPI_Comm_dup(comm, &copy), "MPI_Comm_dup");
    try
    {
        return_errors(copy);
        const bool is_root = rank == root;
        check(MPI_Comm_split(copy, is_root ? 0 : 1, rank, &side), "MPI_Comm_split");
        const int remote_leader = is_root ? (root == 0 ? 1 : 0) : root;
        check(MPI_Intercomm_create(side, 0, copy, remote_leader, split_tag, &inter), "MPI_Intercomm_create");
        return_errors(inter);
    }
    catch (...)
    {
        if (side != MPI_COMM_NULL)
            MPI_Comm_free(&side);
        MPI_Comm_free(&copy);
        throw;
    }
    MPI_Comm_free(&side);
    MPI_Comm_free(&copy);
    return link_comm(inter);
}

link_comm spawn_link(const spawn_request& request)
{
    if (request.workers == 0)
        throw std::invalid_argument("spawning MPI workers: the number of workers must be at least 1");
    if (request.executable.empty() || ::access(request.executable.c_str(), X_OK) != 0)
        throw std::invalid_argument("cannot spawn MPI workers: '" + request.executable + "' is not an executable file");
    info_object info(request);
    std::vector<char*> argv;
    for (const auto& a : request.arguments)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<int> codes(request.workers, MPI_SUCCESS);
    return_errors(MPI_COMM_SELF);
    MPI_Comm inter = MPI_COMM_NULL;
    const int rc = MPI_Comm_spawn(request.executable.c_str(), argv.data(), static_cast<int>(request.workers),
                                  info.get(), 0, MPI_COMM_SELF, &inter, codes.data());
    if (rc != MPI_SUCCESS)
        throw mpi_error("MPI_Comm_spawn of " + std::to_string(request.workers) + " '" + request.executable + "'", rc);
    return_errors(inter);
    return link_comm(inter);
}

link_comm parent_link()
{
    MPI_Comm parent = MPI_COMM_NULL;
    check(MPI_Comm_get_parent(&parent), "MPI_Comm_get_parent");
    if (parent == MPI_COMM_NULL)
        return link_comm();
    return_errors(parent);
    return link_comm(parent);
}

} // namespace mpi
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
