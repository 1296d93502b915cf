#include "chart/study_options.hpp"

#include <algorithm>

namespace flowscope::ui {

QString session_start_name(const SessionSpec& session) {
    if (session.start_of_day_us == 0) return QStringLiteral("UTC day");
    const std::int64_t minutes = session.start_of_day_us / 60'000'000;
    return QStringLiteral("%1:%2 UTC").arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString quote_threshold_text(std::int64_t quote) {
    if (quote >= 1'000'000 && quote % 1'000'000 == 0) return QStringLiteral("%1M").arg(quote / 1'000'000);
    if (quote >= 1'000 && quote % 1'000 == 0) return QStringLiteral("%1k").arg(quote / 1'000);
    return QString::number(quote);
}

StudyOptions read_study_options(const QSettings& s) {
    StudyOptions o;
    auto flag = [&](const char* key, bool& value) { value = s.value(QStringLiteral("studies/") + QLatin1String(key), value).toBool(); };
    flag("session_profile", o.session_profile);
    flag("visible_profile", o.visible_profile);
    flag("fixed_profile", o.fixed_profile);
    flag("naked_pocs", o.naked_pocs);
    flag("developing_poc", o.developing_poc);
    flag("big_trades", o.big_trades);
    flag("cvd_candles", o.cvd_candles);
    flag("cvd_session_reset", o.cvd_session_reset);
    flag("delta_rows", o.delta_rows);
    flag("exchange_split", o.exchange_split);
    const qlonglong minutes = s.value(QStringLiteral("studies/session_start_minutes"), 0).toLongLong();
    o.session.start_of_day_us = std::clamp<qlonglong>(minutes, 0, 24 * 60 - 1) * 60'000'000;
    o.big_trade_quote = std::max<std::int64_t>(s.value(QStringLiteral("studies/big_trade_quote"), qlonglong{o.big_trade_quote}).toLongLong(),
                                               kBigPrintFloorQuote);
    return o;
}

void write_study_options(QSettings& s, const StudyOptions& o) {
    auto flag = [&](const char* key, bool value) { s.setValue(QStringLiteral("studies/") + QLatin1String(key), value); };
    flag("session_profile", o.session_profile);
    flag("visible_profile", o.visible_profile);
    flag("fixed_profile", o.fixed_profile);
    flag("naked_pocs", o.naked_pocs);
    flag("developing_poc", o.developing_poc);
    flag("big_trades", o.big_trades);
    flag("cvd_candles", o.cvd_candles);
    flag("cvd_session_reset", o.cvd_session_reset);
    flag("delta_rows", o.delta_rows);
    flag("exchange_split", o.exchange_split);
    s.setValue(QStringLiteral("studies/session_start_minutes"), qlonglong{o.session.start_of_day_us / 60'000'000});
    s.setValue(QStringLiteral("studies/big_trade_quote"), qlonglong{o.big_trade_quote});
}

}  // namespace flowscope::ui
