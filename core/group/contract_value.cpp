#include "group/contract_value.hpp"

#include <array>

namespace flowscope {

namespace {

struct BuiltinValue {
    std::string_view symbol;
    std::string_view ct_val;
};
// OKX's ctVal of its main linear swaps (public instruments endpoint), for when the metadata
// cannot be read. Only values that have stayed fixed since listing.
constexpr std::array<BuiltinValue, 2> kBuiltinContractValues{{
    {"BTC-USDT-SWAP", "0.01"},
    {"ETH-USDT-SWAP", "0.1"},
}};

}  // namespace

Result<ContractValue> contract_value(Exchange exchange, std::string_view symbol, const MarketAssets& assets,
                                     std::optional<Quantity> given_ct_val, std::string_view origin) {
    const std::string market = std::string(exchange_name(exchange)) + " " + std::string(symbol);
    switch (assets.size_unit) {
        case SizeUnit::Base: return ContractValue{Quantity{kDecimalScale}, "sizes in " + assets.base};
        case SizeUnit::InverseContracts:
            return Failure{market + " is an inverse contract (each worth a fixed amount of " + assets.quote +
                           "): its sizes are no fixed amount of " + assets.base + ", so it cannot join a group counted in " +
                           assets.base};
        case SizeUnit::Contracts: break;
    }
    if (given_ct_val && given_ct_val->units > 0)
        return ContractValue{*given_ct_val, "1 contract = " + format_quantity(*given_ct_val) + " " + assets.base +
                                                " (ctVal from " + std::string(origin) + ")"};
    for (const BuiltinValue& row : kBuiltinContractValues) {
        if (row.symbol != symbol) continue;
        const Quantity value = *parse_quantity(row.ct_val);
        return ContractValue{value, "1 contract = " + std::string(row.ct_val) + " " + assets.base +
                                        " (built-in ctVal: the exchange's metadata was not read)"};
    }
    return Failure{market + " is sized in contracts and its contract value is unknown: read ctVal from GET "
                            "/api/v5/public/instruments?instType=SWAP&instId=" + std::string(symbol)};
}

}  // namespace flowscope
