#pragma once
// Instrument tick and lot sizes from each exchange's public REST metadata, best effort: when the
// exchange cannot be reached (or answers something unexpected) the built-in table of
// model/instrument.hpp is used and the caller is told why.
#include <optional>
#include <string>
#include <string_view>

#include "model/instrument.hpp"
#include "model/result.hpp"
#include "net/exchange_adapter.hpp"

namespace flowscope {

struct MetadataRequest {
    std::optional<Endpoint> endpoint_override;  // tests: a local server (http:// when tls is false)
    std::string extra_ca_file;
    int timeout_s = 10;
};

// The public REST request for one symbol (symbol in the exchange's spelling).
Endpoint metadata_endpoint(Exchange exchange, std::string_view symbol);

// Reads the exchange's answer; fails, saying why, when the symbol or its fields are missing.
Result<Instrument> parse_instrument_metadata(Exchange exchange, std::string_view symbol, std::string_view body);

// GET + parse (http_get, http_client.cpp). Blocks up to about timeout_s: call it off the UI thread.
Result<Instrument> fetch_instrument(Exchange exchange, std::string_view symbol, const MetadataRequest& request = {});

// The exchange's metadata when reachable, else the built-in table; note says which and why.
std::optional<Instrument> instrument_metadata(Exchange exchange, std::string_view symbol, std::string* note = nullptr,
                                              const MetadataRequest& request = {});

}  // namespace flowscope
