#include "support/binance_archive.hpp"

#include <openssl/evp.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "support/exchange_decimal.hpp"

namespace flowscope::testing {

namespace {

constexpr std::int64_t kSpotMicrosecondsFromUs = 1'735'689'600'000'000;  // 2025-01-01T00:00:00Z

}  // namespace

std::string archive_base_name(std::string_view symbol, std::int64_t day_start_us) {
    const std::chrono::sys_days day{std::chrono::floor<std::chrono::days>(std::chrono::microseconds(day_start_us))};
    const std::chrono::year_month_day ymd{day};
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return std::string(symbol) + "-aggTrades-" + date;
}

void append_csv_header(std::string& csv, const ArchiveStyle& style) {
    if (!style.spot) csv += "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n";
}

void append_csv_row(std::string& csv, const AggTrade& t, const ArchiveStyle& style) {
    const bool buyer_maker = t.trade.aggressor == Side::Sell;
    csv += t.trade.id.text.view();
    csv += ',';
    append_padded(csv, t.trade.price.units, style.price_decimals);
    csv += ',';
    append_padded(csv, t.trade.quantity.units, style.quantity_decimals);
    csv += ',' + std::to_string(t.first_id) + ',' + std::to_string(t.last_id) + ',';
    const std::int64_t us = t.trade.exchange_time_us;
    csv += std::to_string(style.spot && us >= kSpotMicrosecondsFromUs ? us : us / 1000);
    if (style.spot) csv += buyer_maker ? ",True,True\n" : ",False,True\n";
    else csv += buyer_maker ? ",true\n" : ",false\n";
}

std::string zip_one_file(const std::string& name, const std::string& content) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) throw std::runtime_error("zip_source_buffer_create failed");
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        throw std::runtime_error("zip_open_from_source failed");
    }
    zip_source_keep(buffer);  // the archive's bytes stay readable after zip_close
    zip_source_t* file = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index = file ? zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
        if (file) zip_source_free(file);
        zip_discard(archive);
        zip_source_free(buffer);
        throw std::runtime_error("zip_file_add failed");
    }
    // Deflate at its fastest level: a 5 M-trade day is ~300 MB of CSV, and readers do not care.
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
    if (zip_close(archive) < 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        throw std::runtime_error("zip_close failed");
    }
    std::string bytes;
    zip_stat_t stat;
    if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
        bytes.resize(stat.size);
        const zip_int64_t n = zip_source_read(buffer, bytes.data(), stat.size);
        bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    return bytes;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

std::string checksum_file(std::string_view bytes, std::string_view file_name) {
    return sha256_hex(bytes) + "  " + std::string(file_name) + "\n";
}

}  // namespace flowscope::testing
