#include "source/live_group_source.hpp"

#include <QTimer>
#include <algorithm>

#include "chart/bucket_choice.hpp"
#include "model/instrument.hpp"
#include "model/wall_clock.hpp"
#include "net/exchange_adapter.hpp"
#include "source/live_recorder.hpp"
#include "source/shared_feed.hpp"
#include "source/source_request.hpp"

namespace flowscope::ui {

namespace {
constexpr qint64 kStatusEveryMs = 500;  // the merge latency in the status bar, twice a second at most
// A bar short of a member's share is marked at most once a minute of exchange time: every add_gap
// rebuilds the chart's copy, and an hour out at 1 s bars would otherwise be 3,600 rebuilds.
constexpr std::int64_t kMarkEveryUs = 60'000'000;

QString ms_text(std::int64_t us) { return QStringLiteral("%1 ms").arg(us / 1000); }
}  // namespace

LiveGroupSource::LiveGroupSource(std::shared_ptr<ChartStore> store, BarSpec spec, int bucket_multiplier,
                                 std::int64_t max_wait_us, QObject* parent)
    : ChartSource(parent), store_(std::move(store)), spec_(spec), multiplier_(bucket_multiplier), max_wait_us_(max_wait_us),
      timer_(new QTimer(this)) {
    timer_->setInterval(kPollMs);
    connect(timer_, &QTimer::timeout, this, &LiveGroupSource::on_tick);
}

LiveGroupSource::~LiveGroupSource() { stop(); }

void LiveGroupSource::stop() {
    timer_->stop();
    for (Member& m : members_) {
        if (!m.feed) continue;
        if (m.recorder) {
            // What the feed queued since the last tick belongs in the recording too.
            batch_.clear();
            m.feed->drain(batch_);
            m.recorder->append(batch_.frames);
            m.recorder->close();
        }
        m.feed->stop();
    }
    members_.clear();
}

void LiveGroupSource::set_recording(const QString& folder, const QStringList& members) {
    for (Member& m : members_) {
        const bool wanted = !folder.isEmpty() && members.contains(m.request);
        if (wanted && !m.recorder) {
            m.recorder = std::make_unique<LiveRecorder>(folder, m.exchange, m.symbol);
        } else if (!wanted && m.recorder) {
            m.recorder->close();
            m.recorder.reset();
        }
    }
    report_recording(true);
}

void LiveGroupSource::report_recording(bool force) {
    RecordingStatus now;
    QStringList paths;
    for (const Member& m : members_) {
        if (!m.recorder) continue;
        const RecordingStatus s = m.recorder->status();
        now.on = now.on || s.on;
        now.bytes += s.bytes;
        now.frames += s.frames;
        now.lost_frames += s.lost_frames;
        if (!s.path.isEmpty()) paths << s.path;
        if (!s.error.isEmpty() && now.error.isEmpty()) now.error = m.name + QStringLiteral(": ") + s.error;
    }
    now.path = paths.join(QLatin1Char('\n'));
    if (!recording_report_due(now, recording_reported_, recording_report_clock_, force)) return;
    recording_reported_ = now;
    recording_report_clock_.start();
    emit recording_changed(now);
}

QString LiveGroupSource::open(const QStringList& members, const QStringList& endpoints, bool accept_quote_mix) {
    std::vector<GroupMarket> markets;
    std::vector<LiveFeedConfig> configs;
    std::vector<std::string> keys;
    QStringList requests;
    Price tick{0};
    for (qsizetype i = 0; i < members.size(); ++i) {
        const QStringList parts = members[i].split(':');
        if (parts.size() != 3 || parts[0] != QStringLiteral("live")) return QStringLiteral("\"%1\" is not a live market").arg(members[i]);
        const auto venue = exchange_from_name(parts[1].toStdString());
        if (!venue) return QStringLiteral("unknown exchange \"%1\"").arg(parts[1]);
        GroupMarket market;
        market.exchange = *venue;
        market.symbol = make_adapter(*venue)->normalize_symbol(parts[2].toStdString());
        // The levels: the coarsest of the members' ticks, one bucket for the group (as from files).
        const auto instrument = builtin_instrument(*venue, market.symbol);
        if (!instrument)
            return QStringLiteral("the tick of %1 %2 is not known here").arg(parts[1], QString::fromStdString(market.symbol));
        tick = std::max(tick, instrument->tick_size);
        LiveFeedConfig config;
        config.exchange = *venue;
        config.symbols = {market.symbol};
        const QString endpoint = i < endpoints.size() ? endpoints[i] : QString();
        if (!endpoint.isEmpty()) {
            config.endpoint_override = parse_endpoint_url(endpoint.toStdString());
            if (!config.endpoint_override)
                return QStringLiteral("bad endpoint \"%1\" (expected ws://host:port/path or wss://…)").arg(endpoint);
        }
        // The key LiveSource gives the same market: one websocket for both.
        keys.push_back((parts[1] + QLatin1Char(':') + QString::fromStdString(market.symbol) + QLatin1Char('@') + endpoint).toStdString());
        configs.push_back(config);
        requests << members[i];
        markets.push_back(std::move(market));
    }
    auto group = make_market_group(markets, accept_quote_mix);
    if (!group) return QString::fromStdString(group.error());
    group_ = std::move(*group);
    merger_ = std::make_unique<GroupMerger>(group_, max_wait_us_);
    trades_.clear();
    member_.clear();

    info_ = SourceInfo{};
    info_.kind = SourceKind::Live;
    SourceRequest request = SourceRequest::group_of(members, accept_quote_mix);
    info_.path = request.key();
    info_.group = QString::fromStdString(group_.title());
    info_.exchange = QStringLiteral("group");
    info_.symbol = QString::fromStdString(group_.feeds.front().symbol);
    info_.tick = tick;

    stop();
    members_.resize(group_.feeds.size());
    for (std::size_t f = 0; f < members_.size(); ++f) {
        members_[f].name = QString::fromStdString(group_.feeds[f].name());
        members_[f].request = requests[f];
        members_[f].exchange = group_.feeds[f].exchange;
        members_[f].symbol = group_.feeds[f].symbol;
        members_[f].feed = SharedFeed::subscribe(configs[f], keys[f]);
    }
    restart_aggregation();
    publish_new_chart();
    emit opened(info_);
    clock_.start();
    status_clock_.start();
    report_status(true);
    timer_->start();
    return {};
}

void LiveGroupSource::set_chart(const BarSpec& spec, int bucket_multiplier) {
    const bool same = spec == spec_ && bucket_multiplier == multiplier_;
    spec_ = spec;
    multiplier_ = bucket_multiplier;
    if (!merger_) return;
    if (!same) {
        restart_aggregation();
        publish_new_chart();
    }
    emit opened(info_);
}

void LiveGroupSource::restart_aggregation() {
    const Price reference = trades_.empty() ? Price{} : trades_.front().price;
    info_.bucket_multiplier = multiplier_ > 0 ? multiplier_ : auto_base_multiplier(info_.tick, reference, spec_);
    info_.auto_bucket = multiplier_ <= 0;
    bucket_units_ = info_.tick.units * info_.bucket_multiplier;
    bars_.restart(spec_, bucket_units_, group_.feeds.size(), include_non_aggressive_);
    for (std::size_t i = 0; i < trades_.size(); ++i) bars_.add(trades_[i], member_[i], i);
}

void LiveGroupSource::publish_new_chart() {
    std::size_t from = trades_.size();
    const std::int64_t newest = trades_.empty() ? 0 : trades_.back().exchange_time_us;
    while (from > 0 && trades_[from - 1].exchange_time_us >= newest - kRecentWindowUs) --from;
    const std::span<const Trade> recent(trades_.data() + from, trades_.size() - from);
    bars_.update_parts(trades_, member_);
    const Price reference = trades_.empty() ? Price{} : trades_.front().price;
    store_->set_reading_bucket(info_.auto_bucket ? info_.tick.units * default_bucket_multiplier(info_.tick, reference) : 0);
    const auto members = bars_.member_series_list(group_);
    store_->replace(series(), info_.tick, info_.symbol.toStdString(), bars_.total().trades(), recent, members);
    store_->set_non_aggressive(bars_.total().non_aggressive_trades(), bars_.total().include_non_aggressive());
}

void LiveGroupSource::take_event(Member& m, const FeedEvent& e) {
    const QString said = QString::fromStdString(e.message);
    switch (e.kind) {
        case FeedEvent::Kind::Connected:
        case FeedEvent::Kind::Subscribed:
            m.state = MemberState::Connected;
            m.ever_connected = true;
            m.reason.clear();
            return;
        case FeedEvent::Kind::Disconnected:
        case FeedEvent::Kind::Reconnecting:
        case FeedEvent::Kind::Stalled:
            if (m.state != MemberState::Out)
                m.out_since_us = trades_.empty() ? 0 : trades_.back().exchange_time_us;
            if (m.ever_connected || e.kind != FeedEvent::Kind::Reconnecting) m.state = MemberState::Out;
            if (e.kind == FeedEvent::Kind::Reconnecting)
                m.reason = QStringLiteral("retrying in %1 s").arg(e.delay_ms / 1000.0, 0, 'f', 1);
            else
                m.reason = said.isEmpty() ? QString::fromUtf8(feed_event_name(e.kind).data()) : said;
            return;
        case FeedEvent::Kind::Gap:
            ++m.gaps;
            m.missed += e.missed;
            return;
        default:
            return;
    }
}

void LiveGroupSource::on_tick() {
    const std::int64_t now_us = clock_.nsecsElapsed() / 1000;
    bool changed = false;
    for (std::size_t f = 0; f < members_.size(); ++f) {
        Member& m = members_[f];
        batch_.clear();
        m.feed->drain(batch_);
        if (m.recorder && !batch_.frames.empty()) m.recorder->append(batch_.frames);
        const MemberState before = m.state;
        for (const FeedEvent& e : batch_.events) take_event(m, e);
        changed |= m.state != before;
        if (!batch_.trades.empty()) {
            merger_->push(f, batch_.trades, now_us);
            m.behind = false;
        }
    }
    const bool first = trades_.empty();
    played_.clear();
    merger_->release(now_us, [&](const Trade& t, std::size_t f) {
        trades_.push_back(t);
        member_.push_back(static_cast<std::uint8_t>(f));
        bars_.add(t, f, trades_.size() - 1);
        played_.push_back(t);
    });
    // A member the wait ran out on: behind until it sends again. Said with the latency, at the
    // status's own pace: a feed quiet for a few hundred ms at a time would make the line flicker.
    const MergeLatency& latency = merger_->latency();
    for (std::size_t f = 0; f < members_.size(); ++f) {
        Member& m = members_[f];
        if (latency.feeds[f].waits_run_out > m.waits_seen) {
            m.waits_seen = latency.feeds[f].waits_run_out;
            m.behind = latency.feeds[f].behind_us > 0;
        }
    }
    if (!played_.empty()) {
        if (first && multiplier_ <= 0) {
            // Auto's bucket needs a price: the first trades choose it.
            restart_aggregation();
            publish_new_chart();
        } else {
            bars_.update_parts(trades_, member_);
            const auto members = bars_.member_series_list(group_);
            store_->publish(series(), played_, false, members);
        }
        mark_missing_shares();
    }
    report_status(changed);
    const std::int64_t wall_us = wall_now_us();
    bool recording = false;
    for (Member& m : members_) {
        if (!m.recorder) continue;
        m.recorder->flush_if_due(wall_us);
        recording = true;
    }
    if (recording) report_recording(false);
}

void LiveGroupSource::mark_missing_shares() {
    const auto bars = series().bars();
    if (bars.empty()) return;
    const std::int64_t bar_us = bars.back().open_time_us;
    const std::int64_t newest = trades_.back().exchange_time_us;
    for (Member& m : members_) {
        const bool missing = m.state == MemberState::Out || (!m.ever_connected && m.state != MemberState::Connected);
        if (!missing || m.marked_bar_us == bar_us || newest - m.marked_at_us < kMarkEveryUs) continue;
        m.marked_bar_us = bar_us;
        m.marked_at_us = newest;
        store_->add_gap({m.out_since_us, newest, 1});
    }
}

void LiveGroupSource::report_status(bool force) {
    if (!force && status_clock_.elapsed() < kStatusEveryMs) return;
    status_clock_.restart();
    ConnectionStatus s;
    bool all_connected = true, any_out = false;
    QStringList parts;
    for (const Member& m : members_) {
        QString part = m.name + QLatin1Char(' ');
        switch (m.state) {
            case MemberState::Connecting:
                part += QStringLiteral("connecting");
                all_connected = false;
                break;
            case MemberState::Connected:
                part += QStringLiteral("connected");
                break;
            case MemberState::Out:
                part += (m.ever_connected ? QStringLiteral("dropped out (%1): the bars miss its share")
                                          : QStringLiteral("cannot be reached (%1): the bars go on without it"))
                            .arg(m.reason);
                all_connected = false;
                any_out = true;
                break;
        }
        if (m.behind && m.state != MemberState::Out) {
            // Connected but quiet (or slow): said, not an error; a quiet market is one too.
            part += QStringLiteral(", silent past the %1 wait").arg(ms_text(max_wait_us_));
        }
        parts << part;
        s.gaps += m.gaps;
        s.missed_trades += m.missed;
        if (m.feed) s.dropped_frames += m.feed->dropped_frames();
    }
    const MergeLatency& latency = merger_->latency();
    parts << QStringLiteral("merge wait %1 (at most %2 so far, up to %3)")
                 .arg(ms_text(latency.last_hold_us), ms_text(latency.max_hold_us), ms_text(max_wait_us_));
    s.state = any_out ? ConnectionState::Reconnecting : all_connected ? ConnectionState::Connected : ConnectionState::Connecting;
    s.message = parts.join(QStringLiteral(" · "));
    if (!force && s.message == status_.message && s.state == status_.state) return;
    status_ = s;
    emit connection_changed(status_);
}

}  // namespace flowscope::ui
