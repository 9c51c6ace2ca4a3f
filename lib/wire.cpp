//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_CONCURRENT_FUTURES_SOURCE

#include <boost/concurrent_futures/detail/wire.hpp>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace wire {

namespace {

void store_le(unsigned char* out, std::uint64_t v, std::size_t n) noexcept
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint64_t load_le(const unsigned char* in, std::size_t n) noexcept
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= static_cast<std::uint64_t>(in[i]) << (8 * i);
    return v;
}

void put_le(std::string& out, std::uint64_t v, std::size_t n)
{
    unsigned char buf[8];
    store_le(buf, v, n);
    out.append(reinterpret_cast<const char*>(buf), n);
}

std::string describe_bytes(std::size_t n)
{
    return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

} // namespace

const char* to_string(kind k) noexcept
{
    switch (k)
    {
    case kind::task:
        return "task";
    case kind::chunk:
        return "chunk";
    case kind::initialize:
        return "initialize";
    case kind::stop:
        return "stop";
    case kind::hello:
        return "hello";
    case kind::result:
        return "result";
    case kind::chunk_result:
        return "chunk_result";
    case kind::error:
        return "error";
    case kind::initialized:
        return "initialized";
    case kind::region_done:
        return "region_done";
    }
    return "unknown";
}

bool is_known(kind k) noexcept
{
    return std::string_view(to_string(k)) != "unknown";
}

void encode_header(const header& h, unsigned char* out) noexcept
{
    store_le(out, h.length, 4);
    store_le(out + 4, static_cast<std::uint16_t>(h.type), 2);
    store_le(out + 6, h.flags, 2);
    store_le(out + 8, h.task_id, 8);
}

header decode_header(const unsigned char* in) noexcept
{
    header h;
    h.length = static_cast<std::uint32_t>(load_le(in, 4));
    h.type = static_cast<kind>(load_le(in + 4, 2));
    h.flags = static_cast<std::uint16_t>(load_le(in + 6, 2));
    h.task_id = load_le(in + 8, 8);
    return h;
}

std::optional<std::string> flags_problem(const header& h)
{
    if (h.flags == 0)
        return std::nullopt;
    if (h.flags != flag_shared)
        return "malformed frame: reserved flags set (" + std::to_string(h.flags) + ")";
    if (h.type != kind::task && h.type != kind::chunk && h.type != kind::result && h.type != kind::chunk_result)
        return std::string("malformed frame: a ") + to_string(h.type) + " frame marked as in shared memory";
    if (h.length != region_ref_size)
        return "malformed frame: a shared memory reference of " + describe_bytes(h.length) + " instead of " +
               std::to_string(region_ref_size);
    return std::nullopt;
}

std::string encode_region_ref(const region_ref& r)
{
    std::string out;
    put_le(out, r.offset, 8);
    put_le(out, r.length, 8);
    return out;
}

std::optional<std::string> decode_region_ref(std::string_view payload, region_ref& out)
{
    if (payload.size() != region_ref_size)
        return "malformed shared memory reference (" + describe_bytes(payload.size()) + ")";
    const auto* p = reinterpret_cast<const unsigned char*>(payload.data());
    out.offset = load_le(p, 8);
    out.length = load_le(p + 8, 8);
    return std::nullopt;
}

void append_frame(std::string& out, kind k, std::uint64_t task_id, std::string_view payload, std::uint16_t flags)
{
    unsigned char buf[header_size];
    encode_header(header{static_cast<std::uint32_t>(payload.size()), k, flags, task_id}, buf);
    out.append(reinterpret_cast<const char*>(buf), header_size);
    out.append(payload);
}

std::size_t frame_reader::feed(const unsigned char* data, std::size_t size)
{
    std::size_t used = 0;
    while (used < size && error_.empty())
    {
        if (!have_header_)
        {
            const std::size_t take = std::min(header_size - header_fill_, size - used);
            std::memcpy(header_buf_ + header_fill_, data + used, take);
            header_fill_ += take;
            used += take;
            if (header_fill_ < header_size)
                break;
            current_ = decode_header(header_buf_);
            header_fill_ = 0;
            if (!is_known(current_.type))
            {
                error_ = "malformed frame: unknown kind " + std::to_string(static_cast<unsigned>(current_.type));
                break;
            }
            if (auto problem = flags_problem(current_))
            {
                error_ = std::move(*problem);
                break;
            }
            if (current_.length > max_payload_)
            {
                error_ = "oversized frame: " + describe_bytes(current_.length) + " of payload, the limit is " +
                         describe_bytes(max_payload_);
                break;
            }
            have_header_ = true;
            payload_.clear();
            payload_.reserve(std::min<std::size_t>(current_.length, 1u << 20));
        }
        const std::size_t take = std::min<std::size_t>(current_.length - payload_.size(), size - used);
        payload_.append(reinterpret_cast<const char*>(data + used), take);
        used += take;
        if (payload_.size() == current_.length)
        {
            ready_.push_back(frame{current_, std::move(payload_), {}});
            payload_ = std::string();
            have_header_ = false;
        }
    }
    return used;
}

std::optional<frame> frame_reader::next()
{
    if (ready_head_ == ready_.size())
    {
        ready_.clear();
        ready_head_ = 0;
        return std::nullopt;
    }
    return std::move(ready_[ready_head_++]);
}

void frame_reader::finish()
{
    if (!error_.empty())
        return;
    if (have_header_)
        error_ = "truncated frame: the stream ended after " + describe_bytes(payload_.size()) + " of a " +
                 describe_bytes(current_.length) + " " + to_string(current_.type) + " payload";
    else if (header_fill_ > 0)
        error_ = "truncated frame: the stream ended after " + describe_bytes(header_fill_) + " of a " +
                 std::to_string(header_size) + "-byte header";
}

// --- payloads ---------------------------------------------------------------

bool payload_reader::fixed(std::size_t n, std::string_view& out) noexcept
{
    if (data_.size() - pos_ < n)
        return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
}

bool payload_reader::u16(std::uint16_t& out) noexcept
{
    std::string_view b;
    if (!fixed(2, b))
        return false;
    out = static_cast<std::uint16_t>(load_le(reinterpret_cast<const unsigned char*>(b.data()), 2));
    return true;
}

bool payload_reader::u32(std::uint32_t& out) noexcept
{
    std::string_view b;
    if (!fixed(4, b))
        return false;
    out = static_cast<std::uint32_t>(load_le(reinterpret_cast<const unsigned char*>(b.data()), 4));
    return true;
}

bool payload_reader::i64(std::int64_t& out) noexcept
{
    std::string_view b;
    if (!fixed(8, b))
        return false;
    out = static_cast<std::int64_t>(load_le(reinterpret_cast<const unsigned char*>(b.data()), 8));
    return true;
}

bool payload_reader::bytes(std::string_view& out) noexcept
{
    const std::size_t start = pos_;
    std::uint32_t n = 0;
    if (!u32(n) || !fixed(n, out))
    {
        pos_ = start;
        return false;
    }
    return true;
}

std::string_view payload_reader::rest() noexcept
{
    std::string_view out = data_.substr(pos_);
    pos_ = data_.size();
    return out;
}

void put_u16(std::string& out, std::uint16_t v)
{
    put_le(out, v, 2);
}
void put_u32(std::string& out, std::uint32_t v)
{
    put_le(out, v, 4);
}
void put_i64(std::string& out, std::int64_t v)
{
    put_le(out, static_cast<std::uint64_t>(v), 8);
}

void put_bytes(std::string& out, std::string_view bytes)
{
    if (bytes.size() > 0xffffffffu)
        throw std::length_error("wire: a piece of " + describe_bytes(bytes.size()) + " does not fit a frame");
    put_u32(out, static_cast<std::uint32_t>(bytes.size()));
    out.append(bytes);
}

std::string encode_hello(const hello& h)
{
    std::string out(hello_magic);
    put_u32(out, h.version);
    put_i64(out, h.pid);
    return out;
}

std::optional<std::string> decode_hello(std::string_view payload, hello& out)
{
    payload_reader r(payload);
    std::string_view magic;
    if (!r.fixed(hello_magic.size(), magic) || magic != hello_magic)
        return std::string("the worker's hello does not start with the protocol's magic: the worker executable is "
                           "not a Boost.ConcurrentFutures worker, or prints to the protocol pipe");
    if (!r.u32(out.version) || !r.i64(out.pid) || !r.at_end())
        return std::string("malformed hello payload (" + describe_bytes(payload.size()) + ")");
    return std::nullopt;
}

std::optional<std::string> oversized_payload(std::size_t size)
{
    if (size <= default_max_payload)
        return std::nullopt;
    return describe_bytes(size) + " is over the limit of " + describe_bytes(default_max_payload) +
           " for one message between the parent and a worker; split the work into smaller pieces";
}

namespace {

void throw_if_arguments_oversized(std::size_t size)
{
    if (auto why = oversized_payload(size))
        throw std::length_error("the arguments are " + *why);
}

} // namespace

std::string encode_call(std::string_view function, std::string_view arguments)
{
    throw_if_arguments_oversized(4 + function.size() + arguments.size());
    std::string out;
    out.reserve(4 + function.size() + arguments.size());
    put_bytes(out, function);
    out.append(arguments);
    return out;
}

std::string encode_call_head(std::string_view function)
{
    std::string out;
    put_bytes(out, function);
    return out;
}

std::string encode_chunk_head(std::string_view function, std::uint32_t count)
{
    std::string out = encode_call_head(function);
    put_u32(out, count);
    return out;
}

std::optional<std::string> decode_call(std::string_view payload, call& out)
{
    payload_reader r(payload);
    if (!r.bytes(out.function))
        return std::string("malformed call payload: no function name");
    out.arguments = r.rest();
    return std::nullopt;
}

std::string encode_chunk(std::string_view function, std::uint32_t count, std::string_view arguments)
{
    throw_if_arguments_oversized(8 + function.size() + arguments.size());
    std::string out;
    out.reserve(8 + function.size() + arguments.size());
    put_bytes(out, function);
    put_u32(out, count);
    out.append(arguments);
    return out;
}

std::optional<std::string> decode_chunk(std::string_view payload, chunk& out)
{
    payload_reader r(payload);
    if (!r.bytes(out.function))
        return std::string("malformed chunk payload: no function name");
    if (!r.u32(out.count))
        return std::string("malformed chunk payload: no call count");
    out.arguments = r.rest();
    return std::nullopt;
}

std::string encode_chunk_results(std::uint32_t count, std::string_view values)
{
    std::string out;
    out.reserve(4 + values.size());
    put_u32(out, count);
    out.append(values);
    return out;
}

std::optional<std::string> decode_chunk_results(std::string_view payload, chunk_results& out)
{
    payload_reader r(payload);
    if (!r.u32(out.count))
        return std::string("malformed chunk results: no count");
    out.values = r.rest();
    return std::nullopt;
}

std::string encode_error(error_origin origin, std::string_view type_name, std::string_view message)
{
    std::string out;
    put_u16(out, static_cast<std::uint16_t>(origin));
    put_bytes(out, type_name);
    put_bytes(out, message);
    return out;
}

std::optional<std::string> decode_error(std::string_view payload, error_info& out)
{
    payload_reader r(payload);
    std::uint16_t origin = 0;
    if (!r.u16(origin) || origin > static_cast<std::uint16_t>(error_origin::initializer_failed))
        return std::string("malformed error payload: bad origin");
    out.origin = static_cast<error_origin>(origin);
    if (!r.bytes(out.type_name) || !r.bytes(out.message) || !r.at_end())
        return std::string("malformed error payload (" + describe_bytes(payload.size()) + ")");
    return std::nullopt;
}

} // namespace wire
} // namespace detail
} // namespace concurrent_futures
} // namespace boost
