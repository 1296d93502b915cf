// The recording reader on arbitrary bytes: file header, index footer, block headers, the scan
// that finds blocks after damage, zstd and the frame codec. Every frame is walked twice, as text
// and through the canonical-trade shortcut, and the two must agree: a frame the shortcut turns
// into a trade must be the one the live Binance parser makes of its text. Inputs of even size
// have their checksums made right first, so that the logic behind them is reached.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fix_checksums.hpp"
#include "fuzz_check.hpp"
#include "net/exchange_adapter.hpp"
#include "record/recording_reader.hpp"

using namespace flowscope;
using namespace flowscope::record;

namespace {

const ExchangeAdapter* adapter_for(Exchange exchange) {
    static const auto spot = make_adapter(Exchange::BinanceSpot);
    static const auto futures = make_adapter(Exchange::BinanceFutures);
    if (exchange == Exchange::BinanceSpot) return spot.get();
    if (exchange == Exchange::BinanceFutures) return futures.get();
    return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (size % 2 == 0) fuzz::fix_checksums(bytes);
    auto opened = RecordingReader::from_bytes(std::move(bytes), "fuzz.fsrec");
    if (!opened) {
        fuzz::check(!opened.error().empty(), "a refused recording without a reason");
        return 0;
    }
    const auto& reader = *opened;
    for (const RecordingIssue& issue : reader->issues()) fuzz::check(!issue.what.empty(), "an issue without a text");

    FrameCursor as_text(*reader);
    FrameCursor decoded(*reader);
    RecordedFrame text_frame, decoded_frame;
    std::vector<Trade> shortcut, parsed;
    std::uint64_t frames = 0;
    while (as_text.next(text_frame)) {
        ++frames;
        fuzz::check(frames <= reader->frame_count(), "more frames than the blocks hold");
        const std::string text(text_frame.text);
        const std::string symbol(text_frame.symbol);
        shortcut.clear();
        const NextFrame kind = decoded.next_decoded(decoded_frame, shortcut);
        fuzz::check(kind != NextFrame::End, "the decoding cursor ended before the text cursor");
        fuzz::check(decoded_frame.receive_time_us == text_frame.receive_time_us &&
                        decoded_frame.exchange == text_frame.exchange && decoded_frame.symbol == symbol,
                    "the two cursors disagree on a frame's time or stream");
        if (kind == NextFrame::Text) {
            fuzz::check(decoded_frame.text == text, "the two cursors rebuild different text");
            continue;
        }
        const ExchangeAdapter* adapter = adapter_for(text_frame.exchange);
        fuzz::check(adapter != nullptr, "a canonical trade decoded from a stream that is not Binance");
        parsed.clear();
        const FrameResult result = adapter->parse(text, text_frame.receive_time_us, parsed);
        fuzz::check(result.kind == FrameKind::Trades && parsed.size() == 1 && shortcut.size() == 1,
                    "the canonical-trade shortcut took a frame the live parser does not make one trade of: " + text);
        fuzz::check(fuzz::describe(parsed[0]) == fuzz::describe(shortcut[0]),
                    "shortcut trade " + fuzz::describe(shortcut[0]) + " vs live parser " + fuzz::describe(parsed[0]));
    }
    fuzz::check(decoded.next_decoded(decoded_frame, shortcut) == NextFrame::End,
                "the decoding cursor has frames the text cursor did not");

    // Seeking lands on a frame at or after the time asked for.
    if (!reader->blocks().empty()) {
        const std::int64_t middle = reader->min_time_us() / 2 + reader->max_time_us() / 2;
        as_text.seek(middle);
        if (as_text.next(text_frame)) fuzz::check(text_frame.receive_time_us >= middle, "seek landed before its time");
    }
    return 0;
}
