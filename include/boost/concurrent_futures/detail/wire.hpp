//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef BOOST_CONCURRENT_FUTURES_DETAIL_WIRE_HPP
#define BOOST_CONCURRENT_FUTURES_DETAIL_WIRE_HPP

// The process pool's wire protocol. Every message is a frame:
//
//     u32 payload length | u16 kind | u16 flags | u64 task id | payload
//
// little-endian, 16-byte header. The parent writes tasks to the worker's fd 3
// and reads results from its fd 4; the worker's stdout and stderr stay the
// parent's. The worker says hello first (magic, protocol version, pid).
//
// A large payload (a task's, a chunk's, a result's) lies in shared memory
// instead (shared_region.hpp): the frame has flag_shared, and its payload on
// the pipe is a region_ref (u64 offset | u64 length) naming the bytes of a
// region whose descriptor the sender passed just before, over the unix
// socket that is the worker's fd 5 (one region per such frame, in order).
//
// Nothing here trusts its input: every length is checked against what is
// there, and a malformed frame or payload is reported, never read past.

#include <boost/concurrent_futures/config.hpp>
#include <boost/concurrent_futures/detail/shared_region.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace concurrent_futures {
namespace detail {
namespace wire {

// 2: region_done, and results in regions the worker reuses.
// 3: vectors of bitwise elements in the direct archive (detail/serialization.hpp).
inline constexpr std::uint32_t protocol_version = 3;
inline constexpr std::size_t header_size = 16;
// Far above any sane argument or result, far below what could exhaust memory.
inline constexpr std::uint32_t default_max_payload = 1u << 30;
inline constexpr std::string_view hello_magic = "BCFWORKR";

// The worker's file descriptors for the protocol.
inline constexpr int worker_task_fd = 3;
inline constexpr int worker_result_fd = 4;
// The unix socket the regions of large payloads travel over, both ways.
inline constexpr int worker_region_fd = 5;

// Marks a worker invocation on the command line.
inline constexpr std::string_view worker_flag = "--boost-concurrent-futures-worker";

enum class kind : std::uint16_t
{
    // parent -> worker
    task = 1,          // call payload: one call
    chunk = 2,         // chunk payload: several calls of one function
    initialize = 3,    // call payload: the pool's initializer
    stop = 4,          // no payload: exit cleanly
    region_done = 5,   // no payload: the parent has read the region of its answer to task_id
                       // worker -> parent
    hello = 16,        // hello payload
    result = 17,       // the result, serialized (empty for void)
    chunk_result = 18, // chunk_results payload
    error = 19,        // error payload
    initialized = 20,  // no payload
};

const char* to_string(kind k) noexcept;
BOOST_CONCURRENT_FUTURES_DECL bool is_known(kind k) noexcept;

struct header
{
    std::uint32_t length = 0;
    kind type = kind::task;
    std::uint16_t flags = 0;
    std::uint64_t task_id = 0;
};

BOOST_CONCURRENT_FUTURES_DECL void encode_header(const header& h, unsigned char* out) noexcept;
BOOST_CONCURRENT_FUTURES_DECL header decode_header(const unsigned char* in) noexcept;

// header::flags: the payload is in shared memory; the frame carries a region_ref.
inline constexpr std::uint16_t flag_shared = 1;

// Why a frame with this header is malformed for its flags (reserved flags
// set, flag_shared on a kind that never carries it or with a payload that
// is not a region_ref), or nullopt.
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> flags_problem(const header& h);

// Which bytes of the region passed with a flag_shared frame hold its payload.
struct region_ref
{
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};
inline constexpr std::size_t region_ref_size = 16;
BOOST_CONCURRENT_FUTURES_DECL std::string encode_region_ref(const region_ref& r);
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_region_ref(std::string_view payload, region_ref& out);

struct frame
{
    header head;
    std::string payload; // a region_ref with flag_shared
    // With flag_shared, once the transport has mapped the bytes: in `region`,
    // or in a mapping it keeps for the next payload in the same region
    // (`mapped` then views them; valid while the frame is handled).
    shared_region region{};
    std::string_view mapped{};

    // The payload itself, wherever it lies.
    std::string_view body() const noexcept
    {
        if (region)
            return region.view();
        return (head.flags & flag_shared) ? mapped : std::string_view(payload);
    }
};

// Incremental parser for the parent's side: feed it what the pipe gave, take
// whole frames out. After an error it stays failed.
class BOOST_CONCURRENT_FUTURES_DECL frame_reader
{
public:
    explicit frame_reader(std::uint32_t max_payload = default_max_payload) noexcept : max_payload_(max_payload) {}

    // Consumes up to `size` bytes; returns how many were used (all of them
    // unless a frame completed or the stream failed).
    std::size_t feed(const unsigned char* data, std::size_t size);

    // A complete frame, if one is ready.
    std::optional<frame> next();

    bool failed() const noexcept { return !error_.empty(); }
    const std::string& error() const noexcept { return error_; }

    // The stream ended: an error if it ended inside a frame.
    void finish();

    // Bytes buffered toward an incomplete frame.
    std::size_t partial_bytes() const noexcept { return have_header_ ? header_size + payload_.size() : header_fill_; }

private:
    std::uint32_t max_payload_;
    unsigned char header_buf_[header_size] = {};
    std::size_t header_fill_ = 0;
    bool have_header_ = false;
    header current_{};
    std::string payload_;
    std::vector<frame> ready_;
    std::size_t ready_head_ = 0;
    std::string error_;
};

// Appends a frame to `out`.
BOOST_CONCURRENT_FUTURES_DECL void append_frame(std::string& out, kind k, std::uint64_t task_id,
                                                std::string_view payload, std::uint16_t flags = 0);

// --- payloads --------------------------------------------------------------------

// Reads length-prefixed pieces out of a payload without ever reading past it.
class BOOST_CONCURRENT_FUTURES_DECL payload_reader
{
public:
    explicit payload_reader(std::string_view data) noexcept : data_(data) {}

    bool u16(std::uint16_t& out) noexcept;
    bool u32(std::uint32_t& out) noexcept;
    bool i64(std::int64_t& out) noexcept;
    // A u32 length, then that many bytes.
    bool bytes(std::string_view& out) noexcept;
    bool fixed(std::size_t n, std::string_view& out) noexcept;
    std::string_view rest() noexcept;
    bool at_end() const noexcept { return pos_ == data_.size(); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

BOOST_CONCURRENT_FUTURES_DECL void put_u16(std::string& out, std::uint16_t v);
BOOST_CONCURRENT_FUTURES_DECL void put_u32(std::string& out, std::uint32_t v);
BOOST_CONCURRENT_FUTURES_DECL void put_i64(std::string& out, std::int64_t v);
BOOST_CONCURRENT_FUTURES_DECL void put_bytes(std::string& out, std::string_view bytes);

struct hello
{
    std::uint32_t version = 0;
    std::int64_t pid = 0;
};
BOOST_CONCURRENT_FUTURES_DECL std::string encode_hello(const hello& h);
// Error text, or nullopt and `out` filled.
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_hello(std::string_view payload, hello& out);

// Why a payload of `size` bytes cannot travel in one frame, or nullopt if it can.
// Checked before sending, so one oversized value fails its own future only
// and never reaches the peer as a frame it must treat as a protocol break.
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> oversized_payload(std::size_t size);

// One call: function name, then its serialized arguments.
struct call
{
    std::string_view function;
    std::string_view arguments;
};
// Both throw std::length_error when the payload would be oversized.
// Exported (as is decode_chunk_results): process_pool_executor's templates call them.
BOOST_CONCURRENT_FUTURES_DECL std::string encode_call(std::string_view function, std::string_view arguments);
// What precedes the arguments in a call payload, for a writer that puts them
// after it itself (no limit: a large payload goes through shared memory).
BOOST_CONCURRENT_FUTURES_DECL std::string encode_call_head(std::string_view function);
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_call(std::string_view payload, call& out);

// Several calls of one function (map with a chunksize): their arguments in
// one archive, one call after the other.
struct chunk
{
    std::string_view function;
    std::uint32_t count = 0;
    std::string_view arguments;
};
BOOST_CONCURRENT_FUTURES_DECL std::string encode_chunk(std::string_view function, std::uint32_t count,
                                                       std::string_view arguments);
BOOST_CONCURRENT_FUTURES_DECL std::string encode_chunk_head(std::string_view function, std::uint32_t count);
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_chunk(std::string_view payload, chunk& out);

// A chunk's results: how many, then one archive holding them all.
struct chunk_results
{
    std::uint32_t count = 0;
    std::string_view values;
};
BOOST_CONCURRENT_FUTURES_DECL std::string encode_chunk_results(std::uint32_t count, std::string_view values);
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_chunk_results(std::string_view payload,
                                                                              chunk_results& out);

// What went wrong in a worker.
enum class error_origin : std::uint16_t
{
    raised = 0,             // the function threw
    bad_arguments = 1,      // the worker could not deserialize the arguments
    bad_result = 2,         // the worker could not serialize the result
    unknown_function = 3,   // no such registered function in the worker
    initializer_failed = 4, // the pool's initializer threw
};

struct error_info
{
    error_origin origin = error_origin::raised;
    std::string_view type_name;
    std::string_view message;
};
BOOST_CONCURRENT_FUTURES_DECL std::string encode_error(error_origin origin, std::string_view type_name,
                                                       std::string_view message);
BOOST_CONCURRENT_FUTURES_DECL std::optional<std::string> decode_error(std::string_view payload, error_info& out);

} // namespace wire
} // namespace detail
} // namespace concurrent_futures
} // namespace boost

#endif
