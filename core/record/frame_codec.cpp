#include "record/frame_codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "record/byte_io.hpp"

namespace flowscope::record {

namespace {
// Template byte that stands for one number; the byte after it is the count of decimals.
constexpr char kNumberMarker = '\x01';
constexpr int kMaxDigits = 18;                 // fits an int64 with room for deltas
constexpr std::size_t kFieldColumns = 14;      // numbers past this position share the last column
constexpr std::size_t kSections = 3 + kFieldColumns;  // control, times, fields…, literals
constexpr std::uint32_t kMaxTemplatesPerStream = 4096;
// Template codes in the control column.
constexpr std::uint64_t kVerbatim = 0;  // the frame text follows in the literals column
constexpr std::uint64_t kInline = 1;    // a one-off template follows in the literals column
constexpr std::uint64_t kFirstTemplate = 2;

constexpr std::int64_t kMaxNumber = 999'999'999'999'999'999;

// Two's-complement arithmetic without signed overflow: any int64 difference round-trips.
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Splits text into template + numbers. False when the frame must be stored verbatim.
bool split_frame(std::string_view text, std::string& tmpl, std::vector<std::int64_t>& values) {
    tmpl.clear();
    values.clear();
    if (text.find(kNumberMarker) != std::string_view::npos) return false;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            tmpl.push_back(text[i++]);
            continue;
        }
        std::size_t int_end = i;
        while (int_end < text.size() && is_digit(text[int_end])) ++int_end;
        std::size_t end = int_end;
        if (end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1])) {
            ++end;
            while (end < text.size() && is_digit(text[end])) ++end;
        }
        const std::size_t decimals = end == int_end ? 0 : end - int_end - 1;
        const std::size_t digits = (int_end - i) + decimals;
        // Only numbers that decode back to the same text: no leading zero before more digits.
        const bool canonical = (int_end - i == 1 || text[i] != '0') && digits <= kMaxDigits;
        if (!canonical) {
            tmpl.append(text.substr(i, end - i));
            i = end;
            continue;
        }
        std::int64_t v = 0;
        for (std::size_t k = i; k < end; ++k)
            if (text[k] != '.') v = v * 10 + (text[k] - '0');
        tmpl.push_back(kNumberMarker);
        tmpl.push_back(static_cast<char>(decimals));
        values.push_back(v);
        i = end;
    }
    return true;
}

// Writes v with exactly `decimals` fractional digits and at least one integer digit at `at`;
// returns the end. Room for 21 characters is the caller's.
char* write_number(char* at, std::int64_t v, int decimals) {
    std::array<char, 24> digits{};
    const auto len = static_cast<int>(std::to_chars(digits.data(), digits.data() + digits.size(), v).ptr - digits.data());
    if (decimals == 0) return std::copy_n(digits.data(), len, at);
    if (len <= decimals) {
        *at++ = '0';
        *at++ = '.';
        at = std::fill_n(at, decimals - len, '0');
        return std::copy_n(digits.data(), len, at);
    }
    at = std::copy_n(digits.data(), len - decimals, at);
    *at++ = '.';
    return std::copy_n(digits.data() + len - decimals, decimals, at);
}

std::string& column_for(std::vector<std::string>& fields, std::size_t position) {
    return fields[position < kFieldColumns ? position : kFieldColumns - 1];
}
}  // namespace

BlockEncoder::Stream& BlockEncoder::stream_for(const RecordedFrame& frame) {
    for (std::size_t s = 0; s < streams_.size(); ++s) {
        if (streams_[s].exchange == frame.exchange && streams_[s].symbol == frame.symbol) {
            put_varint(control_, s);
            return streams_[s];
        }
    }
    put_varint(control_, streams_.size());  // a new stream: its name follows
    control_.push_back(static_cast<char>(frame.exchange));
    put_varint(control_, frame.symbol.size());
    control_.append(frame.symbol);
    streams_.push_back(Stream{frame.exchange, std::string(frame.symbol), {}, {}});
    return streams_.back();
}

void BlockEncoder::add(const RecordedFrame& frame) {
    if (fields_.empty()) fields_.resize(kFieldColumns);
    // Min and max, not first and last: a clock stepped back must not make the block look damaged.
    if (frame_count_ == 0 || frame.receive_time_us < min_time_us_) min_time_us_ = frame.receive_time_us;
    if (frame_count_ == 0 || frame.receive_time_us > max_time_us_) max_time_us_ = frame.receive_time_us;
    ++frame_count_;
    put_varint(times_, zigzag(wrapping_sub(frame.receive_time_us, previous_time_us_)));
    previous_time_us_ = frame.receive_time_us;

    Stream& stream = stream_for(frame);
    if (!split_frame(frame.text, template_, values_)) {
        put_varint(control_, kVerbatim);
        put_varint(literals_, frame.text.size());
        literals_.append(frame.text);
        return;
    }
    auto found = stream.templates.find(template_);
    if (found != stream.templates.end()) {
        put_varint(control_, kFirstTemplate + found->second);
    } else if (stream.templates.size() < kMaxTemplatesPerStream) {
        const auto id = static_cast<std::uint32_t>(stream.templates.size());
        stream.templates.emplace(template_, id);
        put_varint(control_, kFirstTemplate + id);  // the next free id: defined here
        put_varint(literals_, template_.size());
        literals_.append(template_);
    } else {
        put_varint(control_, kInline);
        put_varint(literals_, template_.size());
        literals_.append(template_);
    }
    if (stream.previous.size() < values_.size()) stream.previous.resize(values_.size(), 0);
    for (std::size_t k = 0; k < values_.size(); ++k) {
        put_varint(column_for(fields_, k), zigzag(values_[k] - stream.previous[k]));
        stream.previous[k] = values_[k];
    }
}

std::size_t BlockEncoder::encoded_bytes() const {
    std::size_t n = control_.size() + times_.size() + literals_.size();
    for (const std::string& f : fields_) n += f.size();
    return n;
}

std::string BlockEncoder::finish() {
    if (fields_.empty()) fields_.resize(kFieldColumns);
    std::string out;
    out.reserve(encoded_bytes() + 64);
    put_varint(out, kSections);
    put_varint(out, control_.size());
    put_varint(out, times_.size());
    for (const std::string& f : fields_) put_varint(out, f.size());
    put_varint(out, literals_.size());
    out += control_;
    out += times_;
    for (const std::string& f : fields_) out += f;
    out += literals_;

    streams_.clear();
    control_.clear();
    times_.clear();
    literals_.clear();
    for (std::string& f : fields_) f.clear();
    previous_time_us_ = 0;
    frame_count_ = 0;
    return out;
}

bool DecodedBlock::decode(std::string_view payload, std::uint32_t expected_frames, std::string& error) {
    streams_.clear();
    templates_.clear();
    frames_.clear();
    numbers_.clear();
    verbatim_.clear();
    ByteReader head(payload);
    const auto sections = head.varint();
    if (!sections || *sections != kSections) {
        error = "block payload has an unknown layout";
        return false;
    }
    std::array<std::uint64_t, kSections> lengths{};
    std::uint64_t total = 0;
    for (auto& len : lengths) {
        const auto v = head.varint();
        if (!v || *v > payload.size()) {
            error = "block payload section table is damaged";
            return false;
        }
        len = *v;
        total += len;
    }
    auto body = head.bytes(total);
    if (!body || !head.at_end()) {
        error = "block payload sections do not add up to its size";
        return false;
    }
    std::vector<ByteReader> col;
    col.reserve(kSections);
    std::size_t at = 0;
    for (std::size_t s = 0; s < kSections; ++s) {
        col.emplace_back(body->substr(at, lengths[s]));
        at += lengths[s];
    }
    ByteReader& control = col[0];
    ByteReader& times = col[1];
    ByteReader& literals = col[kSections - 1];
    auto fail = [&](const char* what) {
        error = std::string("frame ") + std::to_string(frames_.size()) + ": " + what;
        return false;
    };

    frames_.reserve(expected_frames);
    numbers_.reserve(std::size_t{expected_frames} * 10);
    std::int64_t time = 0;
    for (std::uint32_t f = 0; f < expected_frames; ++f) {
        const auto dt = times.varint();
        const auto stream_id = control.varint();
        if (!dt || !stream_id) return fail("control or time column ends early");
        time = wrapping_add(time, unzigzag(*dt));
        if (*stream_id == streams_.size()) {
            const auto ex = control.byte();
            const auto len = control.varint();
            if (!ex || !len) return fail("stream definition is cut");
            const auto sym = control.bytes(*len);
            if (!sym) return fail("stream symbol is cut");
            streams_.push_back(Stream{static_cast<Exchange>(*ex), std::string(*sym), {}, {}});
        } else if (*stream_id > streams_.size()) {
            return fail("refers to an undefined stream");
        }
        Stream& stream = streams_[*stream_id];
        const auto code = control.varint();
        if (!code) return fail("template code missing");
        Entry entry{time, static_cast<std::uint32_t>(*stream_id), kNoTemplate, 0, 0};
        if (*code == kVerbatim) {
            const auto len = literals.varint();
            const auto text = len ? literals.bytes(*len) : std::nullopt;
            if (!text) return fail("verbatim text is cut");
            entry.offset = static_cast<std::uint32_t>(verbatim_.size());
            entry.length = static_cast<std::uint32_t>(text->size());
            verbatim_.append(*text);
        } else {
            if (*code == kInline || *code == kFirstTemplate + stream.templates.size()) {
                const auto len = literals.varint();
                const auto text = len ? literals.bytes(*len) : std::nullopt;
                if (!text) return fail("template text is cut");
                Template& added = templates_.emplace_back();
                if (!compile(*text, added)) return fail("template has a broken number marker");
                if (stream.exchange == Exchange::BinanceFutures || stream.exchange == Exchange::BinanceSpot)
                    added.binance = binance_template(added);
                entry.tmpl = static_cast<std::uint32_t>(templates_.size() - 1);
                if (*code != kInline) stream.templates.push_back(entry.tmpl);
            } else if (*code - kFirstTemplate < stream.templates.size()) {
                entry.tmpl = stream.templates[*code - kFirstTemplate];
            } else {
                return fail("refers to an undefined template");
            }
            entry.offset = static_cast<std::uint32_t>(numbers_.size());
            std::string why;
            if (!read_numbers(templates_[entry.tmpl], stream, col, why)) return fail(why.c_str());
        }
        frames_.push_back(entry);
    }
    for (const ByteReader& c : col)
        if (!c.at_end()) return fail("columns hold more data than the frames use");
    return true;
}

bool DecodedBlock::compile(std::string_view marked, Template& out) {
    out.text.clear();
    out.numbers.clear();
    std::uint32_t run_start = 0;
    for (std::size_t i = 0; i < marked.size(); ++i) {
        if (marked[i] != kNumberMarker) {
            out.text.push_back(marked[i]);
            continue;
        }
        if (i + 1 >= marked.size()) return false;
        const int decimals = static_cast<unsigned char>(marked[++i]);
        if (decimals > kMaxDigits) return false;
        const auto end = static_cast<std::uint32_t>(out.text.size());
        out.numbers.push_back(Template::Piece{run_start, end - run_start, decimals});
        run_start = end;
    }
    out.tail_offset = run_start;
    return true;
}

std::optional<BinanceTradeTemplate> DecodedBlock::binance_template(const Template& tmpl) {
    std::vector<std::string_view> literals;
    std::vector<int> decimals;
    const std::string_view text = tmpl.text;
    for (const Template::Piece& piece : tmpl.numbers) {
        literals.push_back(text.substr(piece.literal_offset, piece.literal_length));
        decimals.push_back(piece.decimals);
    }
    literals.push_back(text.substr(tmpl.tail_offset));
    return binance_trade_template(CutTemplate{literals, decimals});
}

bool DecodedBlock::read_numbers(const Template& tmpl, Stream& stream, std::vector<ByteReader>& col, std::string& error) {
    // Every replayed frame passes here: plain pointers, and values checked all at once at the end.
    const std::size_t count = tmpl.numbers.size();
    if (stream.previous.size() < count) stream.previous.resize(count, 0);
    const std::size_t start = numbers_.size();
    numbers_.resize(start + count);
    std::int64_t* out = numbers_.data() + start;
    std::int64_t* previous = stream.previous.data();
    ByteReader* fields = col.data() + 2;
    std::uint64_t out_of_range = 0;
    for (std::size_t position = 0; position < count; ++position) {
        const auto delta = fields[std::min(position, kFieldColumns - 1)].varint();
        if (!delta) {
            error = "number column ends early";
            return false;
        }
        const std::int64_t v = wrapping_add(previous[position], unzigzag(*delta));
        out_of_range |= static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(kMaxNumber);  // negatives too
        previous[position] = v;
        out[position] = v;
    }
    if (out_of_range) {
        error = "number decodes out of range";
        return false;
    }
    return true;
}

RecordedFrame DecodedBlock::frame(std::size_t i) {
    const Entry& e = frames_[i];
    const Stream& s = streams_[e.stream];
    if (e.tmpl == kNoTemplate)
        return RecordedFrame{e.receive_time_us, s.exchange, s.symbol, std::string_view(verbatim_).substr(e.offset, e.length)};
    // Write straight into the text buffer, sized for the longest possible numbers, then trim.
    const Template& tmpl = templates_[e.tmpl];
    text_.resize(tmpl.text.size() + tmpl.numbers.size() * 21);
    char* at = text_.data();
    const char* literal = tmpl.text.data();
    const std::int64_t* numbers = numbers_.data() + e.offset;
    for (std::size_t position = 0; position < tmpl.numbers.size(); ++position) {
        const Template::Piece& piece = tmpl.numbers[position];
        at = std::copy_n(literal + piece.literal_offset, piece.literal_length, at);
        at = write_number(at, numbers[position], piece.decimals);
    }
    at = std::copy(literal + tmpl.tail_offset, literal + tmpl.text.size(), at);
    text_.resize(static_cast<std::size_t>(at - text_.data()));
    return RecordedFrame{e.receive_time_us, s.exchange, s.symbol, text_};
}

RecordedFrame DecodedBlock::frame_without_text(std::size_t i) const {
    const Entry& e = frames_[i];
    const Stream& s = streams_[e.stream];
    return RecordedFrame{e.receive_time_us, s.exchange, s.symbol, {}};
}

bool DecodedBlock::append_canonical_trade(std::size_t i, std::vector<Trade>& out) const {
    const Entry& e = frames_[i];
    if (e.tmpl == kNoTemplate) return false;
    const Template& tmpl = templates_[e.tmpl];
    return tmpl.binance && append_binance_trade(*tmpl.binance, numbers_.data() + e.offset, streams_[e.stream].exchange,
                                                e.receive_time_us, out);
}

}  // namespace flowscope::record
