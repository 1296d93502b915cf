// Every exchange adapter's frame parser on arbitrary text. The first byte picks the adapter, the
// rest is the frame. Besides the sanitizers, it holds two promises: a frame that is not trades
// leaves no trades behind, and for Binance the single-pass scanner, whenever it accepts a frame,
// makes exactly the trade of the simdjson path (and the public parse answers as that path does).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fuzz_check.hpp"
#include "net/adapters.hpp"
#include "net/binance_fast_scan.hpp"
#include "net/binance_frame.hpp"

using namespace flowscope;

namespace {

constexpr std::int64_t kReceiveUs = 1'582'329'602'500'123;

struct Adapters {
    std::vector<std::unique_ptr<ExchangeAdapter>> all;
    Adapters() {
        all.push_back(make_binance_spot_adapter(BinanceStream::AggTrade));
        all.push_back(make_binance_spot_adapter(BinanceStream::Trade));
        all.push_back(make_binance_futures_adapter(BinanceStream::AggTrade));
        all.push_back(make_binance_futures_adapter(BinanceStream::Trade));
        all.push_back(make_bybit_adapter(BybitCategory::Spot));
        all.push_back(make_bybit_adapter(BybitCategory::Linear));
        all.push_back(make_okx_adapter());
        all.push_back(make_coinbase_adapter());
        all.push_back(make_kraken_adapter());
    }
};

std::string results_differ(const FrameResult& a, const std::vector<Trade>& ta, const FrameResult& b,
                           const std::vector<Trade>& tb) {
    if (a.kind != b.kind) return "kinds differ: " + std::to_string(int(a.kind)) + " vs " + std::to_string(int(b.kind));
    if (a.message != b.message) return "messages differ: '" + a.message + "' vs '" + b.message + "'";
    if (ta.size() != tb.size()) return "trade counts differ";
    for (std::size_t i = 0; i < ta.size(); ++i)
        if (fuzz::describe(ta[i]) != fuzz::describe(tb[i]))
            return "trades differ: " + fuzz::describe(ta[i]) + " vs " + fuzz::describe(tb[i]);
    return {};
}

void check_binance_paths(Exchange exchange, std::string_view frame) {
    static net_detail::JsonFrameParser parser;
    std::vector<Trade> fast, generic, via_public;
    const bool fast_took_it = net_detail::append_canonical_binance_trade(exchange, frame, kReceiveUs, fast);
    const FrameResult generic_result =
        net_detail::parse_binance_frame_generic(parser, exchange, frame, kReceiveUs, generic);
    const FrameResult public_result = net_detail::parse_binance_frame(parser, exchange, frame, kReceiveUs, via_public);
    fuzz::check(fast_took_it || fast.empty(), "the Binance scanner declined a frame but appended a trade");
    const std::string public_vs_generic = results_differ(public_result, via_public, generic_result, generic);
    fuzz::check(public_vs_generic.empty(), "Binance public parse vs simdjson path: " + public_vs_generic);
    if (fast_took_it) {
        const std::string fast_vs_generic = results_differ(FrameResult{FrameKind::Trades, {}}, fast, generic_result, generic);
        fuzz::check(fast_vs_generic.empty(), "Binance scanner vs simdjson path: " + fast_vs_generic);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Adapters adapters;
    if (size < 1) return 0;
    const ExchangeAdapter& adapter = *adapters.all[data[0] % adapters.all.size()];
    const std::string_view frame(reinterpret_cast<const char*>(data + 1), size - 1);

    std::vector<Trade> trades(1);  // one trade already there: a parser must only append
    const std::string before = fuzz::describe(trades[0]);
    const FrameResult result = adapter.parse(frame, kReceiveUs, trades);
    fuzz::check(fuzz::describe(trades[0]) == before, "a parser changed a trade that was already in its output");
    if (result.kind != FrameKind::Trades) fuzz::check(trades.size() == 1, "a frame that is not trades left trades behind");
    if ((result.kind == FrameKind::Malformed || result.kind == FrameKind::Error))
        fuzz::check(!result.message.empty(), "a malformed or error frame without a message");

    const Exchange exchange = adapter.exchange();
    if (exchange == Exchange::BinanceSpot || exchange == Exchange::BinanceFutures) check_binance_paths(exchange, frame);
    return 0;
}
