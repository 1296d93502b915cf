#pragma once
// Reads everything a replay can start from into memory: a flowscope recording (.fsrec file or
// a folder of them, through the live parser) or a public trade file (Binance CSV/ZIP, Tardis).
// Runs on the worker thread.
#include <QString>
#include <QStringList>
#include <vector>

#include "model/decimal.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

struct LoadedTrades {
    bool ok = false;
    QString error;         // for people, naming the file
    QString exchange;      // "binance-futures"
    QString symbol;
    Price tick;
    std::vector<Trade> trades;
    QStringList warnings;  // bad lines or damaged blocks that were skipped
};

LoadedTrades load_replay_trades(const QString& path);

}  // namespace flowscope::ui
