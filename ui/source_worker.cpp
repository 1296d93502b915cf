#include "source_worker.hpp"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include "bucket_choice.hpp"
#include "chart_store.hpp"
#include "io/trade_file.hpp"

namespace flowscope::ui {

namespace {
// The replay clock ticks at 100 Hz; at max speed each tick feeds this many trades, which keeps the
// store's lock short (well under a millisecond) while a real day replays in seconds.
constexpr int kTickMs = 10;
constexpr std::size_t kMaxBatch = 20'000;
constexpr std::size_t kRebuildChunk = 50'000;
}  // namespace

SourceWorker::SourceWorker(std::shared_ptr<ChartStore> store) : store_(std::move(store)), timer_(new QTimer(this)) {
    timer_->setInterval(kTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &SourceWorker::on_tick);
}

SourceWorker::~SourceWorker() = default;

void SourceWorker::open_replay(const QString& path, quint64 generation) {
    close();
    generation_ = generation;
    std::vector<Trade> trades;
    TradeFileOptions options;
    // Names like binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv carry the symbol.
    static const QRegularExpression symbol_in_name(QStringLiteral("(?:^|[-_.])([A-Z0-9]{2,}(?:USDT|USDC|BUSD|USD|BTC|ETH))(?:[-_.]|$)"));
    if (const auto m = symbol_in_name.match(QFileInfo(path).fileName()); m.hasMatch()) options.symbol = m.captured(1).toStdString();
    const TradeFileResult result = read_trade_file(
        path.toStdString(), options, [](const TradeFileResult&) {},
        [&trades](std::span<const Trade> batch) { trades.insert(trades.end(), batch.begin(), batch.end()); });
    if (!result.ok || trades.empty()) {
        emit failed(result.error.empty() ? QStringLiteral("%1 holds no trades").arg(path) : QString::fromStdString(result.error),
                    generation);
        return;
    }
    info_ = SourceInfo{};
    info_.kind = SourceKind::Replay;
    info_.path = path;
    info_.exchange = QString::fromUtf8(exchange_name(result.exchange).data(),
                                       static_cast<qsizetype>(exchange_name(result.exchange).size()));
    info_.symbol = QString::fromStdString(result.symbol);
    info_.tick = result.tick;
    info_.trades = result.trades;
    if (result.skipped > 0) {
        info_.warnings << QStringLiteral("%1 bad lines skipped").arg(result.skipped);
        for (const TradeFileIssue& issue : result.issues) info_.warnings << QString::fromStdString(describe_issue(issue));
    }
    replay_.load(std::move(trades));
    info_.start_us = replay_.start_us();
    info_.end_us = replay_.end_us();
    rebuild();
    emit opened(info_, generation_);
    report_progress();
}

void SourceWorker::open_live(const QString& exchange, const QString& symbol, quint64 generation) {
    close();
    generation_ = generation;
    // The live websocket feed (core/net/live_feed.hpp) is wired in when it lands; until then the
    // app says so and the controller falls back to the bundled session.
    emit failed(QStringLiteral("Live %1 %2: live market data is not available in this build").arg(exchange, symbol),
                generation);
}

void SourceWorker::close() {
    timer_->stop();
    playing_ = false;
    until_us_ = 0;
    const double speed = replay_.speed();  // the speed is the user's choice, not the file's
    replay_ = PacedReplay{};
    replay_.set_speed(speed);
    info_ = SourceInfo{};
}

void SourceWorker::set_chart(const BarSpec& spec, int bucket_multiplier) {
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    if (info_.kind == SourceKind::None) return;
    rebuild();
    emit opened(info_, generation_);
}

void SourceWorker::rebuild() {
    if (multiplier_ <= 0) {
        const Price reference = replay_.empty() ? Price{} : replay_.all().front().price;
        info_.bucket_multiplier = default_bucket_multiplier(info_.tick, reference);
    } else {
        info_.bucket_multiplier = multiplier_;
    }
    store_->reset(spec_, info_.tick.units * info_.bucket_multiplier, info_.tick, info_.symbol.toStdString());
    const auto played = replay_.played();
    for (std::size_t i = 0; i < played.size(); i += kRebuildChunk)
        store_->add(played.subspan(i, std::min(kRebuildChunk, played.size() - i)));
}

void SourceWorker::play() {
    if (info_.kind != SourceKind::Replay) return;
    if (replay_.at_end()) {
        replay_.seek(replay_.start_us());
        rebuild();
    }
    playing_ = true;
    wall_.start();
    last_tick_us_ = 0;
    timer_->start();
    report_progress();
}

void SourceWorker::pause() {
    playing_ = false;
    timer_->stop();
    report_progress();
}

void SourceWorker::set_speed(double speed) { replay_.set_speed(speed); }

void SourceWorker::set_until(qint64 market_us) { until_us_ = market_us; }

void SourceWorker::feed(std::span<const Trade> trades) {
    if (until_us_ > 0) {
        std::size_t keep = 0;
        while (keep < trades.size() && trades[keep].exchange_time_us < until_us_) ++keep;
        trades = trades.first(keep);
    }
    store_->add(trades);
}

void SourceWorker::on_tick() {
    const std::int64_t now = wall_.nsecsElapsed() / 1000;
    const std::int64_t elapsed = now - last_tick_us_;
    last_tick_us_ = now;
    feed(replay_.advance(elapsed, kMaxBatch));
    const bool reached_until = until_us_ > 0 && replay_.market_time_us() >= until_us_;
    if (replay_.at_end() || reached_until) {
        pause();
        emit replay_finished(generation_);
        return;
    }
    report_progress();
}

void SourceWorker::step_bar() {
    if (info_.kind != SourceKind::Replay) return;
    if (playing_) pause();
    feed(replay_.advance_to(replay_.next_bar_end(spec_)));
    report_progress();
}

void SourceWorker::step_back() {
    if (info_.kind != SourceKind::Replay) return;
    if (playing_) pause();
    seek(replay_.previous_bar_start(spec_));
}

void SourceWorker::seek(qint64 market_us) {
    if (info_.kind != SourceKind::Replay) return;
    replay_.seek(market_us);
    rebuild();
    report_progress();
}

void SourceWorker::report_progress() {
    if (info_.kind == SourceKind::Replay) emit replay_progress(replay_.market_time_us(), playing_, generation_);
}

}  // namespace flowscope::ui
