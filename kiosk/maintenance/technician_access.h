// Who may open technician mode: a verified technician card not on the revoked list, or the technician PIN
// (Argon2id via libsodium's crypto_pwhash_str) with a delay after each failure and a lockout after 5 that
// doubles from 5 minutes. Attempts are persisted in the kiosk's database, so a restart does not reset them;
// every entry, failure and lockout goes to the audit log.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/maintenance/audit.h"

namespace anjungan::maintenance {

inline constexpr int kPinFailuresBeforeLockout = 5;
inline constexpr std::chrono::seconds kFirstLockout{300};
inline constexpr std::chrono::seconds kLongestLockout{24 * 3600};
inline constexpr std::chrono::seconds kDelayAfterWrongPin{2};
inline constexpr std::size_t kShortestPin = 4, kLongestPin = 12;

// technician.pin_file, or <data_dir>/technician.pin when it is empty.
std::string pin_file_path(const Config& config);

// A PIN is 4-12 digits (the PIN pad has only digits).
Status check_new_pin(const std::string& pin);

// Stores the PIN's Argon2id hash string in `path`, mode 0600, replacing the file atomically. Slow (~0.1-1 s).
Status write_pin_file(const std::string& path, const std::string& pin);

struct PinVerdict {
    enum class Outcome {
        Accepted,
        Wrong,      // counted; `failures_left` before a lockout
        TooSoon,    // not checked and not counted: the delay after a wrong PIN has not passed
        LockedOut,  // not checked: locked until `retry_at`
        NoPin,      // no usable PIN file (`detail` says why): PIN entry is off
    };
    Outcome outcome = Outcome::Wrong;
    std::int64_t retry_at = 0;  // unix seconds: TooSoon and LockedOut
    int failures_left = 0;
    std::string detail;
};
const char* to_string(PinVerdict::Outcome outcome);

struct CardVerdict {
    bool accepted = false;
    std::string reason;  // when refused
};

class TechnicianAccess {
public:
    static Result<TechnicianAccess> open(const Config& config, const Clock& clock);

    // A card whose signature and expiry scan::classify has already checked. Refused when revoked. Audited.
    CardVerdict enter_with_card(const std::string& technician_id);

    // Checks a PIN typed on the pad. Slow (Argon2id): call it from a worker. Audited, lockouts too.
    Result<PinVerdict> enter_with_pin(const std::string& pin);

    // Records an action done in technician mode (`who` from the entry: a card id or "PIN").
    Status record(const std::string& who, const std::string& what, const std::string& outcome) {
        return audit_.record(who, what, outcome);
    }
    AuditLog& audit() { return audit_; }

private:
    TechnicianAccess(const Config& config, const Clock& clock, sql::Database db, AuditLog audit);
    struct Attempts {
        std::int64_t failures = 0, lockouts = 0, locked_until = 0, last_failure_at = 0;
    };
    Result<Attempts> load_attempts();
    Status save_attempts(const Attempts& a);
    Result<PinVerdict> count_failure(Attempts a, std::int64_t now);

    std::string pin_file_;
    std::string revoked_cards_;
    const Clock* clock_;
    sql::Database db_;
    AuditLog audit_;
};

}  // namespace anjungan::maintenance
