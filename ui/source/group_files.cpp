#include "source/group_files.hpp"

#include <QFileInfo>
#include <algorithm>

#include "group/group_merge.hpp"
#include "group/group_merger.hpp"
#include "io/trade_file.hpp"
#include "record/market_file_trades.hpp"
#include "record/recording_session.hpp"
#include "replay/replay_loading.hpp"

namespace flowscope::ui {

namespace {
QString text_of(const std::string& s) { return QString::fromStdString(s); }

struct Member {
    Exchange exchange = Exchange::Unknown;
    std::string symbol;
    Price tick;
    std::vector<Trade> trades;
};

// One member read whole; the reason (naming the file) when it cannot be.
QString read_member(const QString& path, Member& m, QStringList& warnings) {
    if (!QFileInfo::exists(path)) return QStringLiteral("cannot open %1: no such file or folder").arg(path);
    TradeFileOptions options;
    options.symbol = symbol_in_file_name(path);
    record::MarketFileTrades read = record::read_market_file_trades(path.toStdString(), options);
    if (read.recording) {
        const auto& recorded = *read.recorded;
        if (!recorded) return text_of(recorded.error());
        for (const auto& issue : recorded->issues) warnings << text_of(issue.describe());
        if (recorded->malformed > 0) warnings << QStringLiteral("%1: %2 malformed frames skipped").arg(path).arg(recorded->malformed);
    } else {
        if (!read.file.ok) return read.file.error.empty() ? QStringLiteral("cannot read %1").arg(path) : text_of(read.file.error);
        if (read.file.skipped > 0) {
            warnings << QStringLiteral("%1: %2 bad lines skipped").arg(QFileInfo(path).fileName()).arg(read.file.skipped);
            for (const TradeFileIssue& issue : read.file.issues) warnings << text_of(describe_issue(issue));
        }
    }
    m.exchange = read.file.exchange;
    m.symbol = read.file.symbol;
    m.tick = read.file.tick;
    m.trades = std::move(read.trades);
    if (m.trades.empty()) return QStringLiteral("%1 holds no trades").arg(path);
    return {};
}
}  // namespace

GroupCheck check_group_files(const QStringList& paths) {
    GroupCheck out;
    if (paths.size() < 2 || paths.size() > kMaxGroupMembers) {
        out.error = QStringLiteral("a group is 2 to %1 files, one per exchange").arg(kMaxGroupMembers);
        return out;
    }
    std::vector<GroupMarket> markets;
    for (const QString& path : paths) {
        GroupMarket market;
        const std::string file = path.toStdString();
        if (record::is_recording_path(file)) {
            auto session = record::RecordingSession::open(file);
            if (!session) {
                out.error = session.error().empty() ? QStringLiteral("cannot read %1").arg(path) : text_of(session.error());
                return out;
            }
            market.exchange = (*session)->exchange();
            market.symbol = (*session)->symbol();
        } else {
            TradeFileOptions options;
            options.symbol = symbol_in_file_name(path);
            const TradeFileResult read = read_trade_file(file, options, [](const TradeFileResult&) {}, [](std::span<const Trade>) {});
            if (!read.ok) {
                out.error = read.error.empty() ? QStringLiteral("cannot read %1").arg(path) : text_of(read.error);
                return out;
            }
            market.exchange = read.exchange;
            market.symbol = read.symbol;
        }
        markets.push_back(std::move(market));
    }
    const auto strict = make_market_group(markets, false);
    if (strict) {
        out.title = text_of(strict->title());
        return out;
    }
    const auto mixed = make_market_group(markets, true);
    if (!mixed) {
        out.error = QStringLiteral("These files are not one market: %1").arg(text_of(mixed.error()));
        return out;
    }
    out.quote_mix = true;
    out.title = text_of(mixed->title());
    return out;
}

void merge_group_trades(const MarketGroup& group, std::span<const std::span<const Trade>> feeds, GroupTrades& out) {
    std::size_t total = 0;
    bool received = true;  // every trade has its receive time: recordings of live sessions
    for (const auto& f : feeds) {
        total += f.size();
        received = received && std::all_of(f.begin(), f.end(), [](const Trade& t) { return t.receive_time_us > 0; });
    }
    out.trades.clear();
    out.member.clear();
    out.trades.reserve(total);
    out.member.reserve(total);
    auto take = [&](const Trade& t, std::size_t feed) {
        out.trades.push_back(t);
        out.member.push_back(static_cast<std::uint8_t>(feed));
    };
    if (!received) {
        out.inexact_sizes = merge_group_feeds(group, feeds, take).inexact_sizes;
        return;
    }
    // Recordings: the trades as they were received, through the live merger with its bounded wait,
    // so that the group replays as it would have run live (a feed late past the wait stays late).
    GroupMerger merger(group);
    std::vector<std::size_t> next(feeds.size(), 0);
    std::int64_t last_us = 0;
    for (;;) {
        std::size_t best = feeds.size();
        for (std::size_t f = 0; f < feeds.size(); ++f)
            if (next[f] < feeds[f].size() &&
                (best == feeds.size() || feeds[f][next[f]].receive_time_us < feeds[best][next[best]].receive_time_us))
                best = f;
        if (best == feeds.size()) break;
        const std::int64_t now = feeds[best][next[best]].receive_time_us;
        std::size_t end = next[best];
        while (end < feeds[best].size() && feeds[best][end].receive_time_us == now) ++end;  // one frame's trades
        merger.push(best, feeds[best].subspan(next[best], end - next[best]), now);
        next[best] = end;
        merger.release(now, take);
        last_us = now;
    }
    merger.release(last_us + merger.max_wait_us(), take);  // the wait runs out for what is still held
    out.inexact_sizes = merger.latency().inexact_sizes;
}

GroupTrades read_group_files(const QStringList& paths, bool accept_quote_mix) {
    GroupTrades out;
    out.paths = paths;
    if (paths.size() < 2) {
        out.error = QStringLiteral("a group needs at least two files, one per exchange");
        return out;
    }
    if (paths.size() > kMaxGroupMembers) {
        out.error = QStringLiteral("a group holds at most %1 files").arg(kMaxGroupMembers);
        return out;
    }
    std::vector<Member> members(static_cast<std::size_t>(paths.size()));
    std::vector<GroupMarket> markets;
    for (std::size_t i = 0; i < members.size(); ++i) {
        const QString& path = paths[static_cast<qsizetype>(i)];
        if (const QString why = read_member(path, members[i], out.warnings); !why.isEmpty()) {
            out.error = why;
            return out;
        }
        GroupMarket market;
        market.exchange = members[i].exchange;
        market.symbol = members[i].symbol;
        markets.push_back(std::move(market));
        out.tick = std::max(out.tick, members[i].tick);
    }
    auto group = make_market_group(markets, accept_quote_mix);
    if (!group) {
        out.error = QStringLiteral("These files are not one market: %1").arg(text_of(group.error()));
        if (group.error().find("quote currencies") != std::string::npos)
            out.error += QStringLiteral(". Accept the mix to merge them anyway (the title will say so).");
        return out;
    }
    out.group = std::move(*group);
    for (const GroupFeed& feed : out.group.feeds)
        if (!feed.size.is_one()) out.sizes << text_of(feed.name() + ": " + feed.size.source);

    std::vector<std::span<const Trade>> feeds;
    for (const Member& m : members) feeds.emplace_back(m.trades);
    merge_group_trades(out.group, feeds, out);
    if (out.inexact_sizes > 0)
        out.warnings << QStringLiteral("%1 contract sizes rounded to 0.00000001 %2").arg(out.inexact_sizes).arg(text_of(out.group.base));
    out.ok = true;
    return out;
}

}  // namespace flowscope::ui
