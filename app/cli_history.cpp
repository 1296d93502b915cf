// flowscope-cli history: a market's trades over a time range into daily recordings, from the
// exchange's daily archives (whole past days) and REST pages (the rest), in the rate budget.
// Resumable and idempotent: what the folder already holds is read, never fetched again.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli_commands.hpp"
#include "cli_time.hpp"
#include "history/history_chain.hpp"
#include "net/exchange_adapter.hpp"
#include "net/http_client.hpp"
#include "record/daily_recorder.hpp"

namespace flowscope::cli {

namespace {

void complain(const std::string& message) { std::fprintf(stderr, "flowscope-cli: %s\n", message.c_str()); }

struct HistoryArgs {
    std::string exchange, symbol, from, to, out;
    std::string rest_endpoint, archive_endpoint, ca_file;
    double share = 0.5;
};

void run_history(const HistoryArgs& args) {
    const auto exchange = exchange_from_name(args.exchange);
    if (!exchange) {
        complain("unknown --exchange '" + args.exchange + "': use binance, binance-futures, bybit, okx, coinbase or kraken");
        return set_exit_code(kExitUsage);
    }
    const auto from = parse_time_argument(args.from);
    const auto to = parse_time_argument(args.to);
    if (!from || !to) {
        complain("bad --" + std::string(!from ? "from '" + args.from : "to '" + args.to) +
                 "': give ISO 8601 UTC (2020-02-22T01:00:00Z, 2020-02-22) or epoch milliseconds");
        return set_exit_code(kExitUsage);
    }
    if (*to <= *from) {
        complain("--to must be after --from");
        return set_exit_code(kExitUsage);
    }
    if (args.share <= 0 || args.share > 1) {
        complain("--share must be in (0, 1]: the share of the exchange's rate limit to use");
        return set_exit_code(kExitUsage);
    }
    for (const std::string* url : {&args.rest_endpoint, &args.archive_endpoint})
        if (!url->empty() && !parse_http_url(*url)) {
            complain("bad endpoint '" + *url + "': expected http://host:port or https://host");
            return set_exit_code(kExitUsage);
        }
    const auto adapter = make_adapter(*exchange);
    history::HistoryRequest request;
    request.exchange = *exchange;
    request.symbol = adapter->normalize_symbol(args.symbol);
    request.from_us = *from;
    request.to_us = *to;
    request.store_dir = args.out;
    request.rest_url = args.rest_endpoint;
    request.archive_url = args.archive_endpoint;
    // A local or test REST endpoint alone: no archive is tried (it would be the real one).
    if (!args.rest_endpoint.empty() && args.archive_endpoint.empty()) request.archive_url = "none";
    request.extra_ca_file = args.ca_file;
    request.share = args.share;
    request.archive_delay_us = 0;

    history::HistoryCallbacks callbacks;
    auto last_line = std::chrono::steady_clock::now() - std::chrono::seconds(10);
    std::string last_source;
    callbacks.on_progress = [&](const history::HistoryProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (p.source == last_source && now - last_line < std::chrono::seconds(1)) return;
        last_line = now;
        last_source = p.source;
        std::fprintf(stderr, "flowscope-cli: %s\n", p.message.c_str());
    };
    callbacks.on_note = [](const std::string& note) { complain(note); };
    auto outcome = history::fetch_history(request, callbacks);
    if (!outcome) {
        complain("history of " + request.symbol + " on " + args.exchange + ": " + outcome.error() +
                 " (what was fetched before is kept in " + args.out + "; run the same command again to go on)");
        return set_exit_code(kExitFatal);
    }
    std::fprintf(stderr,
                 "flowscope-cli: %s %s %s … %s in %s: %llu trades already there, %llu from %llu archive days, "
                 "%llu from %llu REST pages\n",
                 args.exchange.c_str(), request.symbol.c_str(), args.from.c_str(), args.to.c_str(), args.out.c_str(),
                 static_cast<unsigned long long>(outcome->from_store), static_cast<unsigned long long>(outcome->from_archive),
                 static_cast<unsigned long long>(outcome->archive_days), static_cast<unsigned long long>(outcome->from_rest),
                 static_cast<unsigned long long>(outcome->rest_pages));
    for (const auto& hole : outcome->unfilled)
        complain("the exchange did not serve trades " + std::to_string(hole.first) + "–" + std::to_string(hole.last) +
                 " (" + std::to_string(hole.count()) + "): they stay missing");
    if (outcome->from_store + outcome->from_archive + outcome->from_rest == 0) {
        complain("no trades of " + request.symbol + " between " + args.from + " and " + args.to);
        return set_exit_code(kExitFatal);
    }
}

}  // namespace

void add_history_commands(CLI::App& app) {
    auto args = std::make_shared<HistoryArgs>();
    CLI::App* history = app.add_subcommand(
        "history", "Fill daily recordings (<exchange>-<symbol>-YYYY-MM-DD.fsrec) with a market's past trades, from the "
                   "exchange's daily archives and REST pages; run it again to resume");
    history->add_option("--exchange", args->exchange, "binance, binance-futures, bybit, okx, coinbase, kraken")->required();
    history->add_option("--symbol", args->symbol, "symbol, in any spelling (BTCUSDT, btc-usdt)")->required();
    history->add_option("--from", args->from, "start, ISO 8601 UTC (2020-02-22T01:00:00Z) or epoch ms")->required();
    history->add_option("--to", args->to, "end (exclusive), ISO 8601 UTC or epoch ms")->required();
    history->add_option("--out", args->out, "folder of daily recordings (read first: what it holds is not fetched again)")->required();
    history->add_option("--rest-endpoint", args->rest_endpoint,
                        "REST API here instead (http://127.0.0.1:PORT for a local test exchange); alone, no archive is tried");
    history->add_option("--archive-endpoint", args->archive_endpoint, "daily archives here instead (http or https)");
    history->add_option("--ca-file", args->ca_file, "also trust this CA certificate (PEM), e.g. a test CA");
    history->add_option("--share", args->share, "share of the exchange's rate limit to use (default 0.5)");
    history->footer(exit_codes_help());
    history->callback([args] { run_history(*args); });
}

}  // namespace flowscope::cli
