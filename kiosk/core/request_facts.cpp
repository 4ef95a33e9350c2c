// Commit-time attributes and the PPID deadlines shared by the ticket and the Open311 request.
#include "kiosk/core/request_facts.h"

#include <cstdio>

#include "kiosk/core/services.h"

namespace anjungan {
namespace {

bool has_field(const FieldValues& fields, std::string_view code) {
    for (const auto& [c, value] : fields)
        if (c == code) return true;
    return false;
}

Date local_day(TimePoint t) {
    const LocalTime local = to_local(t);
    return {local.year, local.month, local.day};
}

}  // namespace

PpidDeadlines ppid_deadlines(const Date& request_day, const std::set<Date>& holidays) {
    return {add_working_days(request_day, 10, holidays), add_working_days(request_day, 10 + 7, holidays)};
}

std::string iso_date(const Date& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

std::optional<Date> parse_iso_date(std::string_view text) {
    // parse_holidays validates one YYYY-MM-DD entry exactly as the configuration's dates are.
    if (text.size() != 10 || text.find(',') != std::string_view::npos) return std::nullopt;
    const auto dates = parse_holidays(std::string(text));
    if (!dates || dates->size() != 1) return std::nullopt;
    return *dates->begin();
}

FieldValues commit_attributes(const NewRequest& request, TimePoint committed_at, const CommitFacts& facts) {
    FieldValues out;
    out.emplace_back(facts::kSubmittedAt, iso8601_local(committed_at));
    const bool synced = facts.time_sync && facts.time_sync->synced_since_boot();
    out.emplace_back(facts::kClockSynced, synced ? "true" : "false");
    if (!request.language.empty()) out.emplace_back(facts::kLanguage, request.language);
    if (has_field(request.fields, facts::kConsentAt))
        if (const auto it = facts.consent_versions.find(request.language); it != facts.consent_versions.end())
            out.emplace_back(facts::kConsentVersion, it->second);
    if (request.service_code == services::kPpid) {
        const PpidDeadlines due = ppid_deadlines(local_day(committed_at), facts.holidays);
        out.emplace_back(facts::kAnswerDue, iso_date(due.due));
        out.emplace_back(facts::kAnswerDueExtended, iso_date(due.extended));
    }
    return out;
}

std::optional<PpidDeadlines> request_ppid_deadlines(const OutboxRow& row, const std::set<Date>& holidays) {
    if (row.service_code != services::kPpid) return std::nullopt;
    const auto due = parse_iso_date(field_value(row, facts::kAnswerDue));
    const auto extended = parse_iso_date(field_value(row, facts::kAnswerDueExtended));
    if (due && extended) return PpidDeadlines{*due, *extended};
    return ppid_deadlines(local_day(from_unix_seconds(row.created_at)), holidays);
}

std::string field_value(const OutboxRow& row, std::string_view code) {
    for (const auto& [c, value] : row.fields)
        if (c == code) return value;
    return "";
}

}  // namespace anjungan
