#pragma once
// The lossless per-frame transform applied to a block before zstd.
//
// Exchange frames of one stream repeat the same text around changing numbers. Each frame is
// split into a template (its text with every plain decimal number replaced by a marker) and
// the numbers themselves; templates are numbered per stream, and each number is stored as the
// difference to the number at the same position in the stream's previous frame. The columns
// (control, receive times, numbers by position, literal text) are kept apart so that zstd sees
// similar bytes together. Decoding rebuilds the exact original text; a frame whose numbers
// cannot be rebuilt byte for byte (leading zeros, > 18 digits) keeps them in its template, and
// a frame containing the marker byte is stored verbatim.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/exchange.hpp"

namespace flowscope::record {

class ByteReader;

// One recorded websocket frame: what arrived, when, and from which stream.
struct RecordedFrame {
    std::int64_t receive_time_us = 0;
    Exchange exchange = Exchange::Unknown;
    std::string_view symbol;
    std::string_view text;
};

class BlockEncoder {
public:
    void add(const RecordedFrame& frame);
    std::uint32_t frame_count() const { return frame_count_; }
    std::size_t encoded_bytes() const;  // size finish() would return, roughly
    std::int64_t min_time_us() const { return min_time_us_; }
    std::int64_t max_time_us() const { return max_time_us_; }
    // The block payload (before compression); resets the encoder for the next block.
    std::string finish();

private:
    struct Stream {
        Exchange exchange;
        std::string symbol;
        std::unordered_map<std::string, std::uint32_t> templates;
        std::vector<std::int64_t> previous;  // last value at each number position
    };
    Stream& stream_for(const RecordedFrame& frame);

    std::vector<Stream> streams_;
    std::string control_, times_, literals_;
    std::vector<std::string> fields_;
    std::string template_;              // scratch
    std::vector<std::int64_t> values_;  // scratch
    std::int64_t previous_time_us_ = 0;
    std::int64_t min_time_us_ = 0;
    std::int64_t max_time_us_ = 0;
    std::uint32_t frame_count_ = 0;
};

// A decoded block: frames point into text, valid while the block lives.
class DecodedBlock {
public:
    // Rebuilds the frames of a payload; on damage returns false and says what is wrong.
    bool decode(std::string_view payload, std::uint32_t expected_frames, std::string& error);
    std::size_t size() const { return frames_.size(); }
    RecordedFrame operator[](std::size_t i) const;
    std::int64_t receive_time_us(std::size_t i) const { return frames_[i].receive_time_us; }

private:
    struct Entry {
        std::int64_t receive_time_us;
        std::uint32_t stream;
        std::uint32_t offset;
        std::uint32_t length;
    };
    // A template cut at its number markers, so that decoding appends whole runs of text.
    struct Template {
        struct Piece {
            std::uint32_t literal_offset, literal_length;  // text before the number
            int decimals;
        };
        std::string text;  // literal text only
        std::vector<Piece> numbers;
        std::uint32_t tail_offset = 0;  // literal text after the last number
    };
    struct Stream {
        Exchange exchange;
        std::string symbol;
        std::vector<Template> templates;
        std::vector<std::int64_t> previous;
    };
    static bool compile(std::string_view marked, Template& out);
    bool expand(const Template& tmpl, Stream& stream, std::vector<ByteReader>& columns, std::string& error);

    std::vector<Stream> streams_;
    Template one_off_;
    std::vector<Entry> frames_;
    std::string text_;
};

}  // namespace flowscope::record
