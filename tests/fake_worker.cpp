//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker that misbehaves on purpose, as CF_FAKE_WORKER says: the parent
// must break the pool cleanly, never crash, hang or read out of bounds.

#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace w = boost::concurrent_futures::detail::wire;

namespace {

void write_all(std::string_view data)
{
    while (!data.empty())
    {
        const ssize_t n = ::write(w::worker_result_fd, data.data(), data.size());
        if (n <= 0)
            std::_Exit(0);
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// The next task's id, or 0 at end of input.
std::uint64_t read_task()
{
    unsigned char raw[w::header_size];
    std::size_t got = 0;
    while (got < sizeof raw)
    {
        const ssize_t n = ::read(w::worker_task_fd, raw + got, sizeof raw - got);
        if (n <= 0)
            return 0;
        got += static_cast<std::size_t>(n);
    }
    const w::header h = w::decode_header(raw);
    std::string payload(h.length, '\0');
    for (std::size_t done = 0; done < payload.size();)
    {
        const ssize_t n = ::read(w::worker_task_fd, payload.data() + done, payload.size() - done);
        if (n <= 0)
            return 0;
        done += static_cast<std::size_t>(n);
    }
    return h.task_id;
}

// Passes `fd` to the parent the way a worker passes a result's region.
void send_region(int fd)
{
    char byte = 'R';
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
    if (::sendmsg(w::worker_region_fd, &msg, 0) != 1)
        std::_Exit(0);
}

// A result frame naming bytes [offset, offset + length) of a region of 100
// bytes (sealed unless told not to), or of none.
std::string shared_result(std::uint64_t id, std::string_view mode)
{
    namespace d = boost::concurrent_futures::detail;
    if (mode != "region_missing")
    {
        d::shared_region region = d::shared_region::create(100);
        std::memset(region.data(), 'x', 100);
        region.resize(100);
        if (mode != "region_unsealed")
            region.seal();
        send_region(region.descriptor());
    }
    const w::region_ref ref = mode == "region_out_of_bounds" ? w::region_ref{50, 100} : w::region_ref{0, 100};
    std::string frame;
    w::append_frame(frame, w::kind::result, id, w::encode_region_ref(ref), w::flag_shared);
    return frame;
}

void hello(std::uint32_t version)
{
    std::string frame;
    w::append_frame(frame, w::kind::hello, 0, w::encode_hello(w::hello{version, ::getpid()}));
    write_all(frame);
}

} // namespace

int main()
{
    const char* mode_env = std::getenv("CF_FAKE_WORKER");
    const std::string_view mode = mode_env ? mode_env : "";
    if (mode == "bad_version")
    {
        hello(w::protocol_version + 998);
    }
    else if (mode == "garbage")
    {
        write_all("this is not the protocol you are looking for\n");
    }
    else
    {
        hello(w::protocol_version);
        const std::uint64_t id = read_task();
        std::string frame;
        if (mode == "truncated")
        {
            w::append_frame(frame, w::kind::result, id, "0123456789");
            frame.resize(frame.size() - 4);
        }
        else if (mode == "oversized")
        {
            unsigned char raw[w::header_size];
            w::encode_header(w::header{0xffffffffu, w::kind::result, 0, id}, raw);
            frame.assign(reinterpret_cast<const char*>(raw), sizeof raw);
        }
        else if (mode == "wrong_id")
            w::append_frame(frame, w::kind::result, id + 1000, "");
        else if (mode == "unknown_kind")
        {
            unsigned char raw[w::header_size];
            w::encode_header(w::header{0, static_cast<w::kind>(999), 0, id}, raw);
            frame.assign(reinterpret_cast<const char*>(raw), sizeof raw);
        }
        else if (mode == "bad_result")
            w::append_frame(frame, w::kind::result, id, "\xff\xff\xff"); // not an int
        else if (mode == "bad_bool")
            w::append_frame(frame, w::kind::result, id, "\x02"); // neither false nor true
        else if (mode == "bad_error")
            w::append_frame(frame, w::kind::error, id, "\x01");
        else if (mode.rfind("region_", 0) == 0)
            frame = shared_result(id, mode);
        else if (mode == "silent_exit")
            std::_Exit(0);
        write_all(frame);
        if (mode == "truncated")
            std::_Exit(0); // the stream ends mid-frame
        if (mode == "bad_result" || mode == "bad_bool" || mode == "bad_error")
        {
            // Keep serving the protocol well afterwards.
            while (const std::uint64_t next = read_task())
            {
                std::string again;
                w::append_frame(again, w::kind::error, next,
                                w::encode_error(w::error_origin::raised, "std::runtime_error", "fake"));
                write_all(again);
            }
            return 0;
        }
    }
    // Linger until the parent closes our input or kills us.
    char c;
    while (::read(w::worker_task_fd, &c, 1) > 0)
    {
    }
    return 0;
}
