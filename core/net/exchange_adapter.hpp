#pragma once
// What flowscope needs to know about one exchange's websocket trade feed. One implementation
// per exchange, each in its own small file; the websocket session drives them through this.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/exchange.hpp"
#include "model/trade.hpp"

namespace flowscope {

struct Endpoint {
    std::string host;    // "fstream.binance.com"
    std::string port;    // "443"
    std::string target;  // "/ws" (path and query)
    bool tls = true;
};

// What one text frame turned out to be.
enum class FrameKind : std::uint8_t {
    Trades,        // zero or more trades were appended
    Ack,           // subscription acknowledged
    Heartbeat,     // keep-alive (pong, heartbeat channel): proves the connection is alive
    Error,         // the exchange reported an error: shown to the user, never dropped silently
    Unknown,       // well formed but not for us (depth, bookTicker, tickers… of a combined stream): ignored and counted
    Malformed,     // not parseable: counted, never a trade
};

struct FrameResult {
    FrameKind kind = FrameKind::Unknown;
    std::string message;  // for Error and Malformed: what was wrong, for people
};

class ExchangeAdapter {
public:
    virtual ~ExchangeAdapter() = default;

    virtual Exchange exchange() const = 0;
    // Where to connect for these symbols (Binance puts the streams in the URL).
    virtual Endpoint endpoint(std::span<const std::string> symbols) const = 0;
    // Messages to send after the handshake, in order (empty when the URL subscribes).
    virtual std::vector<std::string> subscribe_messages(std::span<const std::string> symbols) const = 0;
    // Parses one text frame; appends trades (each stamped with receive_time_us) to out.
    virtual FrameResult parse(std::string_view frame, std::int64_t receive_time_us, std::vector<Trade>& out) const = 0;
    // Application-level ping the exchange wants, and how often; empty/0 when the protocol ping suffices.
    virtual std::string application_ping() const { return {}; }
    virtual int application_ping_interval_s() const { return 0; }
    // The exchange's own spelling of a symbol typed by the user ("btcusdt" → "BTCUSDT").
    virtual std::string normalize_symbol(std::string_view user_symbol) const = 0;
    // True when consecutive trades of one symbol carry consecutive TradeId numbers (Binance
    // aggTrade `a`, trade `t`), so a jump in the ids is a gap with a known count of missed trades.
    virtual bool trade_ids_are_sequential() const { return false; }
};

// The default adapter of each exchange (Binance: aggTrade stream; Bybit: linear); nullptr for
// Exchange::Unknown. net/adapters.hpp makes the other variants.
std::unique_ptr<ExchangeAdapter> make_adapter(Exchange exchange);

}  // namespace flowscope
