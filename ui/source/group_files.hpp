#pragma once
// A group of markets opened from files made separately (each exchange's recording, or its public
// trade file): every member read whole, checked as one market (group/market_group.hpp: one base
// asset, contracts in it, quote currencies mixed only when accepted) and merged in exchange-time
// order (group/group_merge.hpp), each trade tagged with its member. The merge needs every member's
// next trade at hand, so the trades are held in memory: a Trade is 144 bytes, the real hour as
// three exchanges (14 k trades) 2 MB, three liquid days of 1 M trades each 430 MB.
#include <QString>
#include <QStringList>
#include <cstdint>
#include <span>
#include <vector>

#include "group/market_group.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

struct GroupTrades {
    bool ok = false;
    QString error;                     // for people: which file, or why the files are not one market
    MarketGroup group;                 // feeds in the members' order
    QStringList paths;                 // the members' files, in the same order
    std::vector<Trade> trades;         // merged; sizes in the base asset
    std::vector<std::uint8_t> member;  // member[i]: the feed trades[i] came from
    Price tick;                        // the coarsest of the members' ticks: the group's one bucket
    std::uint64_t inexact_sizes = 0;   // contract sizes rounded to 1e-8
    QStringList warnings;              // bad lines skipped, damaged blocks (what the status bar marks ⚠)
    QStringList sizes;                 // what a contract member's unit is worth and where that came from
};

// At most this many members: a feed index fits a byte.
inline constexpr int kMaxGroupMembers = 255;

GroupTrades read_group_files(const QStringList& paths, bool accept_quote_mix);

// The members' trades as one stream into out.trades / out.member. Recordings (every trade has its
// receive time) replay as the group would have run live: in receive order through GroupMerger,
// with its bounded wait (a member late past the wait stays late); trade files, which have no
// receive times, merge in exchange time (group_merge.hpp).
void merge_group_trades(const MarketGroup& group, std::span<const std::span<const Trade>> feeds, GroupTrades& out);

// What the members' markets make, before opening them: a recording's market is in its header, a
// trade file's is known once it is read through (the whole file is parsed, its trades dropped: run
// it off the UI thread). quote_mix: the files are one market but for their quote currencies, and
// mixed_title is what accepting would call it ("BTC/USDT+USD (mixed quotes) · …").
struct GroupCheck {
    QString error;      // a file that cannot be read, or files that are not one market
    bool quote_mix = false;
    QString title;      // the group's title (the mixed one when quote_mix)
};
GroupCheck check_group_files(const QStringList& paths);

}  // namespace flowscope::ui
