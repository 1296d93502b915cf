#include "history/daily_archive.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "record/daily_recorder.hpp"
#include "record/trade_file_conversion.hpp"

namespace flowscope::history {

namespace fs = std::filesystem;

bool has_daily_archive(Exchange exchange) {
    return exchange == Exchange::BinanceFutures || exchange == Exchange::BinanceSpot;
}

std::string daily_archive_base_url(Exchange exchange) {
    return has_daily_archive(exchange) ? "https://data.binance.vision" : std::string();
}

std::string daily_archive_target(Exchange exchange, std::string_view symbol, std::int64_t day_start_us) {
    if (!has_daily_archive(exchange)) return {};
    const std::string market = exchange == Exchange::BinanceFutures ? "futures/um" : "spot";
    const std::string sym(symbol);
    return "/data/" + market + "/daily/aggTrades/" + sym + "/" + sym + "-aggTrades-" + record::utc_date(day_start_us) +
           ".zip";
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

Result<std::string> parse_checksum_file(std::string_view body) {
    std::size_t end = 0;
    while (end < body.size() && std::isxdigit(static_cast<unsigned char>(body[end]))) ++end;
    if (end != 64) return Failure{"the .CHECKSUM file does not start with a SHA-256 in hex"};
    std::string hex(body.substr(0, 64));
    for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return hex;
}

namespace {

bool write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out.flush());
}

}  // namespace

Result<ArchiveDay> fetch_daily_archive(RestClient& client, Exchange exchange, std::string_view symbol,
                                       std::int64_t day_start_us, const std::string& out_path) {
    if (!has_daily_archive(exchange)) return Failure{"no daily archive for " + std::string(exchange_name(exchange))};
    if (fs::exists(out_path)) return Failure{out_path + " exists already"};
    const std::string target = daily_archive_target(exchange, symbol, day_start_us);
    const std::string day = record::utc_date(day_start_us);
    ArchiveDay result;
    std::string zip;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto sum = client.get_any(target + ".CHECKSUM", 1, 1 << 16);
        if (!sum) return Failure{"archive checksum for " + day + ": " + sum.error()};
        if (sum->status == 404) {
            result.outcome = ArchiveDay::Outcome::NotPublished;
            result.note = "the archive of " + day + " is not published yet";
            return result;
        }
        if (sum->status != 200)
            return Failure{"archive checksum for " + day + ": " + describe_http_status(sum->status, sum->body)};
        auto expected = parse_checksum_file(sum->body);
        if (!expected) return Failure{"archive of " + day + ": " + expected.error()};
        auto file = client.get_any(target, 1);
        if (!file) return Failure{"archive of " + day + ": " + file.error()};
        if (file->status == 404) {
            result.outcome = ArchiveDay::Outcome::NotPublished;
            result.note = "the archive of " + day + " is not published yet";
            return result;
        }
        if (file->status != 200) return Failure{"archive of " + day + ": " + describe_http_status(file->status, file->body)};
        result.bytes_downloaded += file->body.size();
        if (sha256_hex(file->body) == *expected) {
            zip = std::move(file->body);
            if (attempt == 1) result.note = "the first download of " + day + " did not match its checksum; the second did";
            break;
        }
        if (attempt == 1)
            return Failure{"the archive of " + day + " does not match its checksum twice: refused (nothing kept)"};
    }
    // Verified bytes → a .zip next to the recording, converted into FILE.part, renamed when whole.
    const fs::path zip_path = out_path + ".zip.part";
    const fs::path part = out_path + ".part";
    std::error_code ec;
    fs::remove(part, ec);
    if (!write_file(zip_path, zip)) return Failure{"cannot write " + zip_path.string()};
    TradeFileOptions options;
    options.symbol = std::string(symbol);
    options.exchange = exchange;
    options.stop_on_error = true;  // an archive that verified has no bad line; if it had, keep nothing
    const record::ConversionResult conversion = record::convert_trade_file(zip_path.string(), part.string(), options);
    fs::remove(zip_path, ec);
    if (!conversion.ok) {
        fs::remove(part, ec);
        return Failure{"the archive of " + day + " could not be read: " + conversion.error};
    }
    fs::rename(part, out_path, ec);
    if (ec) return Failure{"cannot rename " + part.string() + ": " + ec.message()};
    result.path = out_path;
    result.trades = conversion.file.trades;
    return result;
}

}  // namespace flowscope::history
