// Time & sales under a burst: the UI thread's cost of taking trades into a full session tape
// (1,048,576 prints) shown in a table, per frame of 25k and 100k trades (a replay at max speed),
// and of a new minimum size over the whole tape. The trades are the real hour's, repeated with
// their times moved on an hour at a time.
#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "io/trade_file.hpp"
#include "window/time_sales_model.hpp"
#include "window/time_sales_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;

namespace {
std::vector<Trade> hours(std::size_t count) {
    std::vector<Trade> hour;
    read_trade_file(FLOWSCOPE_TEST_DATA_DIR "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv", {}, [](const TradeFileResult&) {},
                    [&](std::span<const Trade> b) { hour.insert(hour.end(), b.begin(), b.end()); });
    std::vector<Trade> out;
    out.reserve(count);
    for (std::int64_t h = 0; out.size() < count; ++h)
        for (const Trade& t : hour) {
            if (out.size() == count) break;
            out.push_back(t);
            out.back().exchange_time_us += h * 3'600'000'000LL;
        }
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    TimeSalesPanel panel;
    panel.resize(320, 700);
    panel.show();
    QCoreApplication::processEvents();
    const std::vector<Trade> trades = hours(TimeSalesTape::kCapacity + 20 * 100'000);
    std::span<const Trade> rest(trades);
    panel.add_trades({rest.begin(), rest.begin() + TimeSalesTape::kCapacity});
    rest = rest.subspan(TimeSalesTape::kCapacity);
    QCoreApplication::processEvents();
    for (std::size_t burst : {std::size_t{25'000}, std::size_t{100'000}}) {
        std::vector<double> ms;
        for (int i = 0; i < 10; ++i) {
            const std::vector<Trade> frame(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(burst));
            rest = rest.subspan(burst);
            QElapsedTimer t;
            t.start();
            panel.add_trades(frame);
            panel.table()->viewport()->repaint();  // what the next paint costs, synchronously
            QCoreApplication::processEvents();
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
        std::printf("bench: time_sales_full_tape_burst_%zuk_median_ms %.2f ms\n", burst / 1000, median(ms));
    }
    std::vector<double> ms;
    for (const char* size : {"0.5", "0", "2", "0"}) {
        QElapsedTimer t;
        t.start();
        panel.model()->set_min_size(*parse_quantity(size));
        panel.table()->viewport()->repaint();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("bench: time_sales_filter_full_tape_median_ms %.2f ms\n", median(ms));
    std::printf("bench: time_sales_rows %d rows\n", panel.model()->rowCount());
    return 0;
}
