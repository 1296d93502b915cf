#include "alert/alert_rule.hpp"

#include <charconv>
#include <vector>

namespace flowscope {

namespace {

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) return parts;
        start = comma + 1;
    }
}

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

Failure bad(std::string_view text, const std::string& why) {
    return Failure{"bad alert '" + std::string(text) + "': " + why};
}

}  // namespace

Result<void> check_alert_rule(const AlertRule& rule) {
    if (const auto* large = std::get_if<LargeTradeAlert>(&rule)) {
        if (large->size.units <= 0)
            return Failure{"a large-trade size must be above 0 (got " + format_quantity(large->size) + "), like 10 or 2.5"};
    } else if (const auto* level = std::get_if<PriceLevelAlert>(&rule)) {
        if (level->level.units <= 0)
            return Failure{"a price level must be above 0 (got " + format_price(level->level) + "), like 9700"};
        if (level->rearm.units < 0)
            return Failure{"a re-arm margin cannot be negative (got " + format_price(level->rearm) + "): 0 fires once, 25 re-arms 25 away"};
    } else if (const auto* stacked = std::get_if<StackedImbalanceAlert>(&rule)) {
        if (stacked->settings.ratio.units <= 0)
            return Failure{"an imbalance ratio must be above 0 (got " + format_quantity(stacked->settings.ratio) + "), like 3 or 2.5"};
        if (stacked->settings.stack < 1)
            return Failure{"a stack must be at least 1 level (got " + std::to_string(stacked->settings.stack) + "), like 3"};
        if (stacked->settings.min_volume.units < 0)
            return Failure{"a minimum volume cannot be negative (got " + format_quantity(stacked->settings.min_volume) + ")"};
    } else if (const auto* divergence = std::get_if<CvdDivergenceAlert>(&rule)) {
        if (divergence->bars < 1 || divergence->bars > kMaxDivergenceBars)
            return Failure{"a divergence lookback must be 1 to " + std::to_string(kMaxDivergenceBars) + " bars (got " +
                           std::to_string(divergence->bars) + "), like 5"};
    }
    return {};
}

Result<AlertRule> parse_alert_rule(std::string_view text) {
    const std::size_t equals = text.find('=');
    const std::string_view kind = text.substr(0, equals);
    const bool has_value = equals != std::string_view::npos;
    const std::vector<std::string_view> values = has_value ? split_commas(text.substr(equals + 1)) : std::vector<std::string_view>{};
    AlertRule rule;
    if (kind == "large") {
        if (values.size() != 1) return bad(text, "write large=SIZE, like large=10");
        const auto size = parse_decimal_units(values[0]);
        if (!size) return bad(text, "the size must be a decimal like 10 or 2.5");
        rule = LargeTradeAlert{Quantity{*size}};
    } else if (kind == "level") {
        if (values.empty() || values.size() > 2) return bad(text, "write level=PRICE or level=PRICE,REARM, like level=9700 or level=9700,25");
        const auto level = parse_price(values[0]);
        if (!level) return bad(text, "the level must be a price like 9700 or 9700.5");
        PriceLevelAlert alert{*level, Price{}};
        if (values.size() == 2) {
            const auto rearm = parse_price(values[1]);
            if (!rearm) return bad(text, "the re-arm margin must be a price difference like 25");
            alert.rearm = *rearm;
        }
        rule = alert;
    } else if (kind == "stacked") {
        if (has_value && (values.empty() || values.size() > 4))
            return bad(text, "write stacked, or stacked=RATIO[,STACK[,MIN_VOLUME[,zeros]]], like stacked=3,3");
        ImbalanceSettings s;
        if (!values.empty()) {
            const auto ratio = parse_decimal_units(values[0]);
            if (!ratio) return bad(text, "the ratio must be a decimal like 3 or 2.5");
            s.ratio = Quantity{*ratio};
        }
        if (values.size() >= 2) {
            const auto stack = parse_int(values[1]);
            if (!stack) return bad(text, "the stack must be a whole number of levels like 3");
            s.stack = *stack;
        }
        if (values.size() >= 3) {
            const auto min_volume = parse_decimal_units(values[2]);
            if (!min_volume) return bad(text, "the minimum volume must be a decimal like 0 or 1.5");
            s.min_volume = Quantity{*min_volume};
        }
        if (values.size() == 4) {
            if (values[3] != "zeros") return bad(text, "the fourth value can only be 'zeros' (count comparisons against 0 volume)");
            s.zero_counts = true;
        }
        rule = StackedImbalanceAlert{s};
    } else if (kind == "divergence") {
        if (has_value && values.size() != 1) return bad(text, "write divergence or divergence=N, like divergence=5");
        CvdDivergenceAlert alert;
        if (has_value) {
            const auto bars = parse_int(values[0]);
            if (!bars) return bad(text, "N must be a whole number of bars like 5");
            alert.bars = *bars;
        }
        rule = alert;
    } else {
        return bad(text, "the kinds are large=SIZE, level=PRICE[,REARM], stacked[=RATIO,STACK] and divergence[=N]");
    }
    if (const Result<void> checked = check_alert_rule(rule); !checked) return bad(text, checked.error());
    return rule;
}

std::string alert_rule_text(const AlertRule& rule) {
    if (const auto* large = std::get_if<LargeTradeAlert>(&rule)) return "large=" + format_quantity(large->size);
    if (const auto* level = std::get_if<PriceLevelAlert>(&rule))
        return "level=" + format_price(level->level) + (level->rearm.units != 0 ? "," + format_price(level->rearm) : "");
    if (const auto* stacked = std::get_if<StackedImbalanceAlert>(&rule)) {
        const ImbalanceSettings& s = stacked->settings;
        std::string text = "stacked=" + format_quantity(s.ratio) + "," + std::to_string(s.stack);
        if (!s.min_volume.is_zero() || s.zero_counts) text += "," + format_quantity(s.min_volume);
        if (s.zero_counts) text += ",zeros";
        return text;
    }
    return "divergence=" + std::to_string(std::get<CvdDivergenceAlert>(rule).bars);
}

}  // namespace flowscope
