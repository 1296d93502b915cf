#pragma once
// A market's imbalance settings: the ones the user saved for it, or the app's default, whose
// minimum volume is measured on the market's own prints.
//
// The default counts a comparison against an empty side (a level bought with nothing sold one
// level below) when the imbalanced side holds more than a minimum volume, so that one ordinary
// print alone never lights up a level. The minimum is the 99th percentile of single-print size
// (nearest rank) over the market's first 1,000 aggressive prints, rounded to the nearest step of
// 1, 2, 5 × 10^k on a log scale: 99 prints in 100 are smaller than it, and it reads as a round
// number. On the real data: Binance USD-M BTCUSDT 2020-02-22 00:00 (aggTrades) 4.605 → 5 BTC
// (the whole hour: 5.152 → 5); Binance spot ETHUSDT 2024-08-08 2.7058 → 2 ETH; Coinbase BTC-USD
// 0.3045 → 0.2 BTC and ETH-USD 7.876 → 10 ETH (their 186 and 121 prints). Sizes are in the
// market's own units, so the rule works on any market without a table. Until 1,000 prints have
// come, comparisons against an empty side are not counted (the CLI's default).
#include <QString>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/footprint_analysis.hpp"
#include "model/trade.hpp"

namespace flowscope::ui {

class AppSettings;

// The 99th percentile (nearest rank) of the sizes; zero for none.
Quantity size_percentile_99(std::vector<Quantity> sizes);
// The nearest of 1, 2, 5 × 10^k to `size` on a log scale (the geometric middle between two steps
// goes up); zero stays zero.
Quantity nearest_round_step(Quantity size);

class MarketImbalance {
public:
    static constexpr std::size_t kMeasuredPrints = 1000;

    explicit MarketImbalance(AppSettings& settings) : settings_(settings) {}

    // A market opened: its saved settings, else the default (measured once its prints have come).
    ImbalanceSettings open(const QString& exchange, const QString& symbol);
    // Prints arrived: the default with its measured minimum volume, once, when the market's
    // kMeasuredPrints-th aggressive print comes (saved for the market from then on).
    std::optional<ImbalanceSettings> observe(std::span<const Trade> trades);
    // The user's settings for the market shown, kept for it.
    void save(const ImbalanceSettings& settings);
    // One line for people: where the minimum volume comes from.
    QString note() const { return note_; }
    bool measuring() const { return measuring_; }

private:
    ImbalanceSettings base() const;  // the last ratio and stack chosen anywhere

    AppSettings& settings_;
    QString exchange_, symbol_;
    bool measuring_ = false;
    std::vector<Quantity> sizes_;
    QString note_;
};

}  // namespace flowscope::ui
