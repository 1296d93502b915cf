// The frame codec's decoder on arbitrary block payloads (what zstd hands it): control, times,
// number columns and literals. Payloads inside a recording sit behind zstd and two checksums, so
// mutating a recording almost never reaches this; here it is fed directly. The first two bytes
// are the frame count the block header would promise. Every decoded frame must rebuild its text,
// and a frame the canonical-trade shortcut takes must be the live Binance parser's trade.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.hpp"
#include "net/exchange_adapter.hpp"
#include "record/frame_codec.hpp"

using namespace flowscope;
using namespace flowscope::record;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto spot = make_adapter(Exchange::BinanceSpot);
    static const auto futures = make_adapter(Exchange::BinanceFutures);
    if (size < 2) return 0;
    const std::uint32_t expected = data[0] | (std::uint32_t{data[1]} << 8);
    const std::string_view payload(reinterpret_cast<const char*>(data + 2), size - 2);

    DecodedBlock block;
    std::string error;
    if (!block.decode(payload, expected, error)) {
        fuzz::check(!error.empty(), "a payload refused without a reason");
        return 0;
    }
    fuzz::check(block.size() == expected, "decoded " + std::to_string(block.size()) + " frames, the header promised " +
                                              std::to_string(expected));
    std::vector<Trade> shortcut, parsed;
    for (std::size_t i = 0; i < block.size(); ++i) {
        const RecordedFrame frame = block.frame(i);
        const std::string text(frame.text);
        shortcut.clear();
        if (!block.append_canonical_trade(i, shortcut)) {
            fuzz::check(shortcut.empty(), "the shortcut declined a frame but appended a trade");
            continue;
        }
        const ExchangeAdapter* adapter = frame.exchange == Exchange::BinanceSpot      ? spot.get()
                                         : frame.exchange == Exchange::BinanceFutures ? futures.get()
                                                                                       : nullptr;
        fuzz::check(adapter != nullptr, "a canonical trade decoded from a stream that is not Binance");
        parsed.clear();
        const FrameResult result = adapter->parse(text, frame.receive_time_us, parsed);
        fuzz::check(result.kind == FrameKind::Trades && parsed.size() == 1 && shortcut.size() == 1,
                    "the shortcut took a frame the live parser does not make one trade of: " + text);
        fuzz::check(fuzz::describe(parsed[0]) == fuzz::describe(shortcut[0]),
                    "shortcut trade " + fuzz::describe(shortcut[0]) + " vs live parser " + fuzz::describe(parsed[0]));
    }
    return 0;
}
