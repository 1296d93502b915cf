#pragma once
// Lives in the worker thread and routes the UI's requests to the one source open: a LiveSource,
// a ReplaySource, a GroupSource or a LiveGroupSource, each of which feeds the shared ChartStore. It keeps the thread-side queue
// and the choices that outlive a source (timeframe, bucket, replay speed), nothing else.
// Every method is called through SourceController by queued invocation, and every answer is a
// queued signal carrying the generation of the request, so the UI can drop answers about a
// source it has already left.
#include <QObject>
#include <QStringList>
#include <memory>

#include "aggregate/bar_spec.hpp"
#include "group/group_merger.hpp"
#include "source/source_info.hpp"

namespace flowscope::ui {

class ChartStore;
class GroupSource;
class LiveGroupSource;
class LiveSource;
class ReplaySource;

class SourceWorker : public QObject {
    Q_OBJECT
public:
    explicit SourceWorker(std::shared_ptr<ChartStore> store);
    ~SourceWorker() override;

    // A "group:" path (SourceRequest::path of a group) opens the group it names: of files, or
    // of live markets (a live group is opened as a replay is, by its path, which carries each
    // member's endpoint when it has one).
    void open_replay(const QString& path, quint64 generation);
    // Live markets merged as one (source/live_group_source.hpp): members "live:EX:SYM", endpoints
    // each member's websocket URL (empty: the exchange's own).
    void open_live_group(const QStringList& members, const QStringList& endpoints, bool accept_quote_mix,
                         quint64 generation);
    // Files made separately, one per exchange, replayed as one market (source/group_source.hpp).
    void open_group(const QStringList& members, bool accept_quote_mix, quint64 generation);
    // endpoint: a websocket URL instead of the exchange's own (empty: the exchange's). The raw
    // frames are recorded into record_folder (one file per UTC day); empty: not recorded.
    void open_live(const QString& exchange, const QString& symbol, const QString& endpoint,
                   const QString& record_folder, quint64 generation, const QString& rest_endpoint = {},
                   const QString& archive_endpoint = {});
    // Starts (folder) or stops (empty) recording the live session that is open.
    // A live market's recording, or a live group's: the members named ("live:EX:SYM") are recorded.
    void set_recording(const QString& record_folder, const QStringList& group_members = {});
    // bucket_multiplier 0 is Auto: the bars at Auto's base bucket (chart/bucket_choice.hpp).
    void set_chart(const BarSpec& spec, int bucket_multiplier);
    void play();
    void pause();
    void set_speed(double speed);  // record::kMaxSpeed for max
    void step_bar();
    void step_back();
    void seek(qint64 market_us);
    void set_until(qint64 market_us);  // replay stops there; 0 for the file's end
    // Prints that are not aggression in the bars of the sources opened from now on.
    void set_include_non_aggressive(bool include) { include_non_aggressive_ = include; }
    // How long a live group waits for its slowest member (core/group/group_merger.hpp), for the
    // groups opened from now on.
    void set_group_wait_us(std::int64_t us) { group_wait_us_ = us; }
    void close();

signals:
    void opened(const flowscope::ui::SourceInfo& info, quint64 generation);
    void failed(const QString& message, quint64 generation);
    void replay_progress(qint64 market_us, bool playing, quint64 generation);
    void replay_finished(quint64 generation);
    void preparation_progress(int percent, quint64 generation);
    void prepared(const flowscope::ui::SourceInfo& info, quint64 generation);
    void connection_changed(const flowscope::ui::ConnectionStatus& status, quint64 generation);
    void recording_changed(const flowscope::ui::RecordingStatus& status, quint64 generation);

private:
    std::shared_ptr<ChartStore> store_;
    std::unique_ptr<ReplaySource> replay_;  // at most one of the four is open
    std::unique_ptr<LiveSource> live_;
    std::unique_ptr<GroupSource> group_;
    std::unique_ptr<LiveGroupSource> live_group_;
    BarSpec spec_ = BarSpec::time(60);
    int multiplier_ = 0;
    double speed_ = 1;     // the user's choice, kept across sources
    bool include_non_aggressive_ = false;
    std::int64_t group_wait_us_ = kDefaultGroupWaitUs;
    std::int64_t until_us_ = 0;
    quint64 generation_ = 0;
};

}  // namespace flowscope::ui
