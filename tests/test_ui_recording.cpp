// Live sessions are recorded by default: the app watches the local test exchange streaming the
// real captured hour (127.0.0.1, no internet), every raw frame lands in today's file in the
// recordings folder, the status bar shows the file's size, and the recording read back builds
// exactly the bars the chart shows. The toolbar switch turns recording off (and is remembered);
// a folder that cannot be written is said plainly in the status bar while the chart goes on.
// Two panes on one live market read one websocket and make one recording; when the recording pane
// closes, the other records on, and the two files together hold every trade. A live group records
// each member no other pane records, and takes a member's recording over when that pane closes.
// QStandardPaths test mode and a per-process application name keep the user's folders untouched.
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QtTest>

#include <QTemporaryDir>
#include <fstream>
#include <set>

#include "aggregate/aggregator.hpp"
#include "window/chart_toolbar.hpp"
#include "source/live_recorder.hpp"
#include "support/local_exchange.hpp"
#include "window/chart_pane.hpp"
#include "window/main_window.hpp"
#include "window/pane_grid.hpp"
#include "chart/order_flow_view.hpp"
#include "chart/quantity_text.hpp"
#include "record/daily_recorder.hpp"
#include "record/recording_trades.hpp"
#include "chart/chart_store.hpp"
#include "source/source_controller.hpp"
#include "source/source_picker.hpp"
#include "window/status_panel.hpp"

using namespace flowscope;
using namespace flowscope::ui;
using flowscope::testing::LocalExchange;
using flowscope::testing::LocalExchangeOptions;

namespace {

constexpr int kWaitMs = 30'000;

std::vector<std::string> real_frames() {
    std::ifstream in(FLOWSCOPE_TEST_DATA_DIR "/ws/binance-futures-btcusdt-aggTrade-2020-02-22T00.ndjson");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

LocalExchangeOptions exchange_with(std::vector<std::string> frames) {
    LocalExchangeOptions o;
    o.exchange = Exchange::BinanceFutures;
    o.frames = std::move(frames);
    return o;
}

StartOptions live_at(const LocalExchange& server) {
    StartOptions options;
    options.single_pane = true;
    options.source = SourceRequest::live_market(QStringLiteral("binance-futures"), QStringLiteral("BTCUSDT"),
                                                QString::fromStdString(server.url("/ws")));
    options.timeframe = QStringLiteral("1m");
    return options;
}

std::uint64_t chart_trades(const ChartBars& chart) {
    std::uint64_t n = 0;
    for (const Bar& b : chart.bars) n += b.trades;
    return n;
}

QStringList recordings() {
    return QDir(recordings_folder()).entryList({QStringLiteral("*.fsrec")}, QDir::Files, QDir::Name);
}

// The first difference between the chart's bars and bars built from `trades`, or empty.
QString first_difference(const ChartBars& chart, const std::vector<Trade>& trades) {
    Aggregator aggregator;
    BarSeries& series = aggregator.add_series(chart.spec, chart.bucket_units);
    for (const Trade& t : trades) aggregator.add(t);
    const auto rebuilt = series.bars();
    if (rebuilt.size() != chart.bars.size())
        return QStringLiteral("%1 bars read back, %2 on the chart").arg(rebuilt.size()).arg(chart.bars.size());
    for (std::size_t i = 0; i < rebuilt.size(); ++i) {
        const Bar& a = rebuilt[i];
        const Bar& b = chart.bars[i];
        const bool same = a.open_time_us == b.open_time_us && a.open == b.open && a.high == b.high && a.low == b.low &&
                          a.close == b.close && a.volume == b.volume && a.buy_volume == b.buy_volume &&
                          a.sell_volume == b.sell_volume && a.cvd == b.cvd && a.trades == b.trades &&
                          a.footprint.lowest_bucket() == b.footprint.lowest_bucket() &&
                          a.footprint.highest_bucket() == b.footprint.highest_bucket();
        if (!same) return QStringLiteral("bar %1 differs").arg(i);
        for (std::int64_t k = a.footprint.lowest_bucket(); k <= a.footprint.highest_bucket(); ++k) {
            const FootprintCell& x = a.footprint.at(k);
            const FootprintCell& y = b.footprint.at(k);
            if (x.bid != y.bid || x.ask != y.ask || x.trades != y.trades)
                return QStringLiteral("bar %1, bucket %2 differs").arg(i).arg(k);
        }
    }
    return {};
}

Result<record::RecordingTrades> read_back(const QString& path, std::vector<Trade>& trades) {
    trades.clear();
    return record::read_recording_trades(path.toStdString(), [&](std::span<const Trade> batch) {
        trades.insert(trades.end(), batch.begin(), batch.end());
    });
}

// The window at 1600×900 on the hour streamed over ~9 s by the local exchange (panes come and go
// while it streams), its layouts in a folder of its own.
struct StreamingWindow {
    explicit StreamingWindow(const std::vector<std::string>& frames) : server(slowly(frames)), window(options()) {
        window.resize(1600, 900);
        window.show();
    }
    static LocalExchangeOptions slowly(const std::vector<std::string>& frames) {
        LocalExchangeOptions o = exchange_with(frames);
        o.frame_interval_us = 2000;
        return o;
    }
    StartOptions options() const {
        StartOptions o = live_at(server);
        o.layouts_file = layouts.filePath(QStringLiteral("layouts.json"));
        return o;
    }
    LocalExchange server;
    QTemporaryDir layouts;
    MainWindow window;
};

// The last frame's trade time (its "T", ms).
qint64 last_trade_ms(const std::vector<std::string>& frames) {
    const QString last = QString::fromStdString(frames.back());
    return last.mid(last.indexOf(QStringLiteral("\"T\":")) + 4).section(QLatin1Char(','), 0, 0).toLongLong();
}

// Trades in the recordings folder, each counted once however many files hold it; 0 when a file
// cannot be read or holds none.
std::size_t distinct_recorded_trades() {
    std::set<std::string> ids;
    std::vector<Trade> trades;
    for (const QString& name : recordings()) {
        const auto read = read_back(QDir(recordings_folder()).filePath(name), trades);
        if (!read.ok() || trades.empty()) {
            qWarning("%s: %s", qPrintable(name), read.ok() ? "no trades" : read.error().c_str());
            return 0;
        }
        for (const Trade& t : trades) ids.insert(std::string(t.id.text.view()));
    }
    return ids.size();
}

}  // namespace

class TestUiRecording : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        // One folder per test process, so parallel runs (sanitizer builds, CI) never share files.
        QCoreApplication::setApplicationName(QStringLiteral("flowscope-test-recording-%1").arg(QCoreApplication::applicationPid()));
        QVERIFY(recordings_folder().contains(QStringLiteral(".qttest")));
        frames_ = real_frames();
        QVERIFY(frames_.size() > 4000);
    }
    void init() {
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
        QDir(recordings_folder()).removeRecursively();
        QFile::remove(recordings_folder());
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings(QStringLiteral("flowscope"), QStringLiteral("flowscope")).clear();
    }

    void live_session_is_recorded_and_reads_back_as_the_chart();
    void recording_switched_off_stays_off();
    void unwritable_folder_is_said_in_the_status_bar();
    void picker_starts_in_the_recordings_folder();
    void two_panes_on_one_market_share_one_feed_and_one_recording();
    void a_live_group_records_the_members_no_pane_records();

private:
    std::vector<std::string> frames_;
};

void TestUiRecording::live_session_is_recorded_and_reads_back_as_the_chart() {
    LocalExchange server(exchange_with(frames_));
    MainWindow window(live_at(server));
    window.resize(1400, 900);
    window.show();
    QVERIFY(window.chart_toolbar()->record_action()->isChecked());  // on by default
    QVERIFY(window.chart_toolbar()->record_action()->isCheckable());

    // Every frame reaches the chart and the recorder (+1: the subscription ack is a frame too).
    QTRY_COMPARE_WITH_TIMEOUT(chart_trades(window.view()->bars()), std::uint64_t(frames_.size()), kWaitMs);
    QCOMPARE(window.controller()->info().kind, SourceKind::Live);
    QTRY_COMPARE_WITH_TIMEOUT(window.controller()->recording().frames, std::uint64_t(frames_.size() + 1), kWaitMs);

    // The open block is written within about a second; then the file on disk holds every trade
    // and the status bar shows its size.
    const QString path = window.controller()->recording().path;
    QVERIFY2(path.startsWith(recordings_folder() + '/'), qPrintable(path));
    QVERIFY2(QFileInfo(path).fileName().startsWith(QStringLiteral("binance-futures-BTCUSDT-")), qPrintable(path));
    std::vector<Trade> trades;
    QTRY_VERIFY_WITH_TIMEOUT(read_back(path, trades)->trades == frames_.size(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.controller()->recording().bytes, std::uint64_t(QFileInfo(path).size()), kWaitMs);
    const RecordingStatus status = window.controller()->recording();
    QVERIFY(status.on && status.error.isEmpty() && status.bytes > 1000);
    QLabel* label = window.status()->recording_label();
    QTRY_COMPARE(label->text(), QStringLiteral("● REC ") + file_size_text(QFileInfo(path).size()));
    QVERIFY(label->toolTip().contains(path));

    // What the recording says is what the chart shows, bar by bar and cell by cell.
    window.view()->refresh();
    const QString diff = first_difference(window.view()->bars(), trades);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(QString::fromStdString(std::string(trades.front().id.text.view())), QStringLiteral("26000000"));

    // Another timeframe on the live market: 15m rolled up from the 1m bars, then 1m again from
    // the session's 1 s base series; both equal to bars built from the recording.
    for (const BarSpec spec : {BarSpec::time(900), BarSpec::time(60)}) {
        window.controller()->set_chart(spec, 0);
        QTRY_VERIFY_WITH_TIMEOUT((window.view()->refresh(), window.view()->bars().spec == spec), kWaitMs);
        const QString changed = first_difference(window.view()->bars(), trades);
        QVERIFY2(changed.isEmpty(), qPrintable(QString::fromStdString(spec.name()) + QStringLiteral(": ") + changed));
        QCOMPARE(window.view()->bars().bars.size(), spec == BarSpec::time(900) ? std::size_t{4} : std::size_t{60});
    }

    // Switching recording off closes the file properly (index written): it reads back whole, with no issue.
    window.chart_toolbar()->record_action()->trigger();
    QTRY_VERIFY(!window.controller()->recording().on);
    QCOMPARE(label->text(), QStringLiteral("Rec off"));
    const auto closed = read_back(path, trades);
    QVERIFY2(closed.ok(), closed.error().c_str());
    QVERIFY(closed->issues.empty());
    QCOMPARE(closed->symbol, std::string("BTCUSDT"));
    QCOMPARE(closed->trades, std::uint64_t(frames_.size()));
    QVERIFY(first_difference(window.view()->bars(), trades).isEmpty());
    QCOMPARE(recordings().size(), 1);
}

void TestUiRecording::recording_switched_off_stays_off() {
    {
        LocalExchange server(exchange_with({frames_.begin(), frames_.begin() + 500}));
        MainWindow window(live_at(server));
        window.chart_toolbar()->record_action()->trigger();  // the user turns it off
        QVERIFY(!window.chart_toolbar()->record_action()->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(chart_trades(window.view()->bars()), std::uint64_t(500), kWaitMs);
        QTest::qWait(1500);  // longer than the writer's flush interval
        QVERIFY(!window.controller()->recording().on);
        QCOMPARE(window.status()->recording_label()->text(), QStringLiteral("Rec off"));
    }
    // Remembered: the next session starts with recording off, and no file appears.
    LocalExchange server(exchange_with({frames_.begin(), frames_.begin() + 500}));
    MainWindow window(live_at(server));
    QVERIFY(!window.chart_toolbar()->record_action()->isChecked());
    QTRY_COMPARE_WITH_TIMEOUT(chart_trades(window.view()->bars()), std::uint64_t(500), kWaitMs);
    QTest::qWait(1500);
    QVERIFY2(recordings().isEmpty(), qPrintable(recordings().join(' ')));

    // Switched back on during the session: the frames from then on are recorded.
    window.chart_toolbar()->record_action()->trigger();
    QTRY_VERIFY(window.controller()->recording().on);
    QCOMPARE(window.status()->recording_label()->text(), QStringLiteral("● REC 0 B"));
    server.send_text(frames_[600]);
    QTRY_COMPARE_WITH_TIMEOUT(window.controller()->recording().frames, std::uint64_t(1), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->recording().bytes > 0, kWaitMs);
    QCOMPARE(recordings().size(), 1);
}

void TestUiRecording::unwritable_folder_is_said_in_the_status_bar() {
    // A plain file where the recordings folder should be: no recording can be created there.
    QDir().mkpath(QFileInfo(recordings_folder()).absolutePath());
    QFile blocker(recordings_folder());
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("not a folder");
    blocker.close();

    LocalExchange server(exchange_with({frames_.begin(), frames_.begin() + 800}));
    MainWindow window(live_at(server));
    window.show();
    QTRY_COMPARE_WITH_TIMEOUT(chart_trades(window.view()->bars()), std::uint64_t(800), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->recording().error.isEmpty(), kWaitMs);
    QLabel* label = window.status()->recording_label();
    QTRY_COMPARE(label->text(), QStringLiteral("REC failed: Not a directory"));
    QVERIFY2(label->toolTip().startsWith(QStringLiteral("Recording failed: cannot create ") + recordings_folder()),
             qPrintable(label->toolTip()));
    QVERIFY2(label->toolTip().contains(QStringLiteral("not recorded; the chart goes on")), qPrintable(label->toolTip()));
    QVERIFY(window.controller()->recording().lost_frames > 0);
    QVERIFY(QApplication::activeModalWidget() == nullptr);  // said in the status bar, never a dialog
    QCOMPARE(window.controller()->info().kind, SourceKind::Live);  // the chart goes on
    QVERIFY(QFile::remove(recordings_folder()));
}

void TestUiRecording::picker_starts_in_the_recordings_folder() {
    const QString folder = recordings_folder();
    {
        record::DailyRecorder recorder(folder.toStdString(), Exchange::BinanceFutures, "BTCUSDT");
        QVERIFY(recorder.append(1582329602418000, frames_.front()));
        QVERIFY(recorder.close());
    }
    SourcePicker picker({}, folder);
    QCOMPARE(picker.open_folder(), folder);
    QCOMPARE(picker.recordings_list()->count(), 1);
    QListWidgetItem* item = picker.recordings_list()->item(0);
    QVERIFY2(item->text().startsWith(QStringLiteral("binance-futures-BTCUSDT-2020-02-22.fsrec")), qPrintable(item->text()));
    emit picker.recordings_list()->itemActivated(item);
    QVERIFY(picker.chosen().has_value());
    QCOMPARE(picker.chosen()->path, folder + QStringLiteral("/binance-futures-BTCUSDT-2020-02-22.fsrec"));
    QVERIFY(!picker.chosen()->live);
}


void TestUiRecording::two_panes_on_one_market_share_one_feed_and_one_recording() {
    StreamingWindow live(frames_);
    LocalExchange& server = live.server;
    MainWindow& window = live.window;
    ChartPane* first = window.panes()->focused();
    QTRY_VERIFY_WITH_TIMEOUT(chart_trades(first->view()->bars()) > 200, kWaitMs);

    // A second pane on the market, in 5m: the same websocket, no second recording.
    ChartPane* second = window.split_focused(Qt::Horizontal);
    QVERIFY(second);
    window.chart_toolbar()->timeframe_box()->setCurrentIndex(window.chart_toolbar()->timeframe_box()->findData(QStringLiteral("5m")));
    QTRY_VERIFY_WITH_TIMEOUT(chart_trades(second->view()->bars()) > 200, kWaitMs);
    QCOMPARE(server.connections(), 1);
    QVERIFY(first->recording);
    QVERIFY(!second->recording);
    QTRY_COMPARE_WITH_TIMEOUT(recordings().size(), 1, kWaitMs);
    QCOMPARE(second->view()->bars().spec, BarSpec::time(300));

    // The recording pane closes mid-stream: the other records on, in a file of its own.
    const QString first_file = first->controller()->recording().path;
    QVERIFY(!first_file.isEmpty());
    window.panes()->focus(first);
    window.close_focused();
    QCOMPARE(window.panes()->panes().size(), std::size_t{1});
    QTRY_VERIFY_WITH_TIMEOUT(second->recording && second->controller()->recording().on, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.frames_sent(), frames_.size(), kWaitMs);
    QCOMPARE(server.connections(), 1);  // the feed went on for the pane left
    // The hour's last trade on the chart: every frame taken.
    const qint64 last_ms = last_trade_ms(frames_);
    QVERIFY(last_ms > 1'500'000'000'000);
    QTRY_COMPARE_WITH_TIMEOUT(second->controller()->store()->counters().last_exchange_time_us, last_ms * 1000, kWaitMs);

    // Nothing lost between the two files: every trade of the hour is in one or the other.
    window.chart_toolbar()->record_action()->trigger();  // closes the second file whole
    QTRY_VERIFY(!second->controller()->recording().on);
    QTRY_COMPARE_WITH_TIMEOUT(recordings().size(), 2, kWaitMs);
    QCOMPARE(distinct_recorded_trades(), frames_.size());
}

void TestUiRecording::a_live_group_records_the_members_no_pane_records() {
    StreamingWindow live(frames_);
    LocalExchange& server = live.server;
    MainWindow& window = live.window;
    ChartPane* single = window.panes()->focused();
    QTRY_VERIFY_WITH_TIMEOUT(chart_trades(single->view()->bars()) > 200, kWaitMs);
    QVERIFY(single->recording);

    // A group of that market and Bybit (whose exchange is not there): the group records Bybit only.
    ChartPane* group = window.split_focused(Qt::Horizontal);
    QVERIFY(group);
    const QString url = QString::fromStdString(server.url("/ws"));
    window.open_source(group, SourceRequest::live_group_of({QStringLiteral("binance-futures:BTCUSDT"), QStringLiteral("bybit:BTCUSDT")},
                                                           {url, QStringLiteral("ws://127.0.0.1:9/ws")}));
    QTRY_VERIFY_WITH_TIMEOUT(chart_trades(group->view()->bars()) > 200, kWaitMs);
    QCOMPARE(server.connections(), 1);  // one websocket for the market, shared with the group
    QCOMPARE(group->recorded_members, QStringList{QStringLiteral("live:bybit:BTCUSDT")});
    QVERIFY(single->recording);
    QTRY_VERIFY_WITH_TIMEOUT(group->controller()->recording().on, kWaitMs);
    window.panes()->focus(group);
    QTRY_VERIFY(window.status()->recording_label()->text().startsWith(QStringLiteral("● REC")));
    QCOMPARE(recordings().size(), 1);  // Bybit sent nothing: no file yet

    // The single pane closes mid-stream: the group records Binance from there on.
    window.panes()->focus(single);
    window.close_focused();
    QCOMPARE(window.panes()->panes().size(), std::size_t{1});
    QCOMPARE(group->recorded_members,
             (QStringList{QStringLiteral("live:binance-futures:BTCUSDT"), QStringLiteral("live:bybit:BTCUSDT")}));
    QTRY_COMPARE_WITH_TIMEOUT(server.frames_sent(), frames_.size(), kWaitMs);
    // The hour's last trade in the group's chart: every frame taken (and recorded) before the switch.
    QTRY_COMPARE_WITH_TIMEOUT(group->controller()->store()->counters().last_exchange_time_us, last_trade_ms(frames_) * 1000, kWaitMs);
    QVERIFY(group->controller()->recording().frames > 0);

    // Nothing lost between the pane's file and the group's: every trade is in one or the other.
    window.chart_toolbar()->record_action()->trigger();
    QTRY_VERIFY(!group->controller()->recording().on);
    QVERIFY(group->recorded_members.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(recordings().size(), 2, kWaitMs);
    QCOMPARE(distinct_recorded_trades(), frames_.size());
}

QTEST_MAIN(TestUiRecording)
#include "test_ui_recording.moc"
