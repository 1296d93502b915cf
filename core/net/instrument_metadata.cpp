#include "net/instrument_metadata.hpp"

#include <nlohmann/json.hpp>

#include "net/json_frame.hpp"

namespace flowscope {

namespace {

using json = nlohmann::json;

// A decimal given as a JSON string (how every exchange sends these).
std::optional<int128> decimal_field(const json& object, const char* key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    const auto units = net_detail::wire_decimal_units(it->get_ref<const std::string&>());
    if (!units || *units <= 0) return std::nullopt;
    return units;
}

const json* binance_filter(const json& symbol_info, std::string_view type) {
    const auto filters = symbol_info.find("filters");
    if (filters == symbol_info.end() || !filters->is_array()) return nullptr;
    for (const json& f : *filters)
        if (f.is_object() && f.value("filterType", "") == type) return &f;
    return nullptr;
}

Result<Instrument> make(Exchange exchange, std::string_view symbol, std::optional<int128> tick, std::optional<int128> lot,
                        std::optional<int128> multiplier = std::nullopt) {
    if (!tick || !lot || *tick > std::numeric_limits<std::int64_t>::max())
        return Failure{"tick or lot size missing or not a positive decimal"};
    Instrument in;
    in.exchange = exchange;
    in.symbol = std::string(symbol);
    in.tick_size = Price{static_cast<std::int64_t>(*tick)};
    in.lot_size = Quantity{*lot};
    if (multiplier) in.contract_multiplier = Quantity{*multiplier};
    return in;
}

bool is_okx_swap(std::string_view symbol) { return symbol.ends_with("-SWAP"); }

}  // namespace

Endpoint metadata_endpoint(Exchange exchange, std::string_view symbol) {
    const std::string s(symbol);
    switch (exchange) {
        case Exchange::BinanceSpot: return {"api.binance.com", "443", "/api/v3/exchangeInfo?symbol=" + s, true};
        case Exchange::BinanceFutures: return {"fapi.binance.com", "443", "/fapi/v1/exchangeInfo", true};  // no per-symbol filter
        case Exchange::Bybit: return {"api.bybit.com", "443", "/v5/market/instruments-info?category=linear&symbol=" + s, true};
        case Exchange::Okx:
            return {"www.okx.com", "443", std::string("/api/v5/public/instruments?instType=") + (is_okx_swap(s) ? "SWAP" : "SPOT") + "&instId=" + s, true};
        case Exchange::Coinbase: return {"api.coinbase.com", "443", "/api/v3/brokerage/market/products/" + s, true};
        case Exchange::Kraken: return {"api.kraken.com", "443", "/0/public/AssetPairs?pair=" + s, true};
        case Exchange::Unknown: break;
    }
    return {};
}

Result<Instrument> parse_instrument_metadata(Exchange exchange, std::string_view symbol, std::string_view body) {
    const json doc = json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Failure{"the answer is not a JSON object"};
    switch (exchange) {
        case Exchange::BinanceSpot:
        case Exchange::BinanceFutures: {
            const auto symbols = doc.find("symbols");
            if (symbols == doc.end() || !symbols->is_array()) break;
            for (const json& info : *symbols) {
                if (!info.is_object() || info.value("symbol", "") != symbol) continue;
                const json* price = binance_filter(info, "PRICE_FILTER");
                const json* lot = binance_filter(info, "LOT_SIZE");
                return make(exchange, symbol, price ? decimal_field(*price, "tickSize") : std::nullopt,
                            lot ? decimal_field(*lot, "stepSize") : std::nullopt);
            }
            return Failure{"symbol " + std::string(symbol) + " not listed"};
        }
        case Exchange::Bybit: {
            const json& list = doc.value("/result/list"_json_pointer, json::array());
            if (!list.is_array() || list.empty()) break;
            const json& info = list[0];
            const json& lot = info.value("lotSizeFilter", json::object());
            auto step = decimal_field(lot, "qtyStep");  // linear; spot has basePrecision instead
            if (!step) step = decimal_field(lot, "basePrecision");
            return make(exchange, symbol, decimal_field(info.value("priceFilter", json::object()), "tickSize"), step);
        }
        case Exchange::Okx: {
            const json& data = doc.value("data", json::array());
            if (!data.is_array() || data.empty()) break;
            const json& info = data[0];
            return make(exchange, symbol, decimal_field(info, "tickSz"), decimal_field(info, "lotSz"),
                        is_okx_swap(symbol) ? decimal_field(info, "ctVal") : std::nullopt);
        }
        case Exchange::Coinbase:
            return make(exchange, symbol, decimal_field(doc, "quote_increment"), decimal_field(doc, "base_increment"));
        case Exchange::Kraken: {
            const json& result = doc.value("result", json::object());
            if (!result.is_object() || result.empty()) break;
            const json& info = result.begin().value();
            std::optional<int128> lot;
            if (info.is_object() && info.contains("lot_decimals") && info["lot_decimals"].is_number_unsigned() &&
                info["lot_decimals"].get<unsigned>() <= kDecimalDigits) {
                lot = 1;
                for (unsigned d = info["lot_decimals"].get<unsigned>(); d < kDecimalDigits; ++d) *lot *= 10;
            }
            return make(exchange, symbol, decimal_field(info, "tick_size"), lot);
        }
        case Exchange::Unknown: break;
    }
    return Failure{"unexpected answer (no instrument for " + std::string(symbol) + ")"};
}

std::optional<Instrument> instrument_metadata(Exchange exchange, std::string_view symbol, std::string* note, const MetadataRequest& request) {
    auto fetched = fetch_instrument(exchange, symbol, request);
    if (fetched) {
        if (note) *note = "from the exchange's metadata";
        return *fetched;
    }
    auto builtin = builtin_instrument(exchange, symbol);
    if (note)
        *note = (builtin ? "built-in table (exchange metadata unavailable: " : "unknown (exchange metadata unavailable: ") +
                fetched.error() + ")";
    return builtin;
}

}  // namespace flowscope
