#include "window/app_settings.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::ui {

AppSettings::AppSettings() : settings_(QStringLiteral("flowscope"), QStringLiteral("flowscope")) {}

QString AppSettings::theme() const { return settings_.value("view/theme", "dark").toString(); }
void AppSettings::set_theme(const QString& name) { settings_.setValue("view/theme", name); }

QString AppSettings::timeframe() const { return settings_.value("chart/timeframe", "1m").toString(); }
void AppSettings::set_timeframe(const QString& text) { settings_.setValue("chart/timeframe", text); }

int AppSettings::bucket_multiplier(const QString& exchange, const QString& symbol) const {
    return settings_.value(QStringLiteral("bucket/%1/%2").arg(exchange, symbol), 0).toInt();
}
void AppSettings::set_bucket_multiplier(const QString& exchange, const QString& symbol, int multiplier) {
    settings_.setValue(QStringLiteral("bucket/%1/%2").arg(exchange, symbol), multiplier);
}

FootprintOptions AppSettings::footprint_options() const {
    FootprintOptions o;
    o.mode = footprint_mode_from_key(settings_.value("footprint/mode", "bidask").toString());
    o.shading = settings_.value("footprint/shading", "volume").toString() == "delta" ? CellShading::Delta : CellShading::Volume;
    const double ratio = settings_.value("footprint/ratio", 3.0).toDouble();
    o.imbalance.ratio = Quantity{static_cast<int128>(std::llround(std::clamp(ratio, 1.0, 100.0) * 10)) * (kDecimalScale / 10)};
    o.imbalance.stack = std::clamp(settings_.value("footprint/stack", 3).toInt(), 1, 20);
    o.show_stacked_zones = settings_.value("footprint/zones", true).toBool();
    return o;
}

void AppSettings::set_footprint_options(const FootprintOptions& o) {
    settings_.setValue("footprint/mode", footprint_mode_key(o.mode));
    settings_.setValue("footprint/shading", o.shading == CellShading::Delta ? "delta" : "volume");
    settings_.setValue("footprint/ratio", to_double(o.imbalance.ratio));
    settings_.setValue("footprint/stack", o.imbalance.stack);
    settings_.setValue("footprint/zones", o.show_stacked_zones);
}

namespace {
QString imbalance_key(const QString& exchange, const QString& symbol, const char* field) {
    return QStringLiteral("imbalance/%1/%2/%3").arg(exchange, symbol, QLatin1String(field));
}
}  // namespace

std::optional<ImbalanceSettings> AppSettings::imbalance(const QString& exchange, const QString& symbol) const {
    // Exact decimals are kept as their text, never through a double.
    const auto ratio = parse_quantity(settings_.value(imbalance_key(exchange, symbol, "ratio")).toString().toStdString());
    const auto min_volume = parse_quantity(settings_.value(imbalance_key(exchange, symbol, "min_volume")).toString().toStdString());
    if (!ratio || ratio->units <= 0 || !min_volume || min_volume->units < 0) return std::nullopt;
    ImbalanceSettings s;
    s.ratio = *ratio;
    s.min_volume = *min_volume;
    s.zero_counts = settings_.value(imbalance_key(exchange, symbol, "zeros"), false).toBool();
    s.stack = std::clamp(settings_.value(imbalance_key(exchange, symbol, "stack"), 3).toInt(), 1, 20);
    return s;
}

QString AppSettings::imbalance_note(const QString& exchange, const QString& symbol) const {
    return settings_.value(imbalance_key(exchange, symbol, "note")).toString();
}

void AppSettings::set_imbalance(const QString& exchange, const QString& symbol, const ImbalanceSettings& s, const QString& note) {
    settings_.setValue(imbalance_key(exchange, symbol, "ratio"), QString::fromStdString(format_quantity(s.ratio)));
    settings_.setValue(imbalance_key(exchange, symbol, "min_volume"), QString::fromStdString(format_quantity(s.min_volume)));
    settings_.setValue(imbalance_key(exchange, symbol, "zeros"), s.zero_counts);
    settings_.setValue(imbalance_key(exchange, symbol, "stack"), s.stack);
    settings_.setValue(imbalance_key(exchange, symbol, "note"), note);
}

StudyOptions AppSettings::studies() const { return read_study_options(settings_); }
void AppSettings::set_studies(const StudyOptions& options) { write_study_options(settings_, options); }

bool AppSettings::record_live() const { return settings_.value("recording/live", true).toBool(); }
void AppSettings::set_record_live(bool on) { settings_.setValue("recording/live", on); }
bool AppSettings::include_non_aggressive() const { return settings_.value("chart/include_non_aggressive", false).toBool(); }
void AppSettings::set_include_non_aggressive(bool on) { settings_.setValue("chart/include_non_aggressive", on); }

bool AppSettings::time_sales_combine() const { return settings_.value("time_sales/combine", true).toBool(); }
void AppSettings::set_time_sales_combine(bool on) { settings_.setValue("time_sales/combine", on); }

QList<SavedAlert> AppSettings::alerts() const {
    QList<SavedAlert> out;
    const int n = settings_.beginReadArray("alerts/list");
    for (int i = 0; i < n; ++i) {
        settings_.setArrayIndex(i);
        out.push_back({settings_.value("rule").toString(), settings_.value("enabled", true).toBool()});
    }
    settings_.endArray();
    return out;
}
void AppSettings::set_alerts(const QList<SavedAlert>& alerts) {
    settings_.remove("alerts/list");
    settings_.beginWriteArray("alerts/list", static_cast<int>(alerts.size()));
    for (int i = 0; i < alerts.size(); ++i) {
        settings_.setArrayIndex(i);
        settings_.setValue("rule", alerts[i].rule);
        settings_.setValue("enabled", alerts[i].enabled);
    }
    settings_.endArray();
}
bool AppSettings::alert_sound() const { return settings_.value("alerts/sound", true).toBool(); }
void AppSettings::set_alert_sound(bool on) { settings_.setValue("alerts/sound", on); }
bool AppSettings::alert_notifications() const { return settings_.value("alerts/notifications", true).toBool(); }
void AppSettings::set_alert_notifications(bool on) { settings_.setValue("alerts/notifications", on); }

QString AppSettings::export_folder() const { return settings_.value("export/folder").toString(); }
void AppSettings::set_export_folder(const QString& folder) { settings_.setValue("export/folder", folder); }

QString AppSettings::speed() const { return settings_.value("replay/speed", "1").toString(); }
void AppSettings::set_speed(const QString& speed) { settings_.setValue("replay/speed", speed); }

std::optional<SourceRequest> AppSettings::last_source() const {
    const QStringList recent = recent_sources();
    return recent.isEmpty() ? std::nullopt : SourceRequest::from_key(recent.front());
}

QStringList AppSettings::recent_sources() const { return settings_.value("sources/recent").toStringList(); }

void AppSettings::remember_source(const SourceRequest& request) {
    QStringList recent = recent_sources();
    recent.removeAll(request.key());
    recent.prepend(request.key());
    while (recent.size() > kMaxRecentSources) recent.removeLast();
    settings_.setValue("sources/recent", recent);
}

QByteArray AppSettings::last_layout() const { return settings_.value("window/layout").toByteArray(); }
void AppSettings::set_last_layout(const QByteArray& json) { settings_.setValue("window/layout", json); }

QByteArray AppSettings::window_geometry() const { return settings_.value("window/geometry").toByteArray(); }
QByteArray AppSettings::window_state() const { return settings_.value("window/state").toByteArray(); }
QByteArray AppSettings::splitter_state(const QString& name) const {
    return settings_.value("window/splitter/" + name).toByteArray();
}
void AppSettings::set_window_layout(const QByteArray& geometry, const QByteArray& state) {
    settings_.setValue("window/geometry", geometry);
    settings_.setValue("window/state", state);
}
void AppSettings::set_splitter_state(const QString& name, const QByteArray& state) {
    settings_.setValue("window/splitter/" + name, state);
}

}  // namespace flowscope::ui
