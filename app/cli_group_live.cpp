#include "cli_group_live.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <thread>

#include "aggregate/aggregator.hpp"
#include "cli_bar_csv.hpp"
#include "cli_commands.hpp"
#include "group/group_merger.hpp"
#include "group/market_group.hpp"
#include "model/instrument.hpp"
#include "net/http_client.hpp"
#include "net/instrument_metadata.hpp"
#include "net/live_feed.hpp"
#include "model/wall_clock.hpp"
#include "record/daily_recorder.hpp"

namespace flowscope::cli {

namespace {

// Trades are taken from the feeds, merged and printed in batches of about this long: one wake-up
// per batch, not one per trade.
constexpr auto kBatch = std::chrono::milliseconds(30);
// How often a long run says how each member is doing.
constexpr auto kStatusEvery = std::chrono::seconds(60);
// The contract value is asked before the feeds start; an exchange that does not answer in this
// time leaves the built-in value (said) or a refusal.
constexpr int kMetadataTimeoutS = 5;
// A member's delay (receive time − exchange time) is the median of its newest trades, this many.
constexpr std::size_t kDelaySample = 1024;

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

std::int64_t steady_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// 10000 → "10,000"
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
    return digits;
}

std::string ms_text(std::int64_t us) {
    char text[48];
    if (us >= 100'000'000 || us <= -100'000'000)
        std::snprintf(text, sizeof text, "%.0f s", static_cast<double>(us) / 1e6);  // a replay of old trades
    else
        std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(us) / 1000.0);
    return text;
}

// One exchange's market in the group and its live feed.
struct Member {
    GroupMarket market;  // symbol in the exchange's spelling
    std::string key;     // "okx:BTC-USDT-SWAP" as typed, for --endpoint
    std::string name;    // "okx BTC-USDT-SWAP"
    std::optional<Endpoint> endpoint;
    std::optional<Endpoint> rest;  // --rest-endpoint: its REST API (instrument metadata) elsewhere
    std::unique_ptr<LiveFeed> feed;
    std::unique_ptr<record::DailyRecorder> recorder;  // --record: its raw frames, a file per UTC day
    bool record_error_said = false;
    std::uint64_t trades = 0;
    std::vector<std::int64_t> delays_us;  // receive − exchange time of its newest trades, a ring of kDelaySample
    bool ever_connected = false;
    bool connected = false;
    int drop_outs = 0;
};

// --group EXCHANGE:SYMBOL → the member, its symbol spelled as its exchange does.
std::optional<Member> parse_member(const std::string& text) {
    const std::size_t colon = text.find(':');
    const auto exchange = colon == std::string::npos ? std::nullopt : exchange_from_name(text.substr(0, colon));
    if (colon == std::string::npos || colon + 1 == text.size()) {
        complain("bad --group '" + text + "': expected EXCHANGE:SYMBOL, like binance-futures:BTCUSDT or okx:BTC-USDT-SWAP");
        return std::nullopt;
    }
    if (!exchange) {
        complain("bad --group '" + text + "': unknown exchange '" + text.substr(0, colon) +
                 "': use binance, binance-futures, bybit, okx, coinbase or kraken");
        return std::nullopt;
    }
    Member m;
    m.key = text;
    m.market.exchange = *exchange;
    m.market.symbol = make_adapter(*exchange)->normalize_symbol(text.substr(colon + 1));
    m.market.ct_val_origin = "--contract-value";
    m.name = std::string(exchange_name(*exchange)) + " " + m.market.symbol;
    return m;
}

// --endpoint KEY=URL (websocket) or --rest-endpoint KEY=URL (REST): KEY names a member by its
// exchange (every member of it) or EXCHANGE:SYMBOL; a bare URL serves a group of one member.
bool assign_endpoints(const std::vector<std::string>& endpoints, std::vector<Member>& members, bool rest) {
    const std::string option = rest ? "--rest-endpoint" : "--endpoint";
    for (const std::string& text : endpoints) {
        const bool bare = rest ? text.starts_with("http://") || text.starts_with("https://")
                               : text.starts_with("ws://") || text.starts_with("wss://");
        const std::size_t eq = bare ? std::string::npos : text.find('=');
        if (!bare && eq == std::string::npos) {
            complain("bad " + option + " '" + text + "': with --group give EXCHANGE=URL or EXCHANGE:SYMBOL=URL");
            return false;
        }
        const std::string key = bare ? std::string() : text.substr(0, eq);
        const std::string_view address = bare ? std::string_view(text) : std::string_view(text).substr(eq + 1);
        const auto url = rest ? parse_http_url(address) : parse_endpoint_url(address);
        if (!url) {
            complain("bad " + option + " '" + text + "': expected " + (rest ? "http://host:port or https://host" : "ws://host:port/path or wss://..."));
            return false;
        }
        if (bare && members.size() > 1) {
            complain(option + " '" + text + "' names no member: with several --group, give EXCHANGE=URL");
            return false;
        }
        bool used = false;
        for (Member& m : members) {
            const bool named = bare || key == m.key || key == std::string(exchange_name(m.market.exchange)) ||
                               key == std::string(exchange_name(m.market.exchange)) + ":" + m.market.symbol;
            if (!named) continue;
            (rest ? m.rest : m.endpoint) = url;
            used = true;
        }
        if (!used) {
            complain(option + " '" + text + "': no --group member on " + key);
            return false;
        }
    }
    return true;
}

// A member sized in contracts without --contract-value: its ctVal from the exchange's instrument
// metadata (at --rest-endpoint's host when given, same request path). Unread, the group falls back
// to the built-in value or refuses (group/contract_value.hpp), and this says why it was unread.
void read_contract_values(std::vector<Member>& members, const std::string& ca_file) {
    for (Member& m : members) {
        const auto assets = market_assets(m.market.exchange, m.market.symbol);
        if (!assets || assets->size_unit != SizeUnit::Contracts || m.market.metadata_ct_val) continue;
        MetadataRequest request;
        request.timeout_s = kMetadataTimeoutS;
        request.extra_ca_file = ca_file;
        if (m.rest) {
            Endpoint at = metadata_endpoint(m.market.exchange, m.market.symbol);
            const std::string prefix = m.rest->target == "/" ? std::string() : m.rest->target;
            at.host = m.rest->host;
            at.port = m.rest->port;
            at.tls = m.rest->tls;
            at.target = prefix + at.target;
            request.endpoint_override = at;
        }
        const auto instrument = fetch_instrument(m.market.exchange, m.market.symbol, request);
        if (instrument && instrument->contract_multiplier.units > 0) {
            m.market.metadata_ct_val = instrument->contract_multiplier;
            m.market.ct_val_origin = std::string(exchange_name(m.market.exchange)) + "'s instrument metadata";
        } else {
            complain(m.name + ": its contract value was not read from the exchange's instrument metadata: " +
                     (instrument ? std::string("no ctVal in the answer") : instrument.error()));
        }
    }
}

bool apply_contract_values(const std::vector<std::string>& values, std::vector<Member>& members) {
    for (const std::string& text : values) {
        const std::size_t eq = text.find('=');
        const auto value = eq == std::string::npos ? std::nullopt : parse_quantity(text.substr(eq + 1));
        if (!value || value->units <= 0) {
            complain("bad --contract-value '" + text + "': expected SYMBOL=VALUE, the base asset in one contract, like BTC-USDT-SWAP=0.01");
            return false;
        }
        bool used = false;
        for (Member& m : members)
            if (m.market.symbol == text.substr(0, eq)) {
                m.market.metadata_ct_val = *value;
                used = true;
            }
        if (!used) {
            complain("--contract-value '" + text + "': no --group member trades " + text.substr(0, eq));
            return false;
        }
    }
    return true;
}

// The levels: --bucket, else the coarsest of the members' ticks (built-in table).
std::optional<Price> group_bucket(const std::string& bucket, const std::vector<Member>& members) {
    if (!bucket.empty()) {
        const auto price = parse_price(bucket);
        if (!price || price->units <= 0) {
            complain("bad --bucket '" + bucket + "': expected a positive decimal like 0.5");
            return std::nullopt;
        }
        return price;
    }
    Price coarsest{0};
    for (const Member& m : members) {
        const auto instrument = builtin_instrument(m.market.exchange, m.market.symbol);
        if (!instrument) {
            complain("the tick of " + m.name + " is not known here: give the bars' levels with --bucket");
            return std::nullopt;
        }
        coarsest = std::max(coarsest, instrument->tick_size);
    }
    return coarsest;
}

// Connection events of one member, on stderr, the member named; a drop-out is said as such.
void report_event(const FeedEvent& e, Member& m) {
    switch (e.kind) {
        case FeedEvent::Kind::Connected:
            if (m.drop_outs > 0) complain(m.name + " is back: " + e.message);
            else complain(m.name + ": connected: " + e.message);
            m.ever_connected = m.connected = true;
            return;
        case FeedEvent::Kind::Disconnected:
            if (!m.ever_connected) {
                complain("cannot reach " + m.name + ": " + e.message + "; the group's bars go on without its trades");
            } else if (m.connected) {
                ++m.drop_outs;
                complain(m.name + " dropped out: " + e.message + "; the group's bars miss its trades until it is back");
            }
            m.connected = false;
            return;
        case FeedEvent::Kind::Reconnecting: {
            char text[96];
            std::snprintf(text, sizeof text, "retrying in %.1f s (attempt %d, backing off)", e.delay_ms / 1000.0, e.attempt);
            complain(m.name + ": " + text);
            return;
        }
        default: complain(m.name + ": " + std::string(feed_event_name(e.kind)) + ": " + e.message);
    }
}

// One line per member: its trades, how late it was, how often the group stopped waiting for it.
void report_members(const std::vector<Member>& members, const MergeLatency& latency) {
    for (std::size_t f = 0; f < members.size(); ++f) {
        const Member& m = members[f];
        const FeedLateness& late = latency.feeds[f];
        const LiveFeedCounters n = m.feed->counters();
        std::string line = "member " + m.name + ": " + grouped(m.trades) + " trades, " + grouped(late.late_trades) + " late";
        if (late.late_trades > 0) line += " (at most " + ms_text(late.latest_late_us) + " behind the group)";
        line += ", the wait ran out " + grouped(late.waits_run_out) + " times while it was behind";
        if (late.behind_us > 0) line += " (last by " + ms_text(late.behind_us) + ")";
        line += "; " + std::string(m.connected ? "connected" : m.ever_connected ? "dropped out" : "never connected");
        line += ", " + grouped(n.reconnects) + " reconnects, " + grouped(n.gaps) + " gaps, " + grouped(n.dropped_frames) +
                " frames dropped, " + grouped(n.malformed) + " malformed";
        if (m.trades == 0) {
            line += "; no trades: its share is missing from every bar";
        } else {
            std::vector<std::int64_t> delays = m.delays_us;
            const auto middle = delays.begin() + static_cast<std::ptrdiff_t>(delays.size() / 2);
            std::nth_element(delays.begin(), middle, delays.end());
            line += "; its trades arrive " + ms_text(*middle) + " after their exchange time (median of its last " +
                    grouped(delays.size()) + ")";
        }
        complain(line);
    }
}

}  // namespace

void run_group_live(const GroupLiveArgs& args, const std::atomic<bool>& interrupted) {
    std::vector<Member> members;
    for (const std::string& text : args.members) {
        auto m = parse_member(text);
        if (!m) return set_exit_code(kExitUsage);
        members.push_back(std::move(*m));
    }
    if (!assign_endpoints(args.endpoints, members, false) || !assign_endpoints(args.rest_endpoints, members, true) ||
        !apply_contract_values(args.contract_values, members))
        return set_exit_code(kExitUsage);
    // Everything that refuses a group but an unknown contract value is said before any exchange is asked.
    const auto refuse = [](const std::string& error) {
        std::string hint;
        if (error.find("quote currencies") != std::string::npos) hint = " (--accept-quote-mix merges them)";
        if (error.find("ctVal") != std::string::npos) hint = ", or give it: --contract-value SYMBOL=VALUE";
        complain("these --group markets are not one market: " + error + hint);
        set_exit_code(kExitUsage);
    };
    std::vector<GroupMarket> markets;
    for (const Member& m : members) {
        markets.push_back(m.market);
        if (!markets.back().metadata_ct_val) markets.back().metadata_ct_val = Quantity{kDecimalScale};
    }
    if (const auto checked = make_market_group(markets, args.accept_quote_mix); !checked) return refuse(checked.error());
    if (args.wait_ms < 0) {
        complain("bad --wait-ms " + std::to_string(args.wait_ms) + ": give the longest wait for the slowest feed in ms (0 or more)");
        return set_exit_code(kExitUsage);
    }
    const std::string timeframe = args.alerts.timeframe.empty() ? "1m" : args.alerts.timeframe;
    const auto spec = BarSpec::parse(timeframe);
    if (!spec) {
        complain("bad --timeframe '" + timeframe + "': use 1s 5s 15s 30s 1m 5m 15m 30m 1h 4h 1D, Nt (trades) or Nv (volume)");
        return set_exit_code(kExitUsage);
    }
    read_contract_values(members, args.ca_file);
    markets.clear();
    for (const Member& m : members) markets.push_back(m.market);
    auto group = make_market_group(markets, args.accept_quote_mix);
    if (!group) return refuse(group.error());
    const auto bucket = group_bucket(args.alerts.bucket, members);
    if (!bucket) return set_exit_code(kExitUsage);
    // Alerts print instead of the bars, and read the same merged trades.
    std::optional<AlertLines> alerts;
    if (!args.alerts.alerts.empty()) {
        auto engine = make_alert_engine(args.alerts, *bucket, false);
        if (!engine) return set_exit_code(kExitUsage);
        alerts.emplace(std::move(*engine));
    }

    std::string sizes;
    for (const GroupFeed& feed : group->feeds)
        if (!feed.size.is_one()) sizes += "; " + feed.name() + ": " + feed.size.source;
    complain("group " + group->title() + ": " + spec->name() + " bars, levels of " + format_price(*bucket) +
             ", waiting up to " + std::to_string(args.wait_ms) + " ms for the slowest feed" + sizes);

    GroupMerger merger(*group, std::int64_t{args.wait_ms} * 1000);
    Aggregator aggregator;
    BarSeries& series = aggregator.add_series(*spec, bucket->units);
    for (Member& m : members) {
        LiveFeedConfig config;
        config.exchange = m.market.exchange;
        config.symbols = {m.market.symbol};
        config.endpoint_override = m.endpoint;
        config.extra_ca_file = args.ca_file;
        m.feed = std::make_unique<LiveFeed>(config);
        m.feed->start();
        // Each exchange recorded on its own, as `record` would: the files open again as a group.
        if (!args.record_dir.empty())
            m.recorder = std::make_unique<record::DailyRecorder>(args.record_dir, m.market.exchange, m.market.symbol);
    }

    // Bars go out as they close: every bar but the open one, by position; a time bar also waits
    // until the merged trades are a wait past its end, as a trade that late is still expected.
    // A later trade may yet fall into a printed time bar (or open one before it): that bar is
    // printed again, said on stderr, so a row with an open time already seen replaces it.
    // Positions only move up when a bar is put before others, so the walk from `printed` starts
    // at or before the first bar not printed; time bars are told apart by their open times.
    const bool time_bars = spec->kind == BarKind::Time;
    std::string row;
    std::size_t printed = 0;
    std::int64_t printed_until_us = std::numeric_limits<std::int64_t>::min();  // open time of the newest printed time bar
    std::int64_t released_until_us = std::numeric_limits<std::int64_t>::min();  // newest exchange time merged
    std::vector<std::int64_t> amended;  // open times of printed bars that late trades changed
    auto flush_rows = [&] {
        if (row.empty()) return;
        std::fwrite(row.data(), 1, row.size(), stdout);
        std::fflush(stdout);
        row.clear();
    };
    auto print_bars = [&](bool including_open) {
        if (alerts) return;
        const std::span<const Bar> bars = series.bars();
        std::sort(amended.begin(), amended.end());
        amended.erase(std::unique(amended.begin(), amended.end()), amended.end());
        for (const std::int64_t open_us : amended) {
            const auto bar = std::lower_bound(bars.begin(), bars.end(), open_us,
                                              [](const Bar& b, std::int64_t t) { return b.open_time_us < t; });
            if (bar == bars.end() || bar->open_time_us != open_us) continue;
            complain("late trades changed the bar of " + std::to_string(open_time_ms(*bar)) + " after it was printed: its row again");
            append_bar_row(row, *bar, bucket->units);
            row += '\n';
        }
        amended.clear();
        std::size_t i = printed;
        for (; i < bars.size(); ++i) {
            if (!including_open && i + 1 == bars.size()) break;
            if (time_bars) {
                if (bars[i].open_time_us <= printed_until_us) continue;
                if (!including_open && bars[i].open_time_us + spec->duration_us + merger.max_wait_us() > released_until_us) break;
                printed_until_us = bars[i].open_time_us;
            }
            append_bar_row(row, bars[i], bucket->units);
            row += '\n';
        }
        printed = i;
        flush_rows();
    };
    std::vector<Trade> merged;
    auto release = [&](std::int64_t now_us) {
        merged.clear();
        merger.release(now_us, [&](const Trade& t, std::size_t) { merged.push_back(t); });
        if (alerts) return alerts->add(merged);
        for (const Trade& t : merged) {
            if (time_bars && printed_until_us != std::numeric_limits<std::int64_t>::min() &&
                t.exchange_time_us < printed_until_us + spec->duration_us)
                amended.push_back(floor_div(t.exchange_time_us, spec->duration_us) * spec->duration_us);
            released_until_us = std::max(released_until_us, t.exchange_time_us);
            aggregator.add(t);
        }
        print_bars(false);
    };

    if (!alerts) std::printf("%s\n", kBarsCsvHeader);
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    auto last_status = start;
    std::uint64_t received = 0;
    FeedBatch batch;
    // After the stop, the feeds' own closing is no member dropping out: its events are not said.
    auto take = [&](bool stopped = false) {
        const std::int64_t now_us = steady_us();
        for (std::size_t f = 0; f < members.size(); ++f) {
            Member& m = members[f];
            batch.clear();
            m.feed->drain(batch);
            if (m.recorder) {
                bool written = true;
                for (const RawFrame& frame : batch.frames) written = m.recorder->append(frame.receive_time_us, frame.text) && written;
                written = m.recorder->flush_if_due(wall_now_us()) && written;
                if (!written && !m.record_error_said) {
                    complain("recording " + m.name + ": " + m.recorder->error() + " (the bars go on)");
                    m.record_error_said = true;
                }
            }
            if (!stopped)
                for (const FeedEvent& e : batch.events) report_event(e, m);
            merger.push(f, batch.trades, now_us);
            for (const Trade& t : batch.trades) {
                const std::int64_t delay = t.receive_time_us - t.exchange_time_us;
                if (m.delays_us.size() < kDelaySample) m.delays_us.push_back(delay);
                else m.delays_us[m.trades % kDelaySample] = delay;
                ++m.trades;
            }
            received += batch.trades.size();
        }
        return now_us;
    };
    auto done = [&] {
        return interrupted.load() || (args.max_trades > 0 && received >= args.max_trades) ||
               (args.duration_s > 0 && std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(args.duration_s));
    };
    while (!done()) {
        std::this_thread::sleep_for(kBatch);
        release(take());
        if (std::chrono::steady_clock::now() - last_status >= kStatusEvery) {
            last_status = std::chrono::steady_clock::now();
            report_members(members, merger.latency());
        }
    }
    take();
    for (Member& m : members) m.feed->stop();
    const std::int64_t now_us = take(true);
    // What the wait cost, before the stop lets every held trade out at once.
    const MergeLatency latency = merger.latency();
    const std::size_t held_at_stop = merger.held();
    release(now_us + merger.max_wait_us());
    print_bars(true);

    report_members(members, latency);
    for (Member& m : members) {
        if (!m.recorder) continue;
        const std::string path = m.recorder->current_path();  // the last file: a run may span days
        if (!m.recorder->close()) complain("recording " + m.name + ": " + m.recorder->error());
        complain("recorded " + m.name + ": " + grouped(m.recorder->frames_written()) + " frames" +
                 (path.empty() ? std::string() : " into " + path));
    }
    std::string line = "group " + group->title() + ": " + grouped(merger.latency().released) + " trades merged; waiting up to " +
                       std::to_string(args.wait_ms) + " ms: " + grouped(latency.released_by_wait) +
                       " released when the wait ran out, held at most " + ms_text(latency.max_hold_us);
    if (held_at_stop > 0) line += "; " + grouped(held_at_stop) + " still held at the stop went out then";
    complain(line);
    if (merger.latency().inexact_sizes > 0)
        complain(grouped(merger.latency().inexact_sizes) + " contract sizes rounded to 0.00000001 " + group->base);
    if (alerts) complain(alerts->summary());
}

}  // namespace flowscope::cli
