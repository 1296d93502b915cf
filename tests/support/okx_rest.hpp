#pragma once
// OKX's trade history as its documentation states it (www.okx.com/docs-v5, Market Data › "Get
// trades history"), answered from a TradeView: GET /api/v5/market/history-trades with instId,
// type (1: after/before are trade ids, the default; 2: after is a time in ms, before is not
// supported), after (older than), before (newer than), limit (default and max 100). Newest first,
// the newest that match, so `before` alone gives the latest, as OKX says.
// {"code":"0","msg":"","data":[{"instId","side","sz","px","tradeId","ts"}]}, side the taker's,
// px and sz exact as traded, ts in ms as text. OKX allows 20 requests per 2 s per IP (not enforced).
#include <cstddef>
#include <string>

#include "support/local_exchange.hpp"
#include "support/rest_request.hpp"
#include "support/trade_view.hpp"

namespace flowscope::testing {

// The answer over the view's first `served` trades (the tradeId is each trade's id).
HttpAnswer okx_history_trades(const RestRequest& request, const std::string& inst_id, const TradeView& trades,
                              std::size_t served);

// The data-less answer OKX gives for a page with nothing in it.
inline constexpr const char* kOkxEmptyPage = R"({"code":"0","msg":"","data":[]})";

}  // namespace flowscope::testing
