#include "source/group_source.hpp"

#include <QTimer>
#include <algorithm>
#include <cmath>
#include <limits>

#include "chart/bucket_choice.hpp"
#include "chart/chart_store.hpp"
#include "model/exchange.hpp"
#include "record/replay_playback.hpp"
#include "source/source_request.hpp"

namespace flowscope::ui {

namespace {
// As ReplaySource: a max-speed tick plays batches of this many trades for about this long, so the
// worker still answers pause or seek within a tick.
constexpr std::size_t kMaxBatch = 20'000;
constexpr qint64 kMaxSpeedBudgetNs = 8'000'000;
constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
}  // namespace

GroupSource::GroupSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier, double speed, QObject* parent)
    : ChartSource(parent), store_(std::move(store)), spec_(spec), multiplier_(bucket_multiplier), speed_(speed),
      timer_(new QTimer(this)) {
    timer_->setInterval(kTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &GroupSource::on_tick);
}

GroupSource::~GroupSource() = default;

QString GroupSource::open(const QStringList& members, bool accept_quote_mix) {
    group_ = read_group_files(members, accept_quote_mix);
    if (!group_.ok) return group_.error;
    start_us_ = group_.trades.front().exchange_time_us;
    end_us_ = start_us_;
    for (const Trade& t : group_.trades) end_us_ = std::max(end_us_, t.exchange_time_us);
    market_us_ = start_us_;
    info_ = SourceInfo{};
    info_.kind = SourceKind::Replay;
    info_.path = SourceRequest::group_of(members, accept_quote_mix).key();
    info_.group = QString::fromStdString(group_.group.title());
    info_.exchange = QStringLiteral("group");
    info_.symbol = QString::fromStdString(group_.group.feeds.front().symbol);
    info_.tick = group_.tick;
    info_.trades = group_.trades.size();
    info_.frames = group_.trades.size();
    info_.warnings = group_.warnings;
    info_.start_us = start_us_;
    info_.end_us = end_us_;
    restart_aggregation();
    publish_new_chart();
    emit opened(info_);
    emit prepared(info_);
    report_progress();
    return {};
}

void GroupSource::set_chart(const BarSpec& spec, int bucket_multiplier) {
    const bool same = spec == spec_ && bucket_multiplier == multiplier_;
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    if (!same && group_.ok) {
        // The new chart at the same market time: aggregated again up to it.
        const std::int64_t at = market_us_;
        restart_aggregation();
        play_through(at - 1, kUnlimited);
        market_us_ = at;
        publish_new_chart();
    }
    if (group_.ok) emit opened(info_);
}

void GroupSource::restart_aggregation() {
    const Price first_price = group_.trades.front().price;
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : auto_base_multiplier(info_.tick, first_price, spec_);
    info_.auto_bucket = multiplier_ <= 0;
    bucket_units_ = info_.tick.units * info_.bucket_multiplier;
    bars_.restart(spec_, bucket_units_, group_.group.feeds.size(), include_non_aggressive_);
    next_ = 0;
    market_us_ = start_us_;
}

void GroupSource::play_one() {
    const Trade& t = group_.trades[next_];
    bars_.add(t, group_.member[next_], next_);
    played_.push_back(t);
    ++next_;
}

void GroupSource::update_parts() {
    bars_.update_parts(std::span<const Trade>(group_.trades.data(), next_), std::span<const std::uint8_t>(group_.member.data(), next_));
}

std::size_t GroupSource::play_through(std::int64_t last, std::size_t max_trades) {
    if (until_us_ > 0) last = std::min(last, until_us_ - 1);
    last = std::min(last, end_us_);
    if (last < market_us_) return 0;
    const auto& trades = group_.trades;
    std::size_t n = 0;
    while (next_ < trades.size() && trades[next_].exchange_time_us <= last && n < max_trades) {
        play_one();
        ++n;
    }
    if (n >= max_trades && next_ < trades.size() && trades[next_].exchange_time_us <= last) {
        // Cut inside the stream: the rest of the last trade's moment too, so the position is a time.
        const std::int64_t moment = trades[next_ - 1].exchange_time_us;
        while (next_ < trades.size() && trades[next_].exchange_time_us <= moment) {
            play_one();
            ++n;
        }
        market_us_ = moment + 1;
    } else {
        market_us_ = last + 1;
    }
    return n;
}

void GroupSource::publish_new_chart() {
    // Time & sales gets the trades of the window before market time.
    std::size_t from = next_;
    while (from > 0 && group_.trades[from - 1].exchange_time_us >= market_us_ - kRecentWindowUs) --from;
    const std::span<const Trade> recent(group_.trades.data() + from, next_ - from);
    played_.clear();
    update_parts();
    const Price first_price = group_.trades.front().price;
    store_->set_reading_bucket(info_.auto_bucket ? info_.tick.units * default_bucket_multiplier(info_.tick, first_price) : 0);
    const auto members = bars_.member_series_list(group_.group);
    store_->replace(series(), info_.tick, info_.symbol.toStdString(), bars_.total().trades(), recent, members);
    store_->set_non_aggressive(bars_.total().non_aggressive_trades(), bars_.total().include_non_aggressive());
    skip_wall_time();
}

void GroupSource::publish_played() {
    update_parts();
    const auto members = bars_.member_series_list(group_.group);
    store_->publish(series(), played_, false, members);
    played_.clear();
}

void GroupSource::skip_wall_time() {
    // The wall time spent aggregating again is not market time to play.
    if (wall_.isValid()) last_tick_us_ = wall_.nsecsElapsed() / 1000;
}

void GroupSource::play() {
    if (!group_.ok) return;
    if (next_ >= group_.trades.size()) seek(start_us_);
    playing_ = true;
    wall_.start();
    last_tick_us_ = 0;
    timer_->start();
    report_progress();
}

void GroupSource::pause() {
    playing_ = false;
    timer_->stop();
    report_progress();
}

void GroupSource::set_speed(double speed) { speed_ = speed < 0 ? 1 : speed; }

void GroupSource::set_until(qint64 market_us) { until_us_ = market_us; }

void GroupSource::on_tick() {
    if (!group_.ok) return;
    const std::int64_t now = wall_.nsecsElapsed() / 1000;
    const std::int64_t elapsed = now - last_tick_us_;
    last_tick_us_ = now;
    played_.clear();
    if (speed_ == record::kMaxSpeed) {
        QElapsedTimer budget;
        budget.start();
        do {
            play_through(std::numeric_limits<std::int64_t>::max(), kMaxBatch);
        } while (!at_end() && budget.nsecsElapsed() < kMaxSpeedBudgetNs);
    } else {
        const auto step = static_cast<std::int64_t>(std::llround(static_cast<double>(elapsed) * speed_));
        if (step > 0) play_through(market_us_ + step - 1, kUnlimited);
    }
    publish_played();
    if (at_end()) {
        pause();
        emit finished();
        return;
    }
    report_progress();
}

void GroupSource::step_bar() {
    if (!group_.ok) return;
    if (playing_) pause();
    played_.clear();
    const auto& trades = group_.trades;
    if (spec_.kind == BarKind::Time) {
        // To the end of the open bar, or of the next bar with trades (empty bars are stepped over).
        const std::int64_t d = spec_.duration_us;
        const auto bars = series().bars();
        const bool in_open_bar = !bars.empty() && market_us_ < bars.back().open_time_us + d;
        std::int64_t end = in_open_bar ? bars.back().open_time_us + d : (floor_div(market_us_, d) + 1) * d;
        for (std::size_t n = 0; n == 0 && !at_end(); end += d) n = play_through(end - 1, kUnlimited);
    } else {
        // Tick and volume bars: to the trade that fills the bar, and the rest of its moment.
        const auto full = [&] {
            const auto bars = series().bars();
            if (bars.empty()) return false;
            return spec_.kind == BarKind::Tick ? bars.back().trades >= static_cast<std::uint64_t>(spec_.trades_per_bar)
                                               : bars.back().volume >= spec_.volume_per_bar;
        };
        bool filled = false;
        while (!filled && !at_end()) {
            play_one();
            filled = full();
        }
        if (next_ > 0) {
            const std::int64_t moment = trades[next_ - 1].exchange_time_us;
            while (next_ < trades.size() && trades[next_].exchange_time_us <= moment) play_one();
            market_us_ = moment + 1;
        }
    }
    publish_played();
    report_progress();
}

void GroupSource::step_back() {
    if (!group_.ok) return;
    if (playing_) pause();
    std::int64_t to = start_us_;
    const auto bars = series().bars();
    for (auto it = bars.rbegin(); it != bars.rend(); ++it)
        if (it->open_time_us < market_us_) {
            to = std::max(start_us_, it->open_time_us);
            break;
        }
    seek(to);
}

void GroupSource::seek(qint64 market_us) {
    if (!group_.ok) return;
    const std::int64_t target = std::clamp<std::int64_t>(market_us, start_us_, end_us_ + 1);
    // Forward the bars go on; back they are aggregated again from the first trade.
    if (target < market_us_) restart_aggregation();
    play_through(target - 1, kUnlimited);
    market_us_ = target;
    publish_new_chart();
    report_progress();
}

void GroupSource::report_progress() { emit progress(market_us_, playing_); }

}  // namespace flowscope::ui
