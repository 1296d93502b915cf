#include "record/trade_file_conversion.hpp"

#include <filesystem>
#include <memory>

#include "record/frame_synthesis.hpp"

namespace flowscope::record {

namespace {

std::string describe_trade(const Trade& t) {
    return "trade " + (t.id.text.view().empty() ? std::string("without id") : "id " + std::string(t.id.text.view())) +
           " at " + std::to_string(t.exchange_time_us) + " µs";
}

}  // namespace

ConversionResult convert_trade_file(const std::string& in_path, const std::string& out_path,
                                    const TradeFileOptions& options) {
    ConversionResult result;
    if (std::filesystem::exists(out_path)) {
        result.error = out_path + " already exists; not overwriting it";
        return result;
    }
    std::unique_ptr<RecordingWriter> writer;
    FrameStyle style;
    std::string text;
    RecordingWriterOptions writer_options;
    writer_options.flush_interval_us = 0;  // not live: blocks are filled by size
    writer_options.zstd_level = 9;
    const auto on_start = [&](const TradeFileResult& file) {
        if (file.exchange == Exchange::Unknown && !file.exchange_name.empty()) {
            result.error = in_path + ": Tardis exchange \"" + file.exchange_name +
                           "\" has no flowscope adapter (known: binance, binance-futures, bybit, bybit-spot, okex, "
                           "okex-swap, okex-futures, coinbase, kraken)";
            return;
        }
        auto chosen = frame_style_for(file);
        if (!chosen) {
            result.error = in_path + ": " + chosen.error();
            return;
        }
        style = *chosen;
        auto created = RecordingWriter::create(out_path, file.exchange, file.symbol, writer_options);
        if (created) writer = std::move(*created);
        else result.error = created.error();
    };
    const auto on_trades = [&](std::span<const Trade> trades) {
        if (!writer || !result.error.empty()) return;  // failed already: the rest is read, not written
        for (const Trade& t : trades) {
            text.clear();
            if (auto written = append_exchange_frame(text, t, style); !written) {
                result.error = in_path + ": " + describe_trade(t) + " cannot be written as a " +
                               std::string(exchange_name(style.exchange)) + " frame: " + written.error();
                return;
            }
            if (!writer->append(RecordedFrame{synthesized_receive_time_us(t), style.exchange, t.symbol.view(), text})) {
                result.error = writer->error();
                return;
            }
        }
    };
    result.file = read_trade_file(in_path, options, on_start, on_trades);
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
