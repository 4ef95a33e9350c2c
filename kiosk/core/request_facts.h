// What is fixed when a request is durably committed, the same for its printed ticket and for the server.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "kiosk/core/calendar.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/time_sync.h"

namespace anjungan {

// Attribute codes the kiosk adds to every request's form fields (docs/open311-attributes.md lists them all).
namespace facts {
inline constexpr const char* kSubmittedAt = "submitted_at";
inline constexpr const char* kClockSynced = "clock_synced";
inline constexpr const char* kLanguage = "language";
inline constexpr const char* kConsentAt = "consent_at";
inline constexpr const char* kConsentVersion = "consent_version";
inline constexpr const char* kAnswerDue = "answer_due";
inline constexpr const char* kAnswerDueExtended = "answer_due_extended";
}  // namespace facts

// UU 14/2008 Pasal 22: the answer is due 10 working days after the day of the request, and may be extended
// once by 7 more working days. The one computation behind the printed dates and attribute[answer_due*].
struct PpidDeadlines {
    Date due;
    Date extended;
};
PpidDeadlines ppid_deadlines(const Date& request_day, const std::set<Date>& holidays);

std::string iso_date(const Date& date);                       // "2026-12-28"
std::optional<Date> parse_iso_date(std::string_view text);  // a real calendar date, else nothing

// What the kiosk knows at commit time beyond the visitor's answers.
struct CommitFacts {
    std::set<Date> holidays;
    const TimeSync* time_sync = nullptr;                   // null: reported as not synchronised
    std::map<std::string, std::string> consent_versions;  // language → attribute[consent_version]
};

// The attributes stored with a request at its commit at `committed_at` (Outbox::enqueue's stamp):
// submitted_at (ISO 8601 with offset), clock_synced ("true"/"false"), language, consent_version when consent
// was given, and for PPID answer_due and answer_due_extended (ISO dates).
FieldValues commit_attributes(const NewRequest& request, TimePoint committed_at, const CommitFacts& facts);

// A stored request's PPID deadlines: as committed, or, for a request queued before they were stored, computed
// from its creation day over `holidays`. Nothing for other services.
std::optional<PpidDeadlines> request_ppid_deadlines(const OutboxRow& row, const std::set<Date>& holidays);

// The value of a stored field, "" when the request has none.
std::string field_value(const OutboxRow& row, std::string_view code);

}  // namespace anjungan
