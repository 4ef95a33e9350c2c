// The technician audit log: every entry, failure, lockout and action (who, what, when, outcome), kept in a
// table of the kiosk's database and written to the log (the journal). Never personal data: card ids,
// "PIN", "kioskctl", action names and ticket references only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"
#include "kiosk/core/sqlite.h"

namespace anjungan::maintenance {

// The kiosk's database (<data_dir>/outbox.sqlite), created 0600 when it does not exist yet, with the
// maintenance tables (audit, PIN attempts) added beside the outbox's own.
Result<sql::Database> open_kiosk_database(const std::string& data_dir);

inline constexpr const char* kWhoPin = "PIN";
inline constexpr const char* kWhoKioskctl = "kioskctl";

struct AuditEntry {
    std::int64_t at = 0;  // unix seconds
    std::string who;      // a technician card id, "PIN" or "kioskctl"
    std::string what;     // "enter", "pin", "lockout", "test-print", "reprint KSK01-...", "settings ui.volume=80"
    std::string outcome;  // "ok", "refused: ...", "failed: ..."
};

class AuditLog {
public:
    static Result<AuditLog> open(const std::string& data_dir, const Clock& clock);
    // Stores the entry and logs it. Text is cut to a line of printable ASCII.
    Status record(const std::string& who, const std::string& what, const std::string& outcome);
    // The newest `limit` entries, oldest first.
    Result<std::vector<AuditEntry>> recent(int limit);

private:
    AuditLog(sql::Database db, const Clock& clock) : db_(std::move(db)), clock_(&clock) {}
    sql::Database db_;
    const Clock* clock_;
};

// "2026-12-01 13:05:09  3F-TECH-07  reprint KSK01-...  ok"
std::string format_audit_entry(const AuditEntry& entry);

}  // namespace anjungan::maintenance
