//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Descriptors over a unix socket pair (descriptor_passing.hpp): sendmsg and
// recvmsg with SCM_RIGHTS.

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include "descriptor_passing.hpp"

#include "descriptor_posix.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace os {

namespace {

[[noreturn]] void throw_errno(int err, const char* what)
{
    throw std::system_error(err, std::generic_category(), what);
}

// One byte with room for one descriptor beside it: what both ends pass.
// Not copyable: msg points into it.
struct one_byte_message
{
    explicit one_byte_message(char b) : byte(b)
    {
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
    }
    one_byte_message(const one_byte_message&) = delete;
    one_byte_message& operator=(const one_byte_message&) = delete;

    char byte;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
};

} // namespace

socket_ends make_socket_pair()
{
    int s[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) != 0)
        throw_errno(errno, "could not create a socket pair for a worker");
    socket_ends ends{unique_descriptor(s[0]), unique_descriptor(s[1])};
    ends.parent = above_standard_streams(std::move(ends.parent));
    ends.worker = above_standard_streams(std::move(ends.worker));
    return ends;
}

void send_descriptor(native_descriptor socket, native_descriptor d, bool wait)
{
    one_byte_message m('R');
    msghdr& msg = m.msg;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &d, sizeof(int));
    for (;;)
    {
        const ssize_t n = ::sendmsg(socket, &msg, MSG_NOSIGNAL | (wait ? 0 : MSG_DONTWAIT));
        if (n == 1)
            return;
        if (n < 0 && errno == EINTR)
            continue;
        throw_errno(n < 0 ? errno : EIO, "could not pass a shared memory region");
    }
}

unique_descriptor receive_descriptor(native_descriptor socket, bool wait)
{
    one_byte_message m(0);
    msghdr& msg = m.msg;
    ssize_t n;
    do
        n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC | (wait ? 0 : MSG_DONTWAIT));
    while (n < 0 && errno == EINTR);
    if (n < 0 && !wait && (errno == EAGAIN || errno == EWOULDBLOCK))
        return unique_descriptor();
    if (n < 0)
        throw_errno(errno, "could not receive a shared memory region");
    if (n == 0)
        throw_errno(EPIPE, "the socket for shared memory regions ended");
    unique_descriptor out;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int)))
        {
            // Every descriptor that came is owned here, so none stays open.
            const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (std::size_t i = 0; i < count; ++i)
            {
                int fd;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                if (!out)
                    out.reset(fd);
                else
                    ::close(fd);
            }
        }
    if (!out || (msg.msg_flags & MSG_CTRUNC))
        throw_errno(EPROTO, "a byte on the socket for shared memory regions carried no region");
    return above_standard_streams(std::move(out));
}

} // namespace os
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
