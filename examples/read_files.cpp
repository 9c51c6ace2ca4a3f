//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Reading files on a thread pool: the naive way (explicit shutdown), the
// better way (the executor's scope is Python's `with`), and map() with a
// timeout. Reads five small files it creates.

#include <boost/concurrent_futures.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace cf = boost::concurrent_futures;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> read_file(const fs::path& path)
{
    std::ifstream file(path);
    if (!file)
        throw std::runtime_error("cannot open " + path.string());
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);)
        lines.push_back(line);
    return lines;
}

struct temp_files
{
    fs::path dir = fs::temp_directory_path() / std::string("cf_read_files_").append(std::to_string(::getpid()));
    std::vector<fs::path> paths;

    temp_files()
    {
        fs::create_directories(dir);
        for (int i = 1; i <= 5; ++i)
        {
            paths.push_back(dir / std::string("f").append(std::to_string(i)));
            std::ofstream out(paths.back());
            for (int line = 0; line < i; ++line)
                out << "line " << line << " of f" << i << '\n';
        }
    }
    ~temp_files() { fs::remove_all(dir); }
};

} // namespace

int main()
{
    temp_files files;

    // Naive way: start the pool, submit, collect, shut down by hand.
    {
        cf::thread_pool_executor executor(8);
        std::vector<cf::future<std::vector<std::string>>> futures;
        for (const auto& file : files.paths)
            futures.push_back(executor.submit(read_file, file));
        std::size_t lines = 0;
        for (auto& f : futures)
            lines += f.result().size(); // blocks until that file is read
        executor.shutdown();
        std::cout << "naive way: " << lines << " lines\n";
    }

    // Better way: the executor's scope is the context manager.
    std::vector<cf::future<std::vector<std::string>>> futures;
    {
        cf::thread_pool_executor executor(8);
        for (const auto& file : files.paths)
            futures.push_back(executor.submit(read_file, file));
    } // shutdown(wait=true)
    std::size_t lines = 0;
    for (auto& f : futures)
        lines += f.result().size();
    std::cout << "with the executor's scope: " << lines << " lines\n";

    // map() with a timeout, and a file that does not exist.
    auto paths = files.paths;
    paths.push_back(files.dir / "missing");
    cf::thread_pool_executor executor(8);
    std::vector<std::string> data;
    try
    {
        for (auto& file_lines : executor.map(read_file, paths, cf::map_options{.timeout = 10s}))
            data.insert(data.end(), file_lines.begin(), file_lines.end());
    }
    catch (const std::exception& e)
    {
        std::cout << "\n" << boost::core::demangle(typeid(e).name()) << " : " << e.what() << "\n\n";
    }
    std::cout << "map read " << data.size() << " lines before the error\n";
}
