//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A small benchmark harness. Every workload runs all its contenders in the
// same process, in interleaved rounds (round r runs each contender once, in a
// rotating order), so the machine's noise falls on all of them alike; it
// reports the median, min and max, and each median's ratio to the floor.
// Results are also appended to a CSV file that tools/bench.sh turns into
// bench/RESULTS.md.

#ifndef BOOST_CONCURRENT_FUTURES_BENCH_HARNESS_HPP
#define BOOST_CONCURRENT_FUTURES_BENCH_HARNESS_HPP

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

using clock_type = std::chrono::steady_clock;

inline double ns_per_item(clock_type::duration d, std::size_t items)
{
    return std::chrono::duration<double, std::nano>(d).count() / static_cast<double>(items);
}

// Stops the optimizer from discarding a result.
template <class T>
void keep(const T& value)
{
    asm volatile("" : : "g"(&value) : "memory");
}

struct contender
{
    std::string name;
    // One round: returns the measurement (per item, in the workload's unit).
    std::function<double()> run;
    bool floor = false;
    std::vector<double> samples{};
    std::string note{};
};

struct workload
{
    std::string id;
    std::string title;
    std::string unit;
    std::size_t rounds = 5;
    std::vector<contender> contenders{};
};

inline double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct options
{
    std::string csv;    // results file to append to ("" = none)
    double scale = 1.0; // multiplies every workload's size (--quick: 0.1)
    std::string python = "python3";
    std::string script = "bench/python_baseline.py";
    std::vector<std::string> only; // run only these workload ids (prefix match)
};

inline options parse_options(int argc, char** argv)
{
    options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto value = [&](const std::string& prefix) { return a.substr(prefix.size()); };
        if (a.rfind("--csv=", 0) == 0)
            o.csv = value("--csv=");
        else if (a == "--quick")
            o.scale = 0.1;
        else if (a.rfind("--scale=", 0) == 0)
            o.scale = std::stod(value("--scale="));
        else if (a.rfind("--python=", 0) == 0)
            o.python = value("--python=");
        else if (a.rfind("--script=", 0) == 0)
            o.script = value("--script=");
        else if (a.rfind("--only=", 0) == 0)
            o.only.push_back(value("--only="));
    }
    return o;
}

inline bool selected(const options& o, const std::string& id)
{
    if (o.only.empty())
        return true;
    for (const auto& p : o.only)
        if (id.rfind(p, 0) == 0)
            return true;
    return false;
}

inline std::size_t scaled(const options& o, std::size_t n, std::size_t at_least = 1)
{
    return std::max<std::size_t>(at_least, static_cast<std::size_t>(static_cast<double>(n) * o.scale));
}

// Runs the rounds, prints the table, appends the CSV lines.
inline void run(workload& w, const options& o)
{
    if (!selected(o, w.id))
        return;
    std::printf("\n%s  [%s, %zu rounds]\n", w.title.c_str(), w.unit.c_str(), w.rounds);
    std::fflush(stdout);
    const std::size_t n = w.contenders.size();
    for (std::size_t r = 0; r < w.rounds; ++r)
        for (std::size_t k = 0; k < n; ++k)
        {
            contender& c = w.contenders[(r + k) % n];
            try
            {
                c.samples.push_back(c.run());
            }
            catch (const std::exception& e)
            {
                c.note = e.what();
            }
        }
    const contender* floor = nullptr;
    for (const auto& c : w.contenders)
        if (c.floor && !c.samples.empty())
            floor = &c;
    const double floor_median = floor ? median(floor->samples) : 0;
    std::ofstream csv;
    if (!o.csv.empty())
        csv.open(o.csv, std::ios::app);
    for (const auto& c : w.contenders)
    {
        if (c.samples.empty())
        {
            std::printf("  %-44s  (not run: %s)\n", c.name.c_str(), c.note.c_str());
            continue;
        }
        const double m = median(c.samples);
        const double lo = *std::min_element(c.samples.begin(), c.samples.end());
        const double hi = *std::max_element(c.samples.begin(), c.samples.end());
        const double ratio = floor_median > 0 ? m / floor_median : 0;
        std::printf("  %-44s median %12.1f  min %12.1f  max %12.1f  %s%.2fx%s\n", c.name.c_str(), m, lo, hi,
                    floor ? "" : "(", ratio, c.floor ? "  floor" : "");
        if (csv)
            csv << w.id << ';' << w.title << ';' << w.unit << ';' << c.name << ';' << m << ';' << lo << ';' << hi << ';'
                << ratio << ';' << (c.floor ? 1 : 0) << ';' << (floor ? floor->name : std::string()) << '\n';
    }
    std::fflush(stdout);
}

// Python's concurrent.futures on the same workload, measured by the script
// itself (so interpreter start-up is not counted): it prints one number in
// the workload's unit.
inline contender python_contender(const options& o, const std::string& name, const std::string& workload_id,
                                  std::size_t items, const std::string& extra = "")
{
    std::string command =
        o.python + " " + o.script + " " + workload_id + " " + std::to_string(items) + " " + extra + " 2>&1";
    return contender{name, [command]() -> double {
                         std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
                         if (!pipe)
                             throw std::runtime_error("cannot start python3");
                         std::string out;
                         char buf[256];
                         while (std::fgets(buf, sizeof buf, pipe.get()))
                             out += buf;
                         std::istringstream in(out);
                         double value = 0;
                         if (!(in >> value))
                             throw std::runtime_error("python3 said: " + out.substr(0, 200));
                         return value;
                     }};
}

// Peak resident set of this process, in KiB (VmHWM).
inline long peak_rss_kib()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return 0;
}

} // namespace bench

#endif
