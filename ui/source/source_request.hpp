#pragma once
// A source the user can pick: a live market, a file to replay, or a group of files (one market
// traded on several exchanges, merged). Stored in settings and layouts as text for the
// recent-sources list: "live:binance-futures:BTCUSDT", "file:/path/to/file.csv",
// "group:/a.fsrec|/b.csv|/c.csv" (members in the group's order; "%" and "|" in a path written as
// %25 and %7C, a leading "*" as %2A; a last field "*quote-mix" when a mix of quote currencies was
// accepted), a live group "group:live:binance-futures:BTCUSDT|live:bybit:BTCUSDT" (every member
// live: the markets, not files).
#include <QString>
#include <QStringList>
#include <optional>

namespace flowscope::ui {

struct SourceRequest {
    bool live = true;
    QString exchange;  // live
    QString symbol;    // live
    // Replay: the file. A group: its key, so that whatever opens a replay by path opens the group
    // (the source worker reads a "group:" path as a group).
    QString path;
    // Live: a websocket URL ("ws://127.0.0.1:PORT/ws") used instead of the exchange's own, for a
    // local or test exchange. Not part of key(): recent sources name markets, not endpoints.
    QString endpoint;
    // Live: the exchange's REST API and daily archives elsewhere (a local or test exchange); with a
    // websocket endpoint and no REST one, no history is fetched. Not part of key() either.
    QString rest_endpoint;
    QString archive_endpoint;
    // A group: each member's recording or trade file, in the group's order (ties between trades
    // of one exchange time go to the earlier member), and whether a mix of quote currencies
    // (USD, USDT, USDC) was accepted. Empty for a market or a file.
    QStringList members;
    bool accept_quote_mix = false;
    // A live group: each member's websocket URL (empty: the exchange's own), in the members'
    // order; empty for none. Not part of key(), but of path: the worker opens a group from its path
    // (a member's field "live:EX:SYM@ws://…"), so a local exchange reaches it the way files do.
    QStringList member_endpoints;

    bool group() const { return !members.isEmpty(); }
    bool live_group() const { return group() && members.front().startsWith(QStringLiteral("live:")); }
    QString key() const;
    QString label() const;  // for menus: "Live · binance-futures BTCUSDT", "Replay · file.csv", "Group ×3 · a.fsrec + b.csv + c.csv"
    static std::optional<SourceRequest> from_key(const QString& key);
    static SourceRequest live_market(const QString& exchange, const QString& symbol, const QString& endpoint = {}) {
        return {true, exchange, symbol, {}, endpoint, {}, {}, {}, false, {}};
    }
    static SourceRequest replay(const QString& path) { return {false, {}, {}, path, {}, {}, {}, {}, false, {}}; }
    static SourceRequest group_of(const QStringList& members, bool accept_quote_mix = false);
    // markets as "EXCHANGE:SYMBOL" ("binance-futures:BTCUSDT"); endpoints as member_endpoints.
    static SourceRequest live_group_of(const QStringList& markets, const QStringList& endpoints = {},
                                       bool accept_quote_mix = false);
    friend bool operator==(const SourceRequest&, const SourceRequest&) = default;
};

// The market opened on first launch.
inline SourceRequest default_live_market() { return SourceRequest::live_market("binance-futures", "BTCUSDT"); }

}  // namespace flowscope::ui
