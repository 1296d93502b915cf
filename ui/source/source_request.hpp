#pragma once
// A source the user can pick: a live market or a file to replay. Stored in settings as text
// ("live:binance-futures:BTCUSDT", "file:/path/to/file.csv") for the recent-sources list.
#include <QString>
#include <optional>

namespace flowscope::ui {

struct SourceRequest {
    bool live = true;
    QString exchange;  // live
    QString symbol;    // live
    QString path;      // replay
    // Live: a websocket URL ("ws://127.0.0.1:PORT/ws") used instead of the exchange's own, for a
    // local or test exchange. Not part of key(): recent sources name markets, not endpoints.
    QString endpoint;
    // Live: the exchange's REST API and daily archives elsewhere (a local or test exchange); with a
    // websocket endpoint and no REST one, no history is fetched. Not part of key() either.
    QString rest_endpoint;
    QString archive_endpoint;

    QString key() const;
    QString label() const;  // for menus: "Live · binance-futures BTCUSDT", "Replay · file.csv"
    static std::optional<SourceRequest> from_key(const QString& key);
    static SourceRequest live_market(const QString& exchange, const QString& symbol, const QString& endpoint = {}) {
        return {true, exchange, symbol, {}, endpoint, {}, {}};
    }
    static SourceRequest replay(const QString& path) { return {false, {}, {}, path, {}, {}, {}}; }
    friend bool operator==(const SourceRequest&, const SourceRequest&) = default;
};

// The market opened on first launch.
inline SourceRequest default_live_market() { return SourceRequest::live_market("binance-futures", "BTCUSDT"); }

}  // namespace flowscope::ui
