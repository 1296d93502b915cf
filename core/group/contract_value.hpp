#pragma once
// How much base asset one traded unit is. OKX sizes its swaps and futures in contracts
// (BTC-USDT-SWAP: 1 contract = 0.01 BTC); a group counts every size in the base asset, so those
// sizes are multiplied by the contract value.
//
// Where the value comes from, in order:
//   1. the exchange's instrument metadata, field ctVal of GET /api/v5/public/instruments
//      (net/instrument_metadata.hpp puts it in Instrument::contract_multiplier for "-SWAP");
//      the caller fetches it (off the UI thread) and passes it here (flowscope-cli bars, which reads
//      no metadata, takes it from --contract-value SYMBOL=VALUE);
//   2. else a built-in value for the main contracts (kBuiltinContractValues below, OKX's values
//      when written), said as such in `source`;
//   3. else the feed is refused, naming the metadata to read: a guessed value would scale every size.
#include <optional>
#include <string>
#include <string_view>

#include "group/market_assets.hpp"
#include "model/decimal.hpp"
#include "model/exchange.hpp"
#include "model/result.hpp"

namespace flowscope {

struct ContractValue {
    Quantity base_per_unit{kDecimalScale};  // 1: sizes already in the base asset
    std::string source;                     // for people: "sizes in BTC", "ctVal 0.01 from OKX's instrument metadata"…
    bool is_one() const { return base_per_unit.units == kDecimalScale; }
};

// given_ct_val: ctVal when known, as the exchange's metadata gave it (or the user, said by `origin`).
Result<ContractValue> contract_value(Exchange exchange, std::string_view symbol, const MarketAssets& assets,
                                     std::optional<Quantity> given_ct_val,
                                     std::string_view origin = "the exchange's instrument metadata");

// size × value, exact when the product has at most 8 decimals; otherwise rounded half away from
// zero to 1e-8 and `inexact` is set (a ctVal of 0.01 on OKX's 0.01-contract lots never rounds).
inline Quantity base_size(Quantity size, const ContractValue& value, bool& inexact) {
    if (value.is_one()) return size;
    const int128 product = size.units * value.base_per_unit.units;
    int128 units = product / kDecimalScale;
    const int128 rest = product % kDecimalScale;
    if (rest != 0) {
        inexact = true;
        const int128 twice = rest < 0 ? -2 * rest : 2 * rest;
        if (twice >= kDecimalScale) units += product < 0 ? -1 : 1;
    }
    return Quantity{units};
}

}  // namespace flowscope
