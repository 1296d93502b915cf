#pragma once
// An exchange's public daily trade archive (Binance spot and USD-M `aggTrades`, one ZIP per UTC
// day at data.binance.vision, each with a `.CHECKSUM` holding its SHA-256), downloaded once and
// kept as a recording of that day, so the next launch reads it locally.
//
// A download is verified before anything is kept: a checksum mismatch refuses it and fetches it
// again once; a cut download never becomes a recording (it is written to FILE.part and renamed
// only when complete). A day not published yet (404) is reported as such, so that the caller can
// fall through to REST pages. Bybit publishes daily CSVs too, without checksum and in another
// layout: not read here.
#include <cstdint>
#include <functional>
#include <string>

#include "history/rest_client.hpp"
#include "model/exchange.hpp"
#include "model/result.hpp"

namespace flowscope::history {

bool has_daily_archive(Exchange exchange);
std::string daily_archive_base_url(Exchange exchange);  // "https://data.binance.vision"
// "/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2020-02-22.zip"
std::string daily_archive_target(Exchange exchange, std::string_view symbol, std::int64_t day_start_us);

// The hex SHA-256 of bytes; and the hash a `.CHECKSUM` file names ("<hex>  <file name>").
std::string sha256_hex(std::string_view bytes);
Result<std::string> parse_checksum_file(std::string_view body);

struct ArchiveDay {
    enum class Outcome { Kept, NotPublished };
    Outcome outcome = Outcome::Kept;
    std::string path;           // the day's recording (Kept)
    std::uint64_t trades = 0;
    std::uint64_t bytes_downloaded = 0;
    std::string note;           // e.g. "checksum mismatch on the first download; the second matched"
};

// Downloads the day through client (its base URL is the archive's), verifies it and writes the
// recording at out_path (refused when out_path exists). Fails, saying why, on a refusal (451/403),
// a second checksum mismatch, a cut or unreadable ZIP.
Result<ArchiveDay> fetch_daily_archive(RestClient& client, Exchange exchange, std::string_view symbol,
                                       std::int64_t day_start_us, const std::string& out_path);

}  // namespace flowscope::history
