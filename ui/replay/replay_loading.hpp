#pragma once
// Opens what a replay plays, without reading its trades into memory: a flowscope recording
// (.fsrec file or a folder of them) as it is, or a public trade file (Binance CSV/ZIP, Tardis)
// converted once into a recording in a temporary folder that lives as long as the replay, so the
// background checkpoint pass can open the same recording again. Runs on the worker thread.
#include <QString>
#include <QStringList>
#include <memory>
#include <string>

#include "model/decimal.hpp"
#include "record/recording_session.hpp"

class QTemporaryDir;

namespace flowscope::ui {

struct LoadedReplay {
    bool ok = false;
    QString error;                  // for people, naming the file
    QString exchange;               // "binance-futures"
    QString symbol;
    Price tick;
    Price first_price;              // for the default bucket
    std::string session_path;       // what RecordingSession::open plays: the recording, or the conversion
    std::shared_ptr<QTemporaryDir> converted;  // holds the conversion of a trade file; null for recordings
    std::unique_ptr<record::RecordingSession> session;  // over session_path, at its start
    std::int64_t start_us = 0;      // the session's first and last frame (recorded receive time)
    std::int64_t end_us = 0;
    std::uint64_t frames = 0;       // frames in the session
    std::uint64_t trades = 0;       // known for trade files; 0 until a pass over a recording counts them
    QStringList warnings;           // bad lines skipped and similar, for the status bar
};

LoadedReplay open_replay_source(const QString& path);

QString exchange_display_name(Exchange exchange);

// The symbol a trade file's name carries (binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv:
// BTCUSDT), for files whose lines do not name it; empty when it names none.
std::string symbol_in_file_name(const QString& path);

}  // namespace flowscope::ui
