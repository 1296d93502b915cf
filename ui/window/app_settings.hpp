#pragma once
// Everything flowscope remembers between runs, read and written through QSettings in one place.
#include <QByteArray>
#include <QSettings>
#include <QStringList>

#include "chart/footprint_options.hpp"
#include "chart/study_options.hpp"
#include "source/source_request.hpp"

namespace flowscope::ui {

// An alert as kept: its rule as written (core/alert/alert_rule.hpp: "large=10") and whether it is on.
struct SavedAlert {
    QString rule;
    bool enabled = true;
    friend bool operator==(const SavedAlert&, const SavedAlert&) = default;
};

class AppSettings {
public:
    AppSettings();  // organisation "flowscope", application "flowscope"

    QString theme() const;
    void set_theme(const QString& name);
    QString timeframe() const;  // BarSpec text, "1m" by default
    void set_timeframe(const QString& text);
    // Bucket multiplier chosen for an instrument; 0 (the default) is Auto.
    int bucket_multiplier(const QString& exchange, const QString& symbol) const;
    void set_bucket_multiplier(const QString& exchange, const QString& symbol, int multiplier);
    FootprintOptions footprint_options() const;
    void set_footprint_options(const FootprintOptions& options);
    // An instrument's imbalance settings (ratio, minimum volume, zeros, stack) and one line saying
    // where its minimum volume came from; nullopt until it has some (window/market_imbalance.hpp).
    std::optional<ImbalanceSettings> imbalance(const QString& exchange, const QString& symbol) const;
    QString imbalance_note(const QString& exchange, const QString& symbol) const;
    void set_imbalance(const QString& exchange, const QString& symbol, const ImbalanceSettings& settings, const QString& note);
    // Live sessions are recorded unless the user turned it off.
    bool record_live() const;
    void set_record_live(bool on);
    // Prints that are not aggression in delta, CVD and the footprint (off by default).
    bool include_non_aggressive() const;
    void set_include_non_aggressive(bool on);
    // Time & sales combines same-instant same-side prints (on by default).
    bool time_sales_combine() const;
    void set_time_sales_combine(bool on);
    // Alerts in the order the user added them; the alert sound and desktop notifications (on).
    QList<SavedAlert> alerts() const;
    void set_alerts(const QList<SavedAlert>& alerts);
    bool alert_sound() const;
    void set_alert_sound(bool on);
    bool alert_notifications() const;
    void set_alert_notifications(bool on);
    // The folder the user last saved an export into (empty: none yet).
    QString export_folder() const;
    void set_export_folder(const QString& folder);
    // Which studies the chart draws (chart/study_options.hpp).
    StudyOptions studies() const;
    void set_studies(const StudyOptions& options);
    QString speed() const;  // "1", "2", … "max"
    void set_speed(const QString& speed);

    std::optional<SourceRequest> last_source() const;
    QStringList recent_sources() const;  // keys, newest first
    void remember_source(const SourceRequest& request);
    static constexpr int kMaxRecentSources = 8;

    // The window's chart layout as it was closed (window/pane_layout.hpp JSON); empty: none yet.
    QByteArray last_layout() const;
    void set_last_layout(const QByteArray& json);

    QByteArray window_geometry() const;
    QByteArray window_state() const;
    QByteArray splitter_state(const QString& name) const;
    void set_window_layout(const QByteArray& geometry, const QByteArray& state);
    void set_splitter_state(const QString& name, const QByteArray& state);

private:
    mutable QSettings settings_;
};

}  // namespace flowscope::ui
