#pragma once
// The real hour as one market on three exchanges, for the suites that serve a group live: split
// between Binance USD-M, Bybit linear and OKX swap by distinct exchange millisecond (all trades of
// one millisecond go to one member, taking turns), so that no two members share a time and the
// merge's tie order never decides. Binance sends its real captured frames (aggregate ids
// renumbered to stay consecutive, as the exchange's are); Bybit and OKX the same trades in their
// formats, OKX in contracts of 0.01 BTC. Header only: the suites that use it link core's record
// and net libraries, the support library does not need to.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtGlobal>
#include <array>
#include <string>
#include <vector>

#include "net/exchange_adapter.hpp"
#include "record/frame_synthesis.hpp"
#include "support/test_data.hpp"

namespace flowscope::test {

inline constexpr int kGroupMembers = 3;
inline constexpr std::array<Exchange, kGroupMembers> kGroupExchanges{Exchange::BinanceFutures, Exchange::Bybit, Exchange::Okx};
inline constexpr std::array<const char*, kGroupMembers> kGroupSymbols{"BTCUSDT", "BTCUSDT", "BTC-USDT-SWAP"};
inline constexpr std::int64_t kOkxContractsPerBtc = 100;  // OKX BTC-USDT-SWAP: ctVal 0.01

// What one member's exchange sends, and the trades it means in base-asset sizes.
struct GroupMemberStream {
    std::vector<std::string> frames;
    std::vector<Trade> trades;
};

inline std::vector<std::string> file_lines(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", path.c_str());
    std::vector<std::string> lines;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty()) lines.push_back(line.trimmed().toStdString());
    return lines;
}

inline std::array<GroupMemberStream, kGroupMembers> real_hour_as_group() {
    std::array<GroupMemberStream, kGroupMembers> m;
    const auto adapter = make_adapter(Exchange::BinanceFutures);
    std::size_t turn = kGroupMembers - 1;
    std::int64_t last_us = -1;
    for (const std::string& frame : file_lines(data_path("ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson"))) {
        std::vector<Trade> parsed;
        if (adapter->parse(frame, 0, parsed).kind != FrameKind::Trades || parsed.size() != 1) qFatal("not a trade frame");
        Trade t = parsed.front();
        if (t.exchange_time_us < last_us) qFatal("the hour is not in time order");
        if (t.exchange_time_us != last_us) turn = (turn + 1) % kGroupMembers;
        last_us = t.exchange_time_us;
        t.exchange = kGroupExchanges[turn];
        t.symbol = Symbol(kGroupSymbols[turn]);
        m[turn].trades.push_back(t);
        if (turn == 0) {
            // The real frame, its aggregate id renumbered: Binance's ids are consecutive, and a
            // third of them would be a hole every other trade.
            const std::size_t a = frame.find("\"a\":");
            const std::size_t end = frame.find(',', a);
            if (a == std::string::npos || end == std::string::npos) qFatal("no aggregate id");
            const std::uint64_t id = 26'000'000 + m[0].frames.size();
            m[0].frames.push_back(frame.substr(0, a + 4) + std::to_string(id) + frame.substr(end));
            continue;
        }
        Trade sent = t;
        record::FrameStyle style;
        style.exchange = t.exchange;
        if (t.exchange == Exchange::Okx) {
            sent.quantity.units *= kOkxContractsPerBtc;
            style.quantity_decimals = 0;  // contracts: exact digits
        }
        std::string text;
        if (const auto written = record::append_exchange_frame(text, sent, style); !written) qFatal("%s", written.error().c_str());
        m[turn].frames.push_back(text);
    }
    return m;
}

// The real hour's Tardis file as another exchange's: exchange and symbol columns replaced, sizes
// times size_factor (contracts), written into dir; its path.
inline QString tardis_hour_as(const QTemporaryDir& dir, const QString& exchange, const QString& symbol, int size_factor = 1) {
    QFile in(QString::fromStdString(data_path("binance-futures-BTCUSDT-2020-02-22T00.tardis.csv")));
    if (!in.open(QIODevice::ReadOnly)) qFatal("cannot read the Tardis hour");
    const QString path = dir.filePath(exchange + "-" + QString(symbol).replace('/', '_') + ".csv");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    out.write(in.readLine());
    while (!in.atEnd()) {
        QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(',');
        if (f.size() < 8) continue;
        f[0] = exchange;
        f[1] = symbol;
        if (size_factor != 1) f[7] = format_quantity(Quantity{parse_quantity(f[7].toStdString())->units * size_factor}).c_str();
        out.write((f.join(',') + '\n').toUtf8());
    }
    return path;
}

}  // namespace flowscope::test
