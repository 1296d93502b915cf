#include "support/okx_rest.hpp"

#include <optional>

#include "model/decimal.hpp"

namespace flowscope::testing {

namespace {

HttpAnswer okx_error(int status, const char* code, const std::string& msg) {
    return http_answer(status, std::string(R"({"code":")") + code + R"(","msg":")" + msg + R"(","data":[]})");
}

std::int64_t trade_ms(const AggTrade& t) { return floor_div(t.trade.exchange_time_us, 1000); }
std::uint64_t trade_id(const AggTrade& t) { return t.trade.id.number.value_or(0); }

}  // namespace

HttpAnswer okx_history_trades(const RestRequest& r, const std::string& inst_id, const TradeView& trades, std::size_t served) {
    const std::string* inst = r.param("instId");
    if (!inst || inst->empty()) return okx_error(400, "50014", "Parameter instId can not be empty");
    if (*inst != inst_id) return okx_error(400, "51001", "Instrument ID does not exist");
    const std::string* type = r.param("type");
    if (type && *type != "1" && *type != "2") return okx_error(400, "51000", "Parameter type error");
    const bool by_time = type && *type == "2";
    std::int64_t limit = 100;
    if (const std::string* l = r.param("limit")) {
        const auto v = to_integer(*l);
        if (!v || *v < 1 || *v > 100) return okx_error(400, "51000", "Parameter limit error");
        limit = *v;
    }
    std::optional<std::int64_t> after, before;
    for (auto [name, value] : {std::pair{"after", &after}, std::pair{"before", &before}})
        if (const std::string* text = r.param(name)) {
            *value = to_integer(*text);
            if (!*value) return okx_error(400, "51000", std::string("Parameter ") + name + " error");
        }

    std::size_t lo = 0, hi = served;
    if (after) {
        if (by_time) hi = trades.first_not(served, [&](const AggTrade& t) { return trade_ms(t) < *after; });
        else hi = trades.first_not(served, [&](const AggTrade& t) { return trade_id(t) < static_cast<std::uint64_t>(*after); });
    }
    if (before && !by_time)
        lo = trades.first_not(served, [&](const AggTrade& t) { return trade_id(t) <= static_cast<std::uint64_t>(*before); });
    if (hi > lo + static_cast<std::size_t>(limit)) lo = hi - static_cast<std::size_t>(limit);

    std::string body = R"({"code":"0","msg":"","data":[)";
    for (std::size_t i = hi; i > lo; --i) {
        const AggTrade t = trades.at(i - 1);
        if (i != hi) body += ',';
        body += R"({"instId":")" + inst_id + R"(","side":")" + std::string(side_name(t.trade.aggressor)) + R"(","sz":")" +
                format_quantity(t.trade.quantity) + R"(","px":")" + format_price(t.trade.price) + R"(","tradeId":")" +
                std::string(t.trade.id.text.view()) + R"(","ts":")" + std::to_string(trade_ms(t)) + R"("})";
    }
    return http_answer(200, body + "]}");
}

}  // namespace flowscope::testing
