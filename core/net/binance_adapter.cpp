// Binance spot and USD-M futures: the same frames, subscription and keep-alive; only the venue's
// host and path differ. Live SUBSCRIBE to <symbol>@aggTrade or @trade. Binance pings (spot every
// 20 s, USD-M every 3 min; answered by the websocket layer) and closes every connection after
// 24 h, which LiveFeed anticipates.
// Prints that are not aggression: a USD-M `trade` event whose `X` is not "MARKET" (INSURANCE_FUND,
// ADL, NA; USD-M websocket trade fields) has no aggressor; `aggTrade` events and spot `trade`
// events carry no `X` and are all market trades ("the insurance fund trades and ADL trades won't be
// aggregated", USD-M Aggregate Trade Streams). binance_print.hpp holds the rule for every path.
#include "net/binance_frame.hpp"

namespace flowscope {

namespace {

struct BinanceVenue {
    Exchange exchange;
    std::string_view host;
    std::string_view port;
    std::string_view target;
};

// 9443 is documented too; 443 passes more firewalls.
constexpr BinanceVenue kSpot{Exchange::BinanceSpot, "stream.binance.com", "443", "/ws"};
// USD-M routes streams by path: aggTrade and trade belong to /market; a connection on the bare
// /ws path only carries /public (order book) data and would stay silent.
constexpr BinanceVenue kUsdM{Exchange::BinanceFutures, "fstream.binance.com", "443", "/market/ws"};

class BinanceAdapter final : public ExchangeAdapter {
public:
    BinanceAdapter(const BinanceVenue& venue, BinanceStream stream) : venue_(venue), stream_(stream) {}

    Exchange exchange() const override { return venue_.exchange; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(venue_.host), std::string(venue_.port), std::string(venue_.target), true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        return {net_detail::binance_subscribe_message(symbols, stream_)};
    }
    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        return net_detail::parse_binance_frame(parser_, venue_.exchange, frame, receive_time_us, out);
    }
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '\0');
    }
    bool trade_ids_are_sequential() const override { return true; }

private:
    BinanceVenue venue_;
    BinanceStream stream_;
    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_binance_spot_adapter(BinanceStream stream) {
    return std::make_unique<BinanceAdapter>(kSpot, stream);
}

std::unique_ptr<ExchangeAdapter> make_binance_futures_adapter(BinanceStream stream) {
    return std::make_unique<BinanceAdapter>(kUsdM, stream);
}

}  // namespace flowscope
