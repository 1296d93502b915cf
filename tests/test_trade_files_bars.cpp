// The engine on the real hour, read from each of its three layouts: identical bars, footprints
// that add up, CVD that is the sum of deltas, and every time frame equal to the finer one merged.
#include <QtTest>

#include <map>

#include "aggregate/aggregator.hpp"
#include "io/trade_file.hpp"

using namespace flowscope;

namespace {

const std::string kDir = FLOWSCOPE_TEST_DATA_DIR;
const std::vector<std::string> kLayouts{
    kDir + "/binance-futures-BTCUSDT-2020-02-22T00.aggTrades.csv",
    kDir + "/binance-futures-BTCUSDT-2020-02-22T00.trades.csv",
    kDir + "/binance-futures-BTCUSDT-2020-02-22T00.tardis.csv",
};

// All eleven standard time frames plus tick and volume bars of one file.
struct Loaded {
    Aggregator aggregator;
    std::vector<Trade> trades;
    Quantity input_volume;
    Quantity input_delta;
};

std::unique_ptr<Loaded> load(const std::string& path) {
    auto out = std::make_unique<Loaded>();
    const TradeFileResult r = read_trade_file(
        path, {},
        [&](const TradeFileResult& header) {
            for (std::string_view tf : kStandardTimeframes) out->aggregator.add_series(*BarSpec::parse(tf), header.tick.units);
            out->aggregator.add_series(*BarSpec::parse("100t"), header.tick.units);
            out->aggregator.add_series(*BarSpec::parse("25v"), header.tick.units);
        },
        [&](std::span<const Trade> batch) {
            for (const Trade& t : batch) {
                out->aggregator.add(t);
                out->trades.push_back(t);
                out->input_volume += t.quantity;
                out->input_delta += t.signed_quantity();
            }
        });
    if (!r.ok) qFatal("%s", r.error.c_str());
    return out;
}

const BarSeries& series(const Loaded& l, std::string_view name) {
    for (const BarSeries& s : l.aggregator.series())
        if (s.spec() == *BarSpec::parse(name)) return s;
    qFatal("no series %s", std::string(name).c_str());
}

Quantity footprint_total(const Footprint& fp) {
    Quantity sum;
    for (std::int64_t b = fp.lowest_bucket(); !fp.empty() && b <= fp.highest_bucket(); ++b) sum += fp.at(b).total();
    return sum;
}

}  // namespace

class TestTradeFilesBars : public QObject {
    Q_OBJECT
    std::vector<std::unique_ptr<Loaded>> loaded_;

private slots:
    void initTestCase() {
        for (const std::string& path : kLayouts) loaded_.push_back(load(path));
    }

    void three_layouts_give_the_same_bars() {
        QCOMPARE(loaded_[0]->aggregator.trades(), std::uint64_t{4297});  // aggTrades merged records
        QCOMPARE(loaded_[1]->aggregator.trades(), std::uint64_t{5041});
        QCOMPARE(loaded_[2]->aggregator.trades(), std::uint64_t{5041});
        for (std::string_view tf : kStandardTimeframes) {
            const auto reference = series(*loaded_[0], tf).bars();
            for (std::size_t layout = 1; layout < loaded_.size(); ++layout) {
                const auto bars = series(*loaded_[layout], tf).bars();
                QCOMPARE(bars.size(), reference.size());
                for (std::size_t i = 0; i < bars.size(); ++i) {
                    const Bar& a = reference[i];
                    const Bar& b = bars[i];
                    QCOMPARE(b.open_time_us, a.open_time_us);
                    QCOMPARE(b.open, a.open);
                    QCOMPARE(b.high, a.high);
                    QCOMPARE(b.low, a.low);
                    QCOMPARE(b.close, a.close);
                    QCOMPARE(b.volume, a.volume);
                    QCOMPARE(b.buy_volume, a.buy_volume);
                    QCOMPARE(b.sell_volume, a.sell_volume);
                    QCOMPARE(b.delta(), a.delta());
                    QCOMPARE(b.cvd, a.cvd);
                    QCOMPARE(b.vwap(), a.vwap());
                    QCOMPARE(b.footprint.lowest_bucket(), a.footprint.lowest_bucket());
                    QCOMPARE(b.footprint.highest_bucket(), a.footprint.highest_bucket());
                    for (std::int64_t k = a.footprint.lowest_bucket(); k <= a.footprint.highest_bucket(); ++k) {
                        QCOMPARE(b.footprint.at(k).bid, a.footprint.at(k).bid);
                        QCOMPARE(b.footprint.at(k).ask, a.footprint.at(k).ask);
                    }
                    if (layout == 2) QCOMPARE(b.trades, series(*loaded_[1], tf).bars()[i].trades);  // same records
                }
            }
        }
        // The real hour spans 60 one-minute bars.
        QCOMPARE(series(*loaded_[0], "1m").bars().size(), std::size_t{60});
    }

    void footprints_bars_and_input_add_up() {
        for (const auto& l : loaded_) {
            for (const BarSeries& s : l->aggregator.series()) {
                Quantity volume, delta;
                std::uint64_t trades = 0;
                for (const Bar& bar : s.bars()) {
                    QCOMPARE(footprint_total(bar.footprint), bar.volume);
                    QCOMPARE(bar.buy_volume + bar.sell_volume, bar.volume);
                    volume += bar.volume;
                    delta += bar.delta();
                    trades += bar.trades;
                    QCOMPARE(bar.cvd, delta);  // CVD at each close is the running sum of deltas
                }
                QCOMPARE(volume, l->input_volume);
                QCOMPARE(delta, l->input_delta);
                QCOMPARE(delta, l->aggregator.cvd());
                QCOMPARE(trades, l->aggregator.trades());
                QCOMPARE(s.late_trades(), std::uint64_t{0});
            }
            for (const Bar& bar : series(*l, "100t").bars().first(series(*l, "100t").bars().size() - 1))
                QCOMPARE(bar.trades, std::uint64_t{100});
        }
    }

    // Prints that are not aggression (every seventh real trade, marked as the adapters would) stay
    // out of every bar by default, counted, and the bars equal those of the aggression alone; with
    // the switch on they are in, and the bars equal those of the unmarked hour.
    void prints_that_are_not_aggression_are_set_aside_unless_included() {
        const std::vector<Trade>& real = loaded_[1]->trades;
        auto fed = [](const std::vector<Trade>& trades, bool include) {
            Aggregator a;
            a.set_include_non_aggressive(include);
            a.add_series(*BarSpec::parse("1m"), 10'000'000);  // 0.1 USDT
            for (const Trade& t : trades) a.add(t);
            return a;
        };
        std::vector<Trade> marked = real, aggression_only;
        Quantity non_aggressive_volume;
        const Print kinds[] = {Print::InsuranceFund, Print::Deleveraging, Print::Block, Print::Unmarked};
        for (std::size_t i = 0; i < marked.size(); ++i) {
            if (i % 7 == 3) {
                marked[i].print = kinds[i % 4];
                non_aggressive_volume += marked[i].quantity;
            } else {
                aggression_only.push_back(marked[i]);
            }
        }
        auto same_bars = [](const Aggregator& a, const Aggregator& b) {
            const auto x = a.series().front().bars(), y = b.series().front().bars();
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (x[i].volume != y[i].volume || x[i].delta() != y[i].delta() || x[i].cvd != y[i].cvd ||
                    x[i].high != y[i].high || x[i].low != y[i].low || x[i].trades != y[i].trades ||
                    x[i].footprint.levels_by_price().size() != y[i].footprint.levels_by_price().size())
                    return false;
                for (const FootprintCell* cell : y[i].footprint.levels_by_price())
                    if (x[i].footprint.at(cell->bucket).bid != cell->bid || x[i].footprint.at(cell->bucket).ask != cell->ask)
                        return false;
            }
            return a.cvd() == b.cvd();
        };
        const Aggregator by_default = fed(marked, false);
        QCOMPARE(by_default.non_aggressive_trades(), std::uint64_t(real.size() - aggression_only.size()));
        QCOMPARE(by_default.non_aggressive_volume(), non_aggressive_volume);
        QCOMPARE(by_default.trades(), std::uint64_t(aggression_only.size()));
        QVERIFY(same_bars(by_default, fed(aggression_only, false)));
        QVERIFY(!same_bars(by_default, fed(real, false)));

        const Aggregator included = fed(marked, true);
        QCOMPARE(included.non_aggressive_trades(), by_default.non_aggressive_trades());
        QCOMPARE(included.trades(), std::uint64_t(real.size()));
        QVERIFY(same_bars(included, fed(real, false)));
        // A checkpoint copy keeps the rule and the counts.
        Aggregator copy = by_default;
        QCOMPARE(copy.non_aggressive_trades(), by_default.non_aggressive_trades());
        QCOMPARE(copy.include_non_aggressive(), false);
    }

    void every_timeframe_is_the_finer_one_merged() {
        for (const auto& l : loaded_) {
            for (std::size_t k = 0; k + 1 < kStandardTimeframes.size(); ++k) {
                const BarSeries& fine = series(*l, kStandardTimeframes[k]);
                const BarSeries& coarse = series(*l, kStandardTimeframes[k + 1]);
                const std::int64_t d = coarse.spec().duration_us;
                std::map<std::int64_t, std::vector<const Bar*>> groups;
                for (const Bar& b : fine.bars()) groups[floor_div(b.open_time_us, d) * d].push_back(&b);
                QCOMPARE(coarse.bars().size(), groups.size());
                std::size_t i = 0;
                for (const auto& [open_time, parts] : groups) {
                    const Bar& c = coarse.bars()[i++];
                    QCOMPARE(c.open_time_us, open_time);
                    Bar merged = *parts.front();
                    Quantity volume, buy, sell;
                    std::uint64_t trades = 0;
                    std::map<std::int64_t, std::pair<Quantity, Quantity>> cells;
                    for (const Bar* p : parts) {
                        volume += p->volume;
                        buy += p->buy_volume;
                        sell += p->sell_volume;
                        trades += p->trades;
                        merged.high = std::max(merged.high, p->high);
                        merged.low = std::min(merged.low, p->low);
                        for (std::int64_t b = p->footprint.lowest_bucket(); b <= p->footprint.highest_bucket(); ++b) {
                            cells[b].first += p->footprint.at(b).bid;
                            cells[b].second += p->footprint.at(b).ask;
                        }
                    }
                    QCOMPARE(c.volume, volume);
                    QCOMPARE(c.buy_volume, buy);
                    QCOMPARE(c.sell_volume, sell);
                    QCOMPARE(c.trades, trades);
                    QCOMPARE(c.high, merged.high);
                    QCOMPARE(c.low, merged.low);
                    QCOMPARE(c.open, parts.front()->open);
                    QCOMPARE(c.close, parts.back()->close);
                    QCOMPARE(c.cvd, parts.back()->cvd);
                    QCOMPARE(c.first_trade_time_us, parts.front()->first_trade_time_us);
                    QCOMPARE(c.last_trade_time_us, parts.back()->last_trade_time_us);
                    for (const auto& [b, bid_ask] : cells) {
                        QCOMPARE(c.footprint.at(b).bid, bid_ask.first);
                        QCOMPARE(c.footprint.at(b).ask, bid_ask.second);
                    }
                }
            }
        }
    }

    void shuffled_minutes_give_the_same_bars() {
        // Unsorted input: the hour fed minute by minute in reverse; late trades find their bars.
        const Loaded& sorted = *loaded_[1];
        Aggregator agg;
        BarSeries& m1 = agg.add_series(*BarSpec::parse("1m"), series(sorted, "1m").bucket_units());
        std::map<std::int64_t, std::vector<const Trade*>, std::greater<>> by_minute;
        for (const Trade& t : sorted.trades) by_minute[t.exchange_time_us / 60'000'000].push_back(&t);
        for (const auto& [minute, trades] : by_minute)
            for (const Trade* t : trades) agg.add(*t);
        const auto expected = series(sorted, "1m").bars();
        QCOMPARE(m1.bars().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(m1.bars()[i].open_time_us, expected[i].open_time_us);
            QCOMPARE(m1.bars()[i].volume, expected[i].volume);
            QCOMPARE(m1.bars()[i].delta(), expected[i].delta());
            QCOMPARE(m1.bars()[i].cvd, expected[i].cvd);
            QCOMPARE(m1.bars()[i].open, expected[i].open);
            QCOMPARE(m1.bars()[i].close, expected[i].close);
        }
    }
};

QTEST_GUILESS_MAIN(TestTradeFilesBars)
#include "test_trade_files_bars.moc"
