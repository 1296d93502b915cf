#include "record/trade_file_conversion.hpp"

#include <filesystem>
#include <memory>

#include "io/byte_source.hpp"
#include "io/trade_layout.hpp"
#include "record/frame_synthesis.hpp"

namespace flowscope::record {

namespace {

// The `exchange` column of a Tardis file's first row, as Tardis spells it; empty for other files.
// core/io maps only flowscope's own names ("okex-swap" stays Unknown there), so conversion looks.
std::string tardis_exchange_column(const std::string& path) {
    const OpenedByteSource opened = open_byte_source(path);
    std::string_view block;
    if (!opened.source || !opened.source->next_block(block)) return {};
    if (block.substr(0, 3) == "\xEF\xBB\xBF") block.remove_prefix(3);  // UTF-8 BOM
    std::optional<TradeLayout> layout;
    CsvFields fields;
    std::string why;
    while (!block.empty()) {
        const auto eol = block.find('\n');
        std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        split_csv_line(line, fields);
        if (!layout) {
            layout = detect_trade_layout(fields, why);
            if (!layout || layout->format != TradeFileFormat::Tardis || layout->exchange < 0) return {};
            if (layout->has_header) continue;
        }
        const auto column = static_cast<std::size_t>(layout->exchange);
        return column < fields.count && column < CsvFields::kMaxFields ? std::string(fields[column]) : std::string();
    }
    return {};
}

std::string describe_trade(const Trade& t) {
    return "trade " + (t.id.text.view().empty() ? std::string("without id") : "id " + std::string(t.id.text.view())) +
           " at " + std::to_string(t.exchange_time_us) + " µs";
}

}  // namespace

std::optional<Exchange> exchange_from_tardis_name(std::string_view name) {
    if (name == "bybit-spot") return Exchange::Bybit;
    if (name == "okex" || name == "okex-swap" || name == "okex-futures") return Exchange::Okx;
    if (auto own = exchange_from_name(name); own && *own != Exchange::Unknown) return own;  // binance, bybit, coinbase, kraken…
    return std::nullopt;
}

ConversionResult convert_trade_file(const std::string& in_path, const std::string& out_path,
                                    const TradeFileOptions& options) {
    ConversionResult result;
    if (std::filesystem::exists(out_path)) {
        result.error = out_path + " already exists; not overwriting it";
        return result;
    }
    TradeFileOptions file_options = options;
    std::string tardis_exchange;
    if (file_options.exchange == Exchange::Unknown) {
        tardis_exchange = tardis_exchange_column(in_path);
        if (const auto exchange = exchange_from_tardis_name(tardis_exchange)) file_options.exchange = *exchange;
    }
    std::unique_ptr<RecordingWriter> writer;
    FrameStyle style;
    std::string text, why;
    RecordingWriterOptions writer_options;
    writer_options.flush_interval_us = 0;  // not live: blocks are filled by size
    writer_options.zstd_level = 9;
    const auto on_start = [&](const TradeFileResult& file) {
        if (file.exchange == Exchange::Unknown && !tardis_exchange.empty()) {
            result.error = in_path + ": Tardis exchange \"" + tardis_exchange +
                           "\" has no flowscope adapter (known: binance, binance-futures, bybit, bybit-spot, okex, "
                           "okex-swap, okex-futures, coinbase, kraken)";
            return;
        }
        if (!frame_style_for(file, style, why)) {
            result.error = in_path + ": " + why;
            return;
        }
        writer = RecordingWriter::create(out_path, file.exchange, file.symbol, writer_options, result.error);
    };
    const auto on_trades = [&](std::span<const Trade> trades) {
        if (!writer || !result.error.empty()) return;  // failed already: the rest is read, not written
        for (const Trade& t : trades) {
            text.clear();
            if (!append_exchange_frame(text, t, style, why)) {
                result.error = in_path + ": " + describe_trade(t) + " cannot be written as a " +
                               std::string(exchange_name(style.exchange)) + " frame: " + why;
                return;
            }
            if (!writer->append(RecordedFrame{synthesized_receive_time_us(t), style.exchange, t.symbol.view(), text})) {
                result.error = writer->error();
                return;
            }
        }
    };
    result.file = read_trade_file(in_path, file_options, on_start, on_trades);
    if (!result.file.ok) {
        result.error = result.file.error;
    } else if (result.file.trades == 0) {
        result.error = in_path + " holds no trade";
    }
    if (writer) {
        if (!writer->close() && result.error.empty()) result.error = writer->error();
        result.frames = writer->frames_written();
        result.bytes = writer->bytes_written();
    }
    result.ok = result.error.empty();
    if (!result.ok && writer) std::filesystem::remove(out_path);  // never leave half a conversion behind
    return result;
}

}  // namespace flowscope::record
