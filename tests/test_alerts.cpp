// Alerts on the real hour (5,041 Binance USD-M BTCUSDT trades): every kind fires on exactly the
// trades that meet its rule. Each expectation is worked out here by a plain loop over the trades,
// written from the rule in alert_engine.hpp (stacked imbalances by a full rescan of the bar after
// every trade, where the engine looks at three levels), and a few of the trades are named.
#include <QtTest>

#include <map>
#include <set>

#include "aggregate/aggregator.hpp"
#include "aggregate/footprint_analysis.hpp"
#include "alert/alert_engine.hpp"
#include "io/trade_file.hpp"
#include "support/test_data.hpp"

using namespace flowscope;

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

Price price(const char* text) { return *parse_price(text); }
Quantity quantity(const char* text) { return *parse_quantity(text); }

const std::vector<Trade>& real_hour() {
    static const std::vector<Trade> trades = [] {
        std::vector<Trade> out;
        const TradeFileResult r = read_trade_file(test::data_path("binance-futures-BTCUSDT-2020-02-22T00.trades.csv"), {},
                                                  {}, [&](std::span<const Trade> t) { out.insert(out.end(), t.begin(), t.end()); });
        if (!r.ok) qFatal("%s", r.error.c_str());
        return out;
    }();
    return trades;
}

std::vector<AlertEvent> run(std::vector<AlertRule> rules, std::span<const Trade> trades, BarSpec spec = BarSpec::time(60),
                            std::int64_t bucket_units = kDecimalScale / 2) {
    auto engine = AlertEngine::create(std::move(rules), spec, bucket_units);
    if (!engine) qFatal("%s", engine.error().c_str());
    std::vector<AlertEvent> fired;
    engine->add(trades, fired);
    return fired;
}

// One line per alert, everything it says but the text: what the expectations are compared on.
std::string signature(AlertKind kind, const Trade& t, Quantity size, Side side, AlertMove move, Price low, Price high,
                      std::span<const TradeId> ids) {
    std::string s = std::string(alert_kind_name(kind)) + " " + std::string(t.id.text.view()) + " t=" +
                    std::to_string(t.exchange_time_us) + " p=" + format_price(t.price) + " q=" + format_quantity(size) + " " +
                    std::string(side_name(side)) + " move=" + std::to_string(static_cast<int>(move)) + " " + format_price(low) +
                    ".." + format_price(high) + " ids=";
    for (const TradeId& id : ids) s += std::string(id.text.view()) + ",";
    return s;
}
std::vector<std::string> signatures(const std::vector<AlertEvent>& events, std::span<const Trade> trades) {
    std::map<std::string, const Trade*> by_id;
    for (const Trade& t : trades) by_id[std::string(t.id.text.view())] = &t;
    std::vector<std::string> out;
    for (const AlertEvent& e : events) {
        const Trade& t = *by_id.at(std::string(e.trade_ids.back().text.view()));
        if (t.exchange_time_us != e.exchange_time_us || t.price != e.price) qFatal("an event names another trade than fired it");
        out.push_back(signature(e.kind, t, e.size, e.side, e.move, e.low, e.high, e.trade_ids));
    }
    return out;
}

void compare(const std::vector<std::string>& got, const std::vector<std::string>& want) {
    for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) QCOMPARE(QString::fromStdString(got[i]), QString::fromStdString(want[i]));
    QCOMPARE(got.size(), want.size());
}

std::vector<std::string> texts(const std::vector<AlertEvent>& events, std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < std::min(n, events.size()); ++i) out.push_back(events[i].text);
    return out;
}

// Bars as the chart makes them, for the expectations: a key per trade.
using BarKey = std::function<std::int64_t(std::size_t index, const Trade&)>;
BarKey minute_bars() {
    return [](std::size_t, const Trade& t) { return floor_div(t.exchange_time_us, kMinuteUs); };
}

}  // namespace

class TestAlerts : public QObject {
    Q_OBJECT
private slots:
    void real_hour_is_there() {
        QCOMPARE(real_hour().size(), std::size_t{5041});
        for (const Trade& t : real_hour()) QVERIFY(is_aggression(t.print));
    }

    // large=10 and large=20: a print is the run of consecutive same-time same-side trades; the
    // alert is on the trade whose running total first reaches the size.
    void large_trades_fire_on_the_trade_that_brings_a_print_to_the_size() {
        const auto& trades = real_hour();
        for (const char* size_text : {"10", "20", "0.5"}) {
            const Quantity size = quantity(size_text);
            std::vector<std::string> want;
            Quantity total;
            std::vector<TradeId> ids;
            bool fired = false;
            for (std::size_t i = 0; i < trades.size(); ++i) {
                const Trade& t = trades[i];
                if (i == 0 || t.exchange_time_us != trades[i - 1].exchange_time_us || t.aggressor != trades[i - 1].aggressor) {
                    total = Quantity{};
                    ids.clear();
                    fired = false;
                }
                total += t.quantity;
                ids.push_back(t.id);
                if (!fired && total >= size) {
                    fired = true;
                    Price low = t.price, high = t.price;
                    for (std::size_t k = i + 1 - ids.size(); k <= i; ++k) {
                        low = std::min(low, trades[k].price);
                        high = std::max(high, trades[k].price);
                    }
                    want.push_back(signature(AlertKind::LargeTrade, t, total, t.aggressor, AlertMove::None, low, high, ids));
                }
            }
            const auto events = run({LargeTradeAlert{size}}, trades);
            compare(signatures(events, trades), want);
            if (std::string(size_text) == "10") {
                QCOMPARE(events.size(), std::size_t{19});
                const std::vector<std::string> first{
                    "large sell 10 at 9674.28\u20139674.97 (sweep of 10 trades); trades 42378430\u201342378439",
                    "large buy 10.05 at 9686.85 (sweep of 2 trades); trades 42378882\u201342378883",
                    "large buy 16.398 at 9686.85 (sweep of 2 trades); trades 42378920\u201342378921",
                };
                QCOMPARE(texts(events, 3), first);
                // The largest print of the hour: 40 sold in one millisecond across 21 trades, fired
                // by its 6th, when the sweep reached 10.
                bool found = false;
                for (const AlertEvent& e : events)
                    if (e.exchange_time_us == 1582330508008000) {
                        found = true;
                        QCOMPARE(e.text, std::string("large sell 10.234 at 9691.15\u20139692.87 (sweep of 6 trades); trades 42379216\u201342379221"));
                        QCOMPARE(e.side, Side::Sell);
                    }
                QVERIFY(found);
            }
        }
    }

    // level=9700: the first trade sets the side (one exactly at the level sets none); the first
    // trade at or through the level from the other side fires; once, or again after the re-arm.
    void a_level_fires_when_price_reaches_it_from_the_other_side() {
        const auto& trades = real_hour();
        const Price level = price("9700");
        for (const char* rearm_text : {"0", "5", "2.5"}) {
            const Price rearm = price(rearm_text);
            std::vector<std::string> want;
            int side = 0;  // −1 below, +1 above, 0 unknown
            bool waiting = false, done = false;
            for (const Trade& t : trades) {
                if (done) break;
                const std::int64_t d = t.price.units - level.units;
                if (waiting) {
                    if (d <= -rearm.units) side = -1, waiting = false;
                    else if (d >= rearm.units) side = +1, waiting = false;
                    continue;
                }
                if (side == 0) {
                    side = d < 0 ? -1 : d > 0 ? +1 : 0;
                    continue;
                }
                if ((side < 0 && d >= 0) || (side > 0 && d <= 0)) {
                    want.push_back(signature(AlertKind::PriceLevel, t, t.quantity, t.aggressor, side < 0 ? AlertMove::Up : AlertMove::Down,
                                             level, level, std::vector<TradeId>{t.id}));
                    if (rearm.units == 0) done = true;
                    else waiting = true;
                }
            }
            const auto events = run({PriceLevelAlert{level, rearm}}, trades);
            compare(signatures(events, trades), want);
            if (std::string(rearm_text) == "0") {
                QCOMPARE(events.size(), std::size_t{1});
                QCOMPARE(events[0].text, std::string("price crossed 9700 upward: buy 0.017 at 9700; trade 42379583"));
                QCOMPARE(events[0].exchange_time_us, 1582330751029000);
            }
            if (std::string(rearm_text) == "5") {
                QCOMPARE(events.size(), std::size_t{7});
                QCOMPARE(events[2].text, std::string("price crossed 9700 downward: sell 0.25 at 9700; trade 42381243"));
                // Below 9695 re-armed it; the next trade at or above 9700 came at 9701.37.
                QCOMPARE(events[4].text, std::string("price crossed 9700 upward: sell 0.031 at 9701.37; trade 42381606"));
            }
        }
    }

    // stacked=3,3 at a 0.5 bucket in 1m bars (and with zeros counted): the footprint of the bar so
    // far is rescanned after every trade; a stack that shares no level with one seen earlier in
    // the bar is new.
    void stacked_imbalances_fire_once_per_new_stack_per_bar() {
        const auto& trades = real_hour();
        const std::int64_t bucket = kDecimalScale / 2;
        for (bool zeros : {false, true}) {
            ImbalanceSettings s;
            s.zero_counts = zeros;
            std::vector<std::string> want;
            Footprint fp;
            std::set<std::pair<int, std::int64_t>> seen;  // side, bucket
            std::int64_t bar = std::numeric_limits<std::int64_t>::min();
            for (std::size_t i = 0; i < trades.size(); ++i) {
                const Trade& t = trades[i];
                if (const std::int64_t key = minute_bars()(i, t); key != bar) {
                    bar = key;
                    fp = Footprint{};
                    seen.clear();
                }
                fp.add(Footprint::bucket_of(t.price, bucket), t.aggressor, t.quantity);
                std::vector<StackedImbalance> fresh;
                for (const StackedImbalance& stack : stacked_imbalances(fp, s)) {
                    bool overlaps = false;
                    for (std::int64_t b = stack.low; b <= stack.high; ++b) overlaps |= seen.contains({static_cast<int>(stack.side), b});
                    if (!overlaps) fresh.push_back(stack);
                    for (std::int64_t b = stack.low; b <= stack.high; ++b) seen.insert({static_cast<int>(stack.side), b});
                }
                std::stable_sort(fresh.begin(), fresh.end(), [](const StackedImbalance& a, const StackedImbalance& b) { return a.side < b.side; });
                for (const StackedImbalance& stack : fresh)
                    want.push_back(signature(AlertKind::StackedImbalance, t, t.quantity, stack.side, AlertMove::None,
                                             Price{stack.low * bucket}, Price{stack.high * bucket}, std::vector<TradeId>{t.id}));
            }
            const auto events = run({StackedImbalanceAlert{s}}, trades, BarSpec::time(60), bucket);
            compare(signatures(events, trades), want);
            QCOMPARE(events.size(), std::size_t{zeros ? 80u : 13u});
            if (!zeros) {
                const std::vector<std::string> first{
                    "stacked buy imbalance 9672.5\u20139673.5 (3 levels) at 9673.86; trade 42378207",
                    "stacked buy imbalance 9675.5\u20139676.5 (3 levels) at 9676.97; trade 42378233",
                    "stacked sell imbalance 9675.5\u20139676.5 (3 levels) at 9675.56; trade 42378743",
                };
                QCOMPARE(texts(events, 3), first);
            }
        }
    }

    // divergence=5 in 1m bars and in 250-trade bars: the window is the N closed bars and the
    // current bar before the trade, recomputed here from scratch for every trade.
    void cvd_divergence_fires_on_a_new_high_or_low_that_cvd_does_not_confirm() {
        const auto& trades = real_hour();
        struct Ext {
            Price high, low;
            Quantity cvd_high, cvd_low;
        };
        const std::vector<std::pair<BarSpec, BarKey>> charts{
            {BarSpec::time(60), minute_bars()},
            {BarSpec::ticks(250), [](std::size_t i, const Trade&) { return static_cast<std::int64_t>(i / 250); }},
        };
        for (int n : {5, 3}) {
            for (const auto& [spec, key_of] : charts) {
                std::vector<std::string> want;
                std::vector<Ext> closed;
                std::optional<Ext> current;
                std::int64_t key = std::numeric_limits<std::int64_t>::min();
                Quantity cvd;
                bool fired_up = false, fired_down = false;
                for (std::size_t i = 0; i < trades.size(); ++i) {
                    const Trade& t = trades[i];
                    if (const std::int64_t k = key_of(i, t); k != key) {
                        if (current) closed.push_back(*current);
                        current.reset();
                        key = k;
                        fired_up = fired_down = false;
                    }
                    cvd += t.signed_quantity();
                    if (closed.size() >= static_cast<std::size_t>(n)) {
                        std::vector<Ext> window(closed.end() - n, closed.end());
                        if (current) window.push_back(*current);
                        Ext w = window.front();
                        for (const Ext& e : window) {
                            w.high = std::max(w.high, e.high);
                            w.low = std::min(w.low, e.low);
                            w.cvd_high = std::max(w.cvd_high, e.cvd_high);
                            w.cvd_low = std::min(w.cvd_low, e.cvd_low);
                        }
                        const std::vector<TradeId> id{t.id};
                        if (!fired_up && t.price > w.high && cvd <= w.cvd_high) {
                            fired_up = true;
                            want.push_back(signature(AlertKind::CvdDivergence, t, t.quantity, t.aggressor, AlertMove::Up, w.high, w.high, id));
                        }
                        if (!fired_down && t.price < w.low && cvd >= w.cvd_low) {
                            fired_down = true;
                            want.push_back(signature(AlertKind::CvdDivergence, t, t.quantity, t.aggressor, AlertMove::Down, w.low, w.low, id));
                        }
                    }
                    if (!current) current = Ext{t.price, t.price, cvd, cvd};
                    current->high = std::max(current->high, t.price);
                    current->low = std::min(current->low, t.price);
                    current->cvd_high = std::max(current->cvd_high, cvd);
                    current->cvd_low = std::min(current->cvd_low, cvd);
                }
                const auto events = run({CvdDivergenceAlert{n}}, trades, spec);
                compare(signatures(events, trades), want);
                QVERIFY(!events.empty());
                if (n == 5 && spec.kind == BarKind::Time) {
                    QCOMPARE(events.size(), std::size_t{25});
                    QCOMPARE(events[0].text, std::string("bearish CVD divergence: 9680 above the 5-bar high 9679.09, CVD 34.964 not "
                                                         "above its high 36.668; trade 42378781"));
                    QCOMPARE(events[8].text, std::string("bullish CVD divergence: 9693 below the 5-bar low 9693.15, CVD 154.463 not "
                                                         "below its low 143.36; trade 42379953"));
                }
            }
        }
    }

    // Several rules at once fire what each fires alone, in rule order for one trade.
    void rules_together_fire_what_each_fires_alone() {
        const auto& trades = real_hour();
        ImbalanceSettings s;
        const std::vector<AlertRule> rules{LargeTradeAlert{quantity("10")}, PriceLevelAlert{price("9700"), price("5")},
                                           StackedImbalanceAlert{s}, CvdDivergenceAlert{5}};
        const auto together = run(rules, trades);
        std::size_t total = 0;
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const auto alone = run({rules[r]}, trades);
            std::vector<std::string> mine;
            for (const AlertEvent& e : together)
                if (e.rule == r) mine.push_back(e.text);
            QCOMPARE(mine, texts(alone, alone.size()));
            total += alone.size();
        }
        QCOMPARE(together.size(), total);
        for (std::size_t i = 1; i < together.size(); ++i) QVERIFY(together[i - 1].exchange_time_us <= together[i].exchange_time_us);
    }

    // A chart taken part-way (the app's engine starts from the bars the chart holds): split at a
    // bar boundary, stacked imbalances and divergences go on as if every trade had been seen.
    void an_engine_started_from_bars_goes_on_as_if_it_had_seen_every_trade() {
        const auto& trades = real_hour();
        const std::int64_t split_time = trades.front().exchange_time_us / kMinuteUs * kMinuteUs + 30 * kMinuteUs;
        const auto split = std::find_if(trades.begin(), trades.end(), [&](const Trade& t) { return t.exchange_time_us >= split_time; });
        const std::vector<AlertRule> rules{StackedImbalanceAlert{ImbalanceSettings{}}, CvdDivergenceAlert{5}, CvdDivergenceAlert{3}};
        const auto whole = run(rules, trades);
        Aggregator aggregator;
        BarSeries& series = aggregator.add_series(BarSpec::time(60), kDecimalScale / 2);
        for (auto it = trades.begin(); it != split; ++it) aggregator.add(*it);
        auto engine = AlertEngine::create(rules, BarSpec::time(60), kDecimalScale / 2);
        QVERIFY(engine.ok());
        engine->start_from(series.bars());
        std::vector<AlertEvent> after;
        engine->add(std::span<const Trade>(&*split, static_cast<std::size_t>(trades.end() - split)), after);
        std::vector<std::string> want;
        for (const AlertEvent& e : whole)
            if (e.exchange_time_us >= split_time) want.push_back(e.text);
        QVERIFY(want.size() >= 5);
        QCOMPARE(texts(after, after.size()), want);
    }

    // Changing the rules keeps what the kept ones remember: a level that fired once stays fired.
    void rules_kept_across_a_change_remember_their_state() {
        const auto& trades = real_hour();
        auto engine = AlertEngine::create({PriceLevelAlert{price("9700"), Price{}}}, BarSpec::time(60), kDecimalScale);
        QVERIFY(engine.ok());
        std::vector<AlertEvent> fired;
        const std::size_t half = trades.size() / 2;
        engine->add(std::span<const Trade>(trades.data(), half), fired);
        QCOMPARE(fired.size(), std::size_t{1});
        QVERIFY(engine->set_rules({LargeTradeAlert{quantity("20")}, PriceLevelAlert{price("9700"), Price{}}}).ok());
        fired.clear();
        engine->add(std::span<const Trade>(trades.data() + half, trades.size() - half), fired);
        for (const AlertEvent& e : fired) QCOMPARE(e.kind, AlertKind::LargeTrade);
        QVERIFY(!fired.empty());
    }

    // Insurance-fund and ADL prints say nothing about aggression: out unless asked for.
    void prints_that_are_not_aggression_are_left_out() {
        std::vector<Trade> trades(real_hour().begin(), real_hour().begin() + 100);
        Trade fund = trades[50];
        fund.exchange_time_us += 1;  // a print of its own, no sweep
        fund.quantity = quantity("50");
        fund.print = Print::InsuranceFund;
        trades.insert(trades.begin() + 51, fund);
        QVERIFY(run({LargeTradeAlert{quantity("20")}}, trades).empty());
        auto engine = AlertEngine::create({LargeTradeAlert{quantity("20")}}, BarSpec::time(60), kDecimalScale, true);
        std::vector<AlertEvent> fired;
        engine->add(trades, fired);
        QCOMPARE(fired.size(), std::size_t{1});
        QCOMPARE(fired[0].size, quantity("50"));
    }

    void bad_rules_are_refused_with_a_clear_message_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("level 0") << "level=0" << "bad alert 'level=0': a price level must be above 0 (got 0), like 9700";
        QTest::newRow("negative level") << "level=-9700" << "bad alert 'level=-9700': a price level must be above 0 (got -9700), like 9700";
        QTest::newRow("negative size") << "large=-5" << "bad alert 'large=-5': a large-trade size must be above 0 (got -5), like 10 or 2.5";
        QTest::newRow("size 0") << "large=0" << "bad alert 'large=0': a large-trade size must be above 0 (got 0), like 10 or 2.5";
        QTest::newRow("no size") << "large" << "bad alert 'large': write large=SIZE, like large=10";
        QTest::newRow("size text") << "large=ten" << "bad alert 'large=ten': the size must be a decimal like 10 or 2.5";
        QTest::newRow("too fine") << "large=0.000000001" << "bad alert 'large=0.000000001': the size must be a decimal like 10 or 2.5";
        QTest::newRow("negative rearm") << "level=9700,-1"
                                        << "bad alert 'level=9700,-1': a re-arm margin cannot be negative (got -1): 0 fires once, 25 re-arms 25 away";
        QTest::newRow("stack 0") << "stacked=3,0" << "bad alert 'stacked=3,0': a stack must be at least 1 level (got 0), like 3";
        QTest::newRow("ratio 0") << "stacked=0" << "bad alert 'stacked=0': an imbalance ratio must be above 0 (got 0), like 3 or 2.5";
        QTest::newRow("zeros typo") << "stacked=3,3,0,zero"
                                    << "bad alert 'stacked=3,3,0,zero': the fourth value can only be 'zeros' (count comparisons against 0 volume)";
        QTest::newRow("divergence 0") << "divergence=0" << "bad alert 'divergence=0': a divergence lookback must be 1 to 500 bars (got 0), like 5";
        QTest::newRow("unknown kind") << "volume=5"
                                      << "bad alert 'volume=5': the kinds are large=SIZE, level=PRICE[,REARM], stacked[=RATIO,STACK] and divergence[=N]";
    }
    void bad_rules_are_refused_with_a_clear_message() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const Result<AlertRule> rule = parse_alert_rule(text.toStdString());
        QVERIFY(!rule.ok());
        QCOMPARE(QString::fromStdString(rule.error()), message);
    }

    // Rules made in code (the app's "alert at this price") are checked as well.
    void an_engine_refuses_bad_rules_and_bars() {
        auto level0 = AlertEngine::create({PriceLevelAlert{Price{}, Price{}}}, BarSpec::time(60), kDecimalScale);
        QVERIFY(!level0.ok());
        QCOMPARE(QString::fromStdString(level0.error()), QString("alert level=0: a price level must be above 0 (got 0), like 9700"));
        auto negative = AlertEngine::create({LargeTradeAlert{Quantity{-100}}}, BarSpec::time(60), kDecimalScale);
        QVERIFY(!negative.ok());
        QVERIFY(negative.error().find("size must be above 0 (got -0.000001)") != std::string::npos);
        auto bucket = AlertEngine::create({LargeTradeAlert{quantity("1")}}, BarSpec::time(60), 0);
        QCOMPARE(QString::fromStdString(bucket.error()), QString("the footprint bucket of alerts must be above 0 (got 0)"));
        auto engine = AlertEngine::create({LargeTradeAlert{quantity("1")}}, BarSpec::time(60), kDecimalScale);
        QVERIFY(engine.ok());
        QVERIFY(!engine->set_rules({CvdDivergenceAlert{501}}).ok());
        QCOMPARE(engine->rules().size(), std::size_t{1});  // a refused change changes nothing
    }

    void rules_are_written_back_as_they_parse() {
        for (const char* text : {"large=10", "large=2.5", "level=9700", "level=9700.5,25", "stacked=3,3", "stacked=2.5,4,1.5",
                                 "stacked=3,3,0,zeros", "divergence=5", "divergence=20"}) {
            const auto rule = parse_alert_rule(text);
            QVERIFY2(rule.ok(), rule.error().c_str());
            QCOMPARE(QString::fromStdString(alert_rule_text(*rule)), QString(text));
        }
        QCOMPARE(QString::fromStdString(alert_rule_text(*parse_alert_rule("stacked"))), QString("stacked=3,3"));
        QCOMPARE(QString::fromStdString(alert_rule_text(*parse_alert_rule("divergence"))), QString("divergence=5"));
        QCOMPARE(QString::fromStdString(alert_rule_text(*parse_alert_rule("level=9700.50,0"))), QString("level=9700.5"));
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "test_alerts.moc"
