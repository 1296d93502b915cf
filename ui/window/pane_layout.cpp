#include "window/pane_layout.hpp"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

#include "aggregate/bar_spec.hpp"

namespace flowscope::ui {

namespace {

void collect(const LayoutNode& node, std::vector<const PaneState*>& out) {
    if (node.pane) {
        out.push_back(&*node.pane);
        return;
    }
    for (const LayoutNode& child : node.children) collect(child, out);
}

QJsonArray int_array(const QList<int>& values) {
    QJsonArray a;
    for (int v : values) a.append(v);
    return a;
}

QJsonObject studies_to_json(const StudyOptions& s) {
    return QJsonObject{
        {"session_profile", s.session_profile},   {"visible_profile", s.visible_profile},
        {"fixed_profile", s.fixed_profile},       {"naked_pocs", s.naked_pocs},
        {"developing_poc", s.developing_poc},     {"big_trades", s.big_trades},
        {"cvd_candles", s.cvd_candles},           {"cvd_session_reset", s.cvd_session_reset},
        {"delta_rows", s.delta_rows},               {"exchange_split", s.exchange_split},
        {"session_start_minutes", static_cast<qint64>(s.session.start_of_day_us / 60'000'000)},
        {"big_trade_quote", static_cast<qint64>(s.big_trade_quote)},
    };
}

QJsonObject pane_to_json(const PaneState& p) {
    QJsonObject o{
        {"timeframe", p.timeframe},
        {"bucket", p.bucket_multiplier == 0 ? QJsonValue(QStringLiteral("auto")) : QJsonValue(p.bucket_multiplier)},
        {"mode", footprint_mode_key(p.mode)},
        {"shading", p.shading == CellShading::Delta ? QStringLiteral("delta") : QStringLiteral("volume")},
        {"stacked_zones", p.stacked_zones},
        {"studies", studies_to_json(p.studies)},
    };
    if (p.source) {
        o["source"] = p.source->key();
        if (!p.source->endpoint.isEmpty()) o["endpoint"] = p.source->endpoint;
        if (!p.source->rest_endpoint.isEmpty()) o["rest_endpoint"] = p.source->rest_endpoint;
        if (!p.source->archive_endpoint.isEmpty()) o["archive_endpoint"] = p.source->archive_endpoint;
    }
    if (!p.pane_sizes.isEmpty()) o["pane_sizes"] = int_array(p.pane_sizes);
    return o;
}

QJsonObject node_to_json(const LayoutNode& n) {
    if (n.pane) return QJsonObject{{"pane", pane_to_json(*n.pane)}};
    QJsonArray children;
    for (const LayoutNode& c : n.children) children.append(node_to_json(c));
    return QJsonObject{{"split", n.orientation == Qt::Horizontal ? QStringLiteral("side by side") : QStringLiteral("stacked")},
                       {"sizes", int_array(n.sizes)},
                       {"children", children}};
}

// Reading: each step names where it is, so that a hand-edited file says what is wrong and where.
struct Reader {
    std::string error;
    bool fail(const QString& where, const QString& what) {
        if (error.empty()) error = (where + QStringLiteral(": ") + what).toStdString();
        return false;
    }
};

bool read_sizes(const QJsonValue& v, const QString& where, QList<int>& out, Reader& r) {
    if (v.isUndefined()) return true;
    if (!v.isArray()) return r.fail(where, QStringLiteral("expected a list of sizes in pixels"));
    for (const QJsonValue& e : v.toArray()) {
        if (!e.isDouble() || e.toDouble() < 0 || e.toDouble() > 100000) return r.fail(where, QStringLiteral("sizes are whole pixels from 0 to 100000"));
        out.append(static_cast<int>(e.toDouble()));
    }
    return true;
}

bool read_flag(const QJsonObject& o, const char* key, const QString& where, bool& value, Reader& r) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    if (!v.isBool()) return r.fail(where + QLatin1Char('.') + QLatin1String(key), QStringLiteral("expected true or false"));
    value = v.toBool();
    return true;
}

bool read_studies(const QJsonValue& v, const QString& where, StudyOptions& s, Reader& r) {
    if (v.isUndefined()) return true;
    if (!v.isObject()) return r.fail(where, QStringLiteral("expected an object of study switches"));
    const QJsonObject o = v.toObject();
    for (auto [key, flag] : {std::pair{"session_profile", &s.session_profile}, {"visible_profile", &s.visible_profile},
                             {"fixed_profile", &s.fixed_profile}, {"naked_pocs", &s.naked_pocs},
                             {"developing_poc", &s.developing_poc}, {"big_trades", &s.big_trades},
                             {"cvd_candles", &s.cvd_candles}, {"cvd_session_reset", &s.cvd_session_reset},
                             {"delta_rows", &s.delta_rows}, {"exchange_split", &s.exchange_split}})
        if (!read_flag(o, key, where, *flag, r)) return false;
    if (const QJsonValue m = o.value("session_start_minutes"); !m.isUndefined()) {
        if (!m.isDouble() || m.toDouble() < 0 || m.toDouble() >= 24 * 60)
            return r.fail(where + QStringLiteral(".session_start_minutes"), QStringLiteral("expected minutes after 00:00 UTC, 0 to 1439"));
        s.session.start_of_day_us = static_cast<std::int64_t>(m.toDouble()) * 60'000'000;
    }
    if (const QJsonValue q = o.value("big_trade_quote"); !q.isUndefined()) {
        if (!q.isDouble() || q.toDouble() < static_cast<double>(kBigPrintFloorQuote) || q.toDouble() > 1e12)
            return r.fail(where + QStringLiteral(".big_trade_quote"),
                          QStringLiteral("expected a quote amount of at least %1").arg(kBigPrintFloorQuote));
        s.big_trade_quote = static_cast<std::int64_t>(q.toDouble());
    }
    return true;
}

bool read_pane(const QJsonValue& v, const QString& where, PaneState& p, Reader& r) {
    if (!v.isObject()) return r.fail(where, QStringLiteral("expected an object"));
    const QJsonObject o = v.toObject();
    if (const QJsonValue s = o.value("source"); !s.isUndefined()) {
        const auto source = s.isString() ? SourceRequest::from_key(s.toString()) : std::nullopt;
        if (!source) return r.fail(where + QStringLiteral(".source"), QStringLiteral("expected \"live:EXCHANGE:SYMBOL\" or \"file:PATH\""));
        p.source = *source;
        p.source->endpoint = o.value("endpoint").toString();
        p.source->rest_endpoint = o.value("rest_endpoint").toString();
        p.source->archive_endpoint = o.value("archive_endpoint").toString();
    }
    if (const QJsonValue t = o.value("timeframe"); !t.isUndefined()) {
        if (!t.isString() || !BarSpec::parse(t.toString().toStdString()))
            return r.fail(where + QStringLiteral(".timeframe"), QStringLiteral("expected a timeframe such as 1m, 5m, 1h, 500t or 100v"));
        p.timeframe = t.toString();
    }
    if (const QJsonValue b = o.value("bucket"); !b.isUndefined()) {
        if (b.isString() && b.toString() == QStringLiteral("auto")) p.bucket_multiplier = 0;
        else if (b.isDouble() && b.toDouble() >= 1 && b.toDouble() <= 1e6 && b.toDouble() == std::floor(b.toDouble()))
            p.bucket_multiplier = static_cast<int>(b.toDouble());
        else return r.fail(where + QStringLiteral(".bucket"), QStringLiteral("expected \"auto\" or a whole multiple of the tick"));
    }
    if (const QJsonValue m = o.value("mode"); !m.isUndefined()) {
        const QString key = m.toString();
        const bool known = std::any_of(kFootprintModes.begin(), kFootprintModes.end(),
                                       [&](FootprintMode mode) { return footprint_mode_key(mode) == key; });
        if (!known) return r.fail(where + QStringLiteral(".mode"), QStringLiteral("expected bidask, delta, volume or profile"));
        p.mode = footprint_mode_from_key(key);
    }
    if (const QJsonValue s = o.value("shading"); !s.isUndefined()) {
        if (s.toString() != QStringLiteral("volume") && s.toString() != QStringLiteral("delta"))
            return r.fail(where + QStringLiteral(".shading"), QStringLiteral("expected volume or delta"));
        p.shading = s.toString() == QStringLiteral("delta") ? CellShading::Delta : CellShading::Volume;
    }
    if (!read_flag(o, "stacked_zones", where, p.stacked_zones, r)) return false;
    if (!read_studies(o.value("studies"), where + QStringLiteral(".studies"), p.studies, r)) return false;
    return read_sizes(o.value("pane_sizes"), where + QStringLiteral(".pane_sizes"), p.pane_sizes, r);
}

constexpr int kMaxDepth = 8;  // deeper than any window can show: a file that nests further is not a layout

bool read_node(const QJsonValue& v, const QString& where, LayoutNode& n, Reader& r, int depth) {
    if (depth > kMaxDepth) return r.fail(where, QStringLiteral("splits nested deeper than %1").arg(kMaxDepth));
    if (!v.isObject()) return r.fail(where, QStringLiteral("expected {\"pane\": …} or {\"split\": …, \"children\": […]}"));
    const QJsonObject o = v.toObject();
    if (o.contains("pane")) {
        n.pane.emplace();
        return read_pane(o.value("pane"), where + QStringLiteral(".pane"), *n.pane, r);
    }
    const QString split = o.value("split").toString();
    if (split != QStringLiteral("side by side") && split != QStringLiteral("stacked"))
        return r.fail(where + QStringLiteral(".split"), QStringLiteral("expected \"side by side\" or \"stacked\""));
    n.orientation = split == QStringLiteral("side by side") ? Qt::Horizontal : Qt::Vertical;
    const QJsonArray children = o.value("children").toArray();
    if (children.size() < 2 || children.size() > 16)
        return r.fail(where + QStringLiteral(".children"), QStringLiteral("a split holds 2 to 16 panes or splits"));
    for (qsizetype i = 0; i < children.size(); ++i) {
        LayoutNode child;
        if (!read_node(children[i], where + QStringLiteral(".children[%1]").arg(i), child, r, depth + 1)) return false;
        n.children.push_back(std::move(child));
    }
    if (!read_sizes(o.value("sizes"), where + QStringLiteral(".sizes"), n.sizes, r)) return false;
    if (!n.sizes.isEmpty() && n.sizes.size() != static_cast<qsizetype>(n.children.size()))
        return r.fail(where + QStringLiteral(".sizes"), QStringLiteral("one size per child"));
    return true;
}

}  // namespace

std::vector<const PaneState*> layout_panes(const LayoutNode& root) {
    std::vector<const PaneState*> out;
    collect(root, out);
    return out;
}

QJsonObject layout_to_json(const PaneLayout& layout) {
    return QJsonObject{{"version", PaneLayout::kVersion}, {"focused", layout.focused}, {"root", node_to_json(layout.root)}};
}

Result<PaneLayout> layout_from_json(const QJsonObject& object) {
    const QJsonValue version = object.value("version");
    if (!version.isDouble()) return Failure{"version: missing (this file was not written by flowscope)"};
    if (version.toInt() > PaneLayout::kVersion)
        return Failure{"version " + std::to_string(version.toInt()) + " is newer than this flowscope reads (" +
                       std::to_string(PaneLayout::kVersion) + "): a newer flowscope wrote it"};
    PaneLayout layout;
    Reader r;
    if (!read_node(object.value("root"), QStringLiteral("root"), layout.root, r, 0)) return Failure{r.error};
    const int panes = static_cast<int>(layout_panes(layout.root).size());
    layout.focused = std::clamp(object.value("focused").toInt(0), 0, panes - 1);
    return layout;
}

PaneLayout single_pane_layout(const PaneState& pane) {
    PaneLayout layout;
    layout.root.pane = pane;
    return layout;
}

}  // namespace flowscope::ui
