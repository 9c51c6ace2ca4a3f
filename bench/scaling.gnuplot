# Speed-up of the CPU-bound prime count over one sequential thread, by the
# number of workers. Data: bin/bench-scaling.dat, written by report.py.
set terminal pngcairo size 800,500 font "sans,11"
set output "bench/scaling.png"
set title "CPU-bound prime count: speed-up over one sequential thread"
set xlabel "workers"
set ylabel "speed-up"
set key top left
set grid
set xtics 1
set yrange [0:*]
plot "bin/bench-scaling.dat" using 1:2 with linespoints lw 2 title "cf::thread\\_pool\\_executor", \
     "bin/bench-scaling.dat" using 1:3 with linespoints lw 2 title "cf::process\\_pool\\_executor", \
     x with lines dt 2 lc rgb "gray" title "ideal"
