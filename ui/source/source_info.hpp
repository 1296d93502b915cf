#pragma once
// What the worker tells the UI about its source: what was opened, and how a live connection is doing.
#include <QElapsedTimer>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cstdint>

#include "model/decimal.hpp"

namespace flowscope::ui {

enum class SourceKind { None, Replay, Live };

struct SourceInfo {
    SourceKind kind = SourceKind::None;
    QString path;       // replay: the file (a group: its SourceRequest key)
    QString group;      // a group of markets: its title ("BTC/USDT · binance-futures BTCUSDT + bybit BTCUSDT"); empty otherwise
    QString exchange;   // "binance-futures"
    QString symbol;     // "BTCUSDT"
    Price tick{1'000'000};
    int bucket_multiplier = 1;   // the bucket in use, as a multiple of the tick
    bool auto_bucket = false;    // bucket_multiplier is Auto's base: the footprint picks the bucket it draws
    std::int64_t start_us = 0;   // replay: first and last trade time
    std::int64_t end_us = 0;
    std::uint64_t trades = 0;    // replay: trades in the file (0 until known: a recording's are counted in the background)
    std::uint64_t frames = 0;    // replay: recorded frames (a trade file's trades, one frame each)
    QStringList warnings;        // bad lines skipped and similar, for the status bar

    QString title() const;       // "BTCUSDT · binance-futures · replay", "BTC/USDT · binance-futures BTCUSDT + … · group replay"
};

enum class ConnectionState { Idle, Connecting, Connected, Reconnecting, Stalled, Failed };

struct ConnectionStatus {
    ConnectionState state = ConnectionState::Idle;
    QString message;                  // the last event, for people
    std::int64_t reconnect_in_ms = 0; // Reconnecting: delay announced by the feed
    std::uint64_t gaps = 0;           // trade-id gaps seen
    std::uint64_t missed_trades = 0;  // trades inside those gaps
    std::uint64_t dropped_frames = 0; // frames the feed had to drop (shown, never silent)
    std::uint64_t repaired_trades = 0;   // missed trades fetched again and put in their place
    std::uint64_t unrepaired_trades = 0; // missed trades the exchange did not serve (holes on the chart)

    friend bool operator==(const ConnectionStatus&, const ConnectionStatus&) = default;
};

QString connection_state_name(ConnectionState state);

// The recording of a live session, as the status bar shows it.
struct RecordingStatus {
    bool on = false;           // a recorder is writing this live session's frames
    QString path;              // the current file (one per UTC day)
    std::uint64_t bytes = 0;   // on disk so far, every file of this session (the open block excluded)
    std::uint64_t frames = 0;  // frames recorded so far
    std::uint64_t lost_frames = 0;  // frames that could not be written (shown, never silent)
    QString error;             // the last write error, said plainly; empty while all is well

    friend bool operator==(const RecordingStatus&, const RecordingStatus&) = default;
};

// Whether a live source reports `now` to the status bar, having last reported `last` at
// `last_at`: at once when it is forced, or turned on or off, failed or moved to another file;
// a growing size at most every 500 ms.
bool recording_report_due(const RecordingStatus& now, const RecordingStatus& last, const QElapsedTimer& last_at, bool force);

}  // namespace flowscope::ui

Q_DECLARE_METATYPE(flowscope::ui::SourceInfo)
Q_DECLARE_METATYPE(flowscope::ui::ConnectionStatus)
Q_DECLARE_METATYPE(flowscope::ui::RecordingStatus)
