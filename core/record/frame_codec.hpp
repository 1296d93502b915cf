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
// a frame containing the marker byte is stored verbatim. Decoding keeps the numbers and rebuilds
// a frame's text on demand.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/exchange.hpp"
#include "model/trade.hpp"
#include "record/binance_template.hpp"

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

// A decoded block. Frames keep their numbers; a frame's text is rebuilt only when asked for, and
// a canonical Binance trade frame can become its Trade without the text (binance_template.hpp).
class DecodedBlock {
public:
    // Rebuilds the frames of a payload; on damage returns false and says what is wrong.
    bool decode(std::string_view payload, std::uint32_t expected_frames, std::string& error);
    std::size_t size() const { return frames_.size(); }
    // Frame i with its exact recorded text; the text is valid until the next call.
    RecordedFrame frame(std::size_t i);
    RecordedFrame frame_without_text(std::size_t i) const;  // time and stream only
    std::int64_t receive_time_us(std::size_t i) const { return frames_[i].receive_time_us; }
    // When frame i is a canonical Binance trade event of a Binance stream, appends exactly the
    // trade the live Binance parser makes of its text and returns true; else appends nothing.
    bool append_canonical_trade(std::size_t i, std::vector<Trade>& out) const;

private:
    static constexpr std::uint32_t kNoTemplate = 0xFFFFFFFF;  // a verbatim frame
    struct Entry {
        std::int64_t receive_time_us;
        std::uint32_t stream;
        std::uint32_t tmpl;    // index into templates_, or kNoTemplate
        std::uint32_t offset;  // into numbers_ (template), or into verbatim_
        std::uint32_t length;  // verbatim text length
    };
    // A template cut at its number markers, so that rebuilding appends whole runs of text.
    struct Template {
        struct Piece {
            std::uint32_t literal_offset, literal_length;  // text before the number
            int decimals;
        };
        std::string text;  // literal text only
        std::vector<Piece> numbers;
        std::uint32_t tail_offset = 0;  // literal text after the last number
        std::optional<BinanceTradeTemplate> binance;
    };
    struct Stream {
        Exchange exchange;
        std::string symbol;
        std::vector<std::uint32_t> templates;  // the stream's template ids → templates_
        std::vector<std::int64_t> previous;
    };
    static bool compile(std::string_view marked, Template& out);
    static std::optional<BinanceTradeTemplate> binance_template(const Template& tmpl);
    bool read_numbers(const Template& tmpl, Stream& stream, std::vector<ByteReader>& columns, std::string& error);

    std::vector<Stream> streams_;
    std::vector<Template> templates_;
    std::vector<Entry> frames_;
    std::vector<std::int64_t> numbers_;
    std::string verbatim_;
    std::string text_;  // the last rebuilt frame
};

}  // namespace flowscope::record
