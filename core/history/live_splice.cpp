#include "history/live_splice.hpp"

#include <algorithm>

#include "model/wall_clock.hpp"
#include "net/exchange_adapter.hpp"

namespace flowscope::history {

namespace {

bool consecutive_ids(Exchange exchange) {
    const auto adapter = make_adapter(exchange);
    return adapter && adapter->trade_ids_are_sequential();
}

std::string hole_text(const IdHole& h) {
    return "trades " + std::to_string(h.first) + "–" + std::to_string(h.last) + " (" + std::to_string(h.count()) + ")";
}

}  // namespace

LiveSplice::LiveSplice(LiveSpliceOptions options)
    : options_(std::move(options)),
      sequential_(consecutive_ids(options_.history.exchange)),
      sequencer_(SequencerOptions{sequential_}) {
    if (!options_.history.budget) {
        const RestLimits limits = rest_limits(options_.history.exchange);
        RateBudgetOptions b;
        b.weight_per_minute = limits.weight_per_minute > 0 ? limits.weight_per_minute : limits.requests_per_second * 60;
        b.share = options_.history.share;
        options_.history.budget = std::make_shared<RateBudget>(b);
    }
    history_done_ = options_.backfill_us <= 0 && options_.backfill_from_us <= 0;
    thread_ = std::thread([this] { worker(); });
}

LiveSplice::~LiveSplice() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::int64_t LiveSplice::now() const { return options_.now_us ? options_.now_us() : wall_now_us(); }

void LiveSplice::schedule(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(job);
    }
    wake_.notify_all();
}

void LiveSplice::push_live(std::span<const Trade> trades) {
    if (trades.empty()) return;
    counters_.live_trades += trades.size();
    if (!first_live_id_ && !first_live_time_us_) {
        first_live_time_us_ = trades.front().exchange_time_us;
        first_live_id_ = trades.front().id.number;
        if (!history_done_ && !history_started_) {
            history_started_ = true;
            Job job;
            job.kind = Job::Kind::History;
            job.from_us = options_.backfill_from_us > 0 ? options_.backfill_from_us : first_live_time_us_ - options_.backfill_us;
            if (options_.align_us > 0) job.from_us = job.from_us / options_.align_us * options_.align_us;
            history_from_us_ = job.from_us;
            job.to_us = first_live_time_us_;
            job.until_id = first_live_id_;
            schedule(job);
        }
    }
    if (lost_ && !sequential_ && options_.repair) {
        lost_ = false;
        Job job;
        job.kind = Job::Kind::Time;
        job.from_us = lost_after_us_;
        job.to_us = trades.front().exchange_time_us + 1;
        schedule(job);
    }
    last_live_time_us_ = std::max(last_live_time_us_, trades.back().exchange_time_us);
    if (!history_done_) {
        live_waiting_.insert(live_waiting_.end(), trades.begin(), trades.end());
        return;
    }
    sequencer_.push(trades, ready_);
}

void LiveSplice::connection_lost() {
    if (sequential_ || lost_) return;
    lost_ = true;
    lost_after_us_ = last_live_time_us_;
}

void LiveSplice::release_live(std::vector<Trade>& out) {
    sequencer_.push(live_waiting_, out);
    live_waiting_.clear();
    live_waiting_.shrink_to_fit();
}

void LiveSplice::take(std::vector<Trade>& out, std::vector<SpliceEvent>& events, std::vector<Trade>* fetched) {
    std::deque<Delivery> inbox;
    {
        std::lock_guard lock(mutex_);
        inbox.swap(inbox_);
    }
    for (Delivery& d : inbox) {
        for (SpliceEvent& e : d.events) events.push_back(std::move(e));
        const std::uint64_t late_before = sequencer_.counters().late;
        if (d.kind == Job::Kind::History && sequential_ && !sequencer_.next_id() && !d.trades.empty() && d.trades.front().id.number)
            sequencer_.start_at(*d.trades.front().id.number);
        // The fetched trades not counted yet: what they add to the chart (and to a recording).
        std::size_t came = 0;
        for (const Trade& t : d.trades) {
            if (sequencer_.seen(t)) continue;
            ++came;
            if (fetched) fetched->push_back(t);
        }
        sequencer_.push(d.trades, ready_);
        switch (d.kind) {
            case Job::Kind::History:
                counters_.history_trades += came;
                if (d.finished) {
                    history_done_ = true;
                    // What the history left open before the first live trade becomes a hole like
                    // any other: fetched once more by id, then given up.
                    release_live(ready_);
                    SpliceEvent e;
                    e.kind = d.failed ? SpliceEvent::Kind::HistoryFailed : SpliceEvent::Kind::HistoryDone;
                    e.trades = counters_.history_trades;
                    e.message = d.failed ? "history stopped: " + d.events_message
                                         : "history: " + std::to_string(counters_.history_trades) + " trades before the live stream";
                    events.push_back(e);
                }
                break;
            case Job::Kind::Ids:
                counters_.repaired_trades += came;
                if (d.finished) {
                    repairing_first_.reset();
                    const auto holes = sequencer_.holes();
                    const bool still_open = !holes.empty() && holes.front().first <= d.last && holes.front().last >= d.first;
                    SpliceEvent e;
                    e.hole = {d.first, d.last};
                    if (still_open) {
                        // The exchange did not serve (all of) it: the trades after it go on.
                        const IdHole h = holes.front();
                        sequencer_.give_up_before(h.last + 1, ready_);
                        ++counters_.holes_given_up;
                        counters_.trades_given_up += h.count();
                        e.kind = SpliceEvent::Kind::GivenUp;
                        e.hole = h;
                        e.message = hole_text(h) + " could not be fetched" + (d.failed ? ": " + d.events_message : std::string()) +
                                    "; marked as a hole";
                    } else {
                        ++counters_.holes_repaired;
                        e.kind = SpliceEvent::Kind::Repaired;
                        e.trades = came;
                        e.message = "repaired " + hole_text(e.hole);
                    }
                    events.push_back(e);
                }
                break;
            case Job::Kind::Time: {
                counters_.late_trades += came;
                if (d.finished && came > 0) {
                    SpliceEvent e;
                    e.kind = SpliceEvent::Kind::LateRepair;
                    e.trades = came;
                    e.message = std::to_string(came) + " trades missed during the disconnect fetched and added after the live trades";
                    events.push_back(e);
                }
                break;
            }
        }
        counters_.late_trades += sequencer_.counters().late - late_before;
    }

    // A hole in consecutive ids: fetch it by id; past hold_us, give it up.
    if (sequential_ && history_done_) {
        const auto holes = sequencer_.holes();
        if (!holes.empty()) {
            const IdHole& h = holes.front();
            const std::int64_t t = now();
            if (hole_seen_first_ != h.first || hole_seen_us_ == 0) {
                hole_seen_first_ = h.first;
                hole_seen_us_ = t;
            }
            if (options_.repair && !repairing_first_) {
                repairing_first_ = h.first;
                Job job;
                job.kind = Job::Kind::Ids;
                job.first = h.first;
                job.last = h.last;
                schedule(job);
                SpliceEvent e;
                e.kind = SpliceEvent::Kind::RepairStarted;
                e.hole = h;
                e.message = "fetching " + hole_text(h);
                events.push_back(e);
            } else if (!options_.repair || t - hole_seen_us_ > options_.hold_us) {
                sequencer_.give_up_before(h.last + 1, ready_);
                ++counters_.holes_given_up;
                counters_.trades_given_up += h.count();
                SpliceEvent e;
                e.kind = SpliceEvent::Kind::GivenUp;
                e.hole = h;
                e.message = hole_text(h) + (options_.repair ? " not fetched in time" : " missed (no repair)") + "; marked as a hole";
                events.push_back(e);
                hole_seen_us_ = 0;
            }
        } else {
            hole_seen_us_ = 0;
        }
    }
    counters_.duplicates = sequencer_.counters().duplicates;
    out.insert(out.end(), ready_.begin(), ready_.end());
    ready_.clear();
}

bool LiveSplice::history_done() const { return history_done_; }

bool LiveSplice::settled() const {
    return history_done_ && !repairing_first_ && sequencer_.held() == 0 && live_waiting_.empty();
}

void LiveSplice::release_all(std::vector<Trade>& out, std::vector<SpliceEvent>& events) {
    if (!history_done_) {
        history_done_ = true;
        SpliceEvent e;
        e.kind = SpliceEvent::Kind::HistoryFailed;
        e.message = "history stopped before it reached the live stream";
        events.push_back(e);
        release_live(ready_);
    }
    for (const IdHole& h : sequencer_.holes()) {
        SpliceEvent e;
        e.kind = SpliceEvent::Kind::GivenUp;
        e.hole = h;
        e.message = hole_text(h) + " still missing at the end";
        events.push_back(e);
    }
    sequencer_.give_up_all(ready_);
    out.insert(out.end(), ready_.begin(), ready_.end());
    ready_.clear();
}

std::size_t LiveSplice::waiting() const { return live_waiting_.size() + sequencer_.held(); }

SpliceCounters LiveSplice::counters() const { return counters_; }

void LiveSplice::worker() {
    HistoryCallbacks callbacks;
    callbacks.stopped = [this] {
        std::lock_guard lock(mutex_);
        return stopping_;
    };
    callbacks.now_us = options_.now_us;
    callbacks.sleep_us = options_.sleep_us;
    std::vector<SpliceEvent> pending_events;
    auto post = [this](Delivery d) {
        std::lock_guard lock(mutex_);
        inbox_.push_back(std::move(d));
    };
    callbacks.on_progress = [&](const HistoryProgress& p) {
        SpliceEvent e;
        e.kind = SpliceEvent::Kind::Progress;
        e.progress = p;
        e.message = p.message;
        pending_events.push_back(std::move(e));
    };
    callbacks.on_note = [&](const std::string& text) {
        SpliceEvent e;
        e.kind = SpliceEvent::Kind::Note;
        e.message = text;
        pending_events.push_back(std::move(e));
    };
    RestClient client = make_rest_client(options_.history, callbacks);
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = jobs_.front();
            jobs_.pop_front();
        }
        Delivery done;
        done.kind = job.kind;
        done.first = job.first;
        done.last = job.last;
        if (job.kind == Job::Kind::Ids) {
            auto trades = fetch_trade_ids(client, options_.history.exchange, options_.history.symbol, job.first, job.last);
            if (trades)
                done.trades = std::move(*trades);
            else {
                done.failed = true;
                done.events_message = trades.error();
            }
        } else {
            HistoryRequest request = options_.history;
            request.from_us = job.from_us;
            request.to_us = job.to_us;
            if (job.kind == Job::Kind::History && sequential_) request.until_id = job.until_id;
            if (job.kind == Job::Kind::Time) request.store_dir.clear();  // the live recording keeps these
            callbacks.on_trades = [&](std::span<const Trade> trades) {
                Delivery chunk;
                chunk.kind = job.kind;
                chunk.trades.assign(trades.begin(), trades.end());
                chunk.events = std::move(pending_events);
                pending_events.clear();
                post(std::move(chunk));
            };
            auto outcome = fetch_history(request, callbacks);
            callbacks.on_trades = nullptr;
            if (!outcome) {
                done.failed = true;
                done.events_message = outcome.error();
            }
        }
        done.events = std::move(pending_events);
        pending_events.clear();
        done.finished = true;
        post(std::move(done));
    }
}

}  // namespace flowscope::history
