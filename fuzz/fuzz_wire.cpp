//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// libFuzzer target for what the parent reads from a worker: the frame reader
// fed in pieces of every size, and each payload decoder on what it yields.
//
// Input: byte 0 picks the piece size (1 to 64), byte 1 the payload limit;
// the rest is the stream. Beyond the sanitizers, it checks the readers'
// promises: feed() never claims more than it was given and always makes
// progress, frames match their headers, a decoded payload encodes back to
// the same bytes, and finish() reports a stream that ends inside a frame.
// A frame marked as in shared memory carries a region reference: it decodes,
// re-encodes to itself, and mapping the bytes it names out of a sealed
// region of 4 KiB either fails or yields exactly those bytes, never more.
// A result's payload is also read as the direct archive of a string, two
// vectors and a number (detail/serialization.hpp): it fails or reads values
// that fit in it, never past its end.

#include <boost/concurrent_futures/detail/serialization.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>
#include <boost/concurrent_futures/detail/wire.hpp>

#include <fcntl.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace w = boost::concurrent_futures::detail::wire;
namespace d = boost::concurrent_futures::detail;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

constexpr std::size_t region_bytes = 4096;

const d::shared_region& sealed_region()
{
    static const d::shared_region region = [] {
        d::shared_region r = d::shared_region::create(region_bytes);
        r.resize(region_bytes);
        r.seal();
        return r;
    }();
    return region;
}

void check_region_ref(const w::frame& f)
{
    w::region_ref ref;
    require(!w::decode_region_ref(f.payload, ref));
    require(w::encode_region_ref(ref) == f.payload);
    require(!f.region);
    try
    {
        const d::shared_region mapped =
            d::shared_region::receive(::fcntl(sealed_region().descriptor(), F_DUPFD_CLOEXEC, 3), ref.offset, ref.length);
        require(ref.offset <= region_bytes && ref.length <= region_bytes - ref.offset);
        require(mapped.size() == ref.length && mapped.view().size() == ref.length);
    }
    catch (const std::runtime_error&)
    {
        require(ref.offset > region_bytes || ref.length > region_bytes - ref.offset);
    }
}

void check_direct_values(std::string_view p)
{
    std::string text;
    std::vector<double> reals;
    std::vector<long double> wide;
    std::uint16_t n = 0;
    try
    {
        d::load_values(p, text, reals, wide, n);
    }
    catch (const std::exception&)
    {
        return;
    }
    require(8 + text.size() + 9 + reals.size() * sizeof(double) + 9 + wide.size() * sizeof(long double) + 2 <=
            p.size());
}

void check_payload(const w::frame& f)
{
    if (f.head.flags == w::flag_shared)
        return check_region_ref(f);
    const std::string_view p = f.payload;
    switch (f.head.type)
    {
    case w::kind::hello:
    {
        w::hello h;
        if (!w::decode_hello(p, h))
            require(w::encode_hello(h) == p);
        break;
    }
    case w::kind::task:
    case w::kind::initialize:
    {
        w::call c;
        if (!w::decode_call(p, c))
            require(w::encode_call(c.function, c.arguments) == p);
        break;
    }
    case w::kind::chunk:
    {
        w::chunk c;
        if (!w::decode_chunk(p, c))
            require(w::encode_chunk(c.function, c.count, c.arguments) == p);
        break;
    }
    case w::kind::chunk_result:
    {
        w::chunk_results r;
        if (!w::decode_chunk_results(p, r))
            require(w::encode_chunk_results(r.count, r.values) == p);
        break;
    }
    case w::kind::error:
    {
        w::error_info e;
        if (!w::decode_error(p, e))
            require(w::encode_error(e.origin, e.type_name, e.message) == p);
        break;
    }
    case w::kind::result:
        check_direct_values(p);
        break;
    case w::kind::stop:
    case w::kind::initialized:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const std::size_t piece = 1 + data[0] % 64;
    const std::uint32_t max_payload = (data[1] & 1) ? 64 : (1u << 20);
    data += 2;
    size -= 2;

    w::frame_reader reader(max_payload);
    std::size_t pos = 0;
    std::size_t frame_bytes = 0;
    while (pos < size && !reader.failed())
    {
        const std::size_t n = std::min(piece, size - pos);
        const std::size_t used = reader.feed(data + pos, n);
        require(used <= n);
        pos += used;
        bool any = false;
        while (auto f = reader.next())
        {
            any = true;
            require(w::is_known(f->head.type));
            require(f->head.flags == 0 || f->head.flags == w::flag_shared);
            require(f->head.length <= max_payload);
            require(f->payload.size() == f->head.length);
            // The frame re-encodes to exactly what was read.
            std::string again;
            w::append_frame(again, f->head.type, f->head.task_id, f->payload, f->head.flags);
            require(again.size() == w::header_size + f->head.length);
            frame_bytes += again.size();
            check_payload(*f);
        }
        require(used > 0 || any || reader.failed());
    }
    if (!reader.failed())
    {
        reader.finish();
        // Whatever was not part of a whole frame is reported as truncated.
        require(reader.failed() == (frame_bytes != size));
        require(reader.partial_bytes() == size - frame_bytes);
    }
    else
        require(!reader.error().empty());

    // The payload reader on its own: a random walk of reads never passes the end.
    w::payload_reader r(std::string_view(reinterpret_cast<const char*>(data), size));
    std::size_t consumed = 0;
    for (std::size_t i = 0; i < size && !r.at_end(); ++i)
    {
        std::string_view piece_read;
        std::uint16_t a;
        std::uint32_t b;
        std::int64_t c;
        switch (data[i] % 5)
        {
        case 0:
            consumed += r.u16(a) ? 2 : 0;
            break;
        case 1:
            consumed += r.u32(b) ? 4 : 0;
            break;
        case 2:
            consumed += r.i64(c) ? 8 : 0;
            break;
        case 3:
            if (r.bytes(piece_read))
                consumed += 4 + piece_read.size();
            break;
        case 4:
            if (r.fixed(data[i] % 17, piece_read))
                consumed += piece_read.size();
            break;
        }
        require(consumed <= size);
    }
    require(consumed + r.rest().size() == size);
    return 0;
}
