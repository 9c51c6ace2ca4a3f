# Sourced by tools/test.d/65-mpi.sh and tools/bench_mpi.sh (with $root set to
# the repository): configures MPI for b2 in a generated user-config,
# $mpi_config (pass --user-config="$mpi_config" to b2; the default build never
# needs MPI), and sets mpi_env, the environment prefix MPI programs run with:
# Open MPI on loopback only; PMIx's hash store instead of its shared-memory
# one (with it, Debian's Open MPI 4.1.4 + PMIx 4.2.2rc2 hang inside
# MPI_Comm_spawn several times as often: ~1 spawn in 10 against ~1 in 130 in
# a spawning loop on a loaded machine); and, as root, Open MPI's consent to
# run (mpirun's --allow-run-as-root does not reach singletons and the daemons
# of spawns).
mpi_config="$root/bin/mpi-user-config.jam"
mkdir -p "$root/bin"
mpi_env=(env OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo PMIX_MCA_gds=hash)
if [ "$(id -u)" -eq 0 ]; then
    echo 'using mpi : mpicxx : : mpirun --allow-run-as-root --oversubscribe -np ;' > "$mpi_config"
    mpi_env+=(OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
else
    echo 'using mpi : mpicxx : : mpirun --oversubscribe -np ;' > "$mpi_config"
fi
