// Binance spot: wss://stream.binance.com:443/ws, live SUBSCRIBE to <symbol>@aggTrade or @trade.
// Binance sends a ping frame every 20 s (answered by the websocket layer) and closes every
// connection after 24 h, which LiveFeed anticipates.
#include "net/binance_frame.hpp"

namespace flowscope {

namespace {

constexpr std::string_view kHost = "stream.binance.com";
constexpr std::string_view kPort = "443";  // 9443 is documented too; 443 passes more firewalls
constexpr std::string_view kTarget = "/ws";

class BinanceSpotAdapter final : public ExchangeAdapter {
public:
    explicit BinanceSpotAdapter(BinanceStream stream) : stream_(stream) {}

    Exchange exchange() const override { return Exchange::BinanceSpot; }
    Endpoint endpoint(std::span<const std::string>) const override {
        return {std::string(kHost), std::string(kPort), std::string(kTarget), true};
    }
    std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const override {
        return {net_detail::binance_subscribe_message(symbols, stream_)};
    }
    FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const override {
        return net_detail::parse_binance_frame(parser_, Exchange::BinanceSpot, frame, receive_time_us, out);
    }
    std::string normalize_symbol(std::string_view user_symbol) const override {
        return net_detail::upper_symbol(user_symbol, '\0');
    }
    bool trade_ids_are_sequential() const override { return true; }

private:
    BinanceStream stream_;
    mutable net_detail::JsonFrameParser parser_;
};

}  // namespace

std::unique_ptr<ExchangeAdapter> make_binance_spot_adapter(BinanceStream stream) {
    return std::make_unique<BinanceSpotAdapter>(stream);
}

}  // namespace flowscope
