// Technician card and PIN checks with persisted rate limiting and lockout.
#include "kiosk/maintenance/technician_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include <sodium.h>

#include "kiosk/core/secrets.h"

namespace anjungan::maintenance {
namespace {

bool listed(const std::string& comma_list, const std::string& id) {
    std::stringstream in(comma_list);
    std::string item;
    while (std::getline(in, item, ','))
        if (item == id) return true;
    return false;
}

std::string lockout_text(std::int64_t seconds) { return "locked for " + std::to_string(seconds / 60) + " min"; }

}  // namespace

std::string pin_file_path(const Config& config) {
    return config.pin_file.empty() ? config.data_dir + "/technician.pin" : config.pin_file;
}

Status check_new_pin(const std::string& pin) {
    const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < kShortestPin || pin.size() > kLongestPin)
        return fail("a PIN is " + std::to_string(kShortestPin) + " to " + std::to_string(kLongestPin) + " digits");
    return Ok{};
}

Status write_pin_file(const std::string& path, const std::string& pin) {
    if (auto s = check_new_pin(pin); !s) return s;
    if (sodium_init() < 0) return fail("libsodium cannot start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return fail("not enough memory to hash the PIN");
    const std::string temporary = path + ".new";
    const int fd = ::open(temporary.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail(temporary + ": " + std::strerror(errno));
    const std::string text = std::string(hash) + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                         fchmod(fd, 0600) == 0 && fsync(fd) == 0;
    const int write_errno = errno;
    ::close(fd);
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(written ? errno : write_errno);
        ::unlink(temporary.c_str());
        return fail(path + ": cannot write the PIN file: " + why);
    }
    return Ok{};
}

const char* to_string(PinVerdict::Outcome outcome) {
    using O = PinVerdict::Outcome;
    switch (outcome) {
        case O::Accepted: return "accepted";
        case O::Wrong: return "wrong";
        case O::TooSoon: return "too soon";
        case O::LockedOut: return "locked out";
        case O::NoPin: return "no PIN set";
    }
    return "?";
}

Result<TechnicianAccess> TechnicianAccess::open(const Config& config, const Clock& clock) {
    if (sodium_init() < 0) return fail("libsodium cannot start");
    auto db = open_kiosk_database(config.data_dir);
    if (!db) return db.error();
    auto audit = AuditLog::open(config.data_dir, clock);
    if (!audit) return audit.error();
    return TechnicianAccess(config, clock, std::move(*db), std::move(*audit));
}

TechnicianAccess::TechnicianAccess(const Config& config, const Clock& clock, sql::Database db, AuditLog audit)
    : pin_file_(pin_file_path(config)), revoked_cards_(config.revoked_cards), clock_(&clock), db_(std::move(db)),
      audit_(std::move(audit)) {}

CardVerdict TechnicianAccess::enter_with_card(const std::string& technician_id) {
    CardVerdict verdict{!listed(revoked_cards_, technician_id), ""};
    if (!verdict.accepted) verdict.reason = "this card is revoked (technician.revoked_cards)";
    (void)audit_.record(technician_id, "enter (card)", verdict.accepted ? "ok" : "refused: card revoked");
    return verdict;
}

Result<TechnicianAccess::Attempts> TechnicianAccess::load_attempts() {
    auto q = db_.prepare("SELECT failures, lockouts, locked_until, last_failure_at FROM technician_pin_attempts");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return Attempts{};
    return Attempts{q->integer(0), q->integer(1), q->integer(2), q->integer(3)};
}

Status TechnicianAccess::save_attempts(const Attempts& a) {
    auto q = db_.prepare("INSERT OR REPLACE INTO technician_pin_attempts (id, failures, lockouts, locked_until, "
                         "last_failure_at) VALUES (1, ?1, ?2, ?3, ?4)");
    if (!q) return q.error();
    q->bind(1, a.failures).bind(2, a.lockouts).bind(3, a.locked_until).bind(4, a.last_failure_at);
    return q->run();
}

Result<PinVerdict> TechnicianAccess::count_failure(Attempts a, std::int64_t now) {
    using O = PinVerdict::Outcome;
    PinVerdict verdict{O::Wrong, now + kDelayAfterWrongPin.count(), 0, ""};
    a.last_failure_at = now;
    if (++a.failures >= kPinFailuresBeforeLockout) {
        const std::int64_t lockout = std::min<std::int64_t>(kFirstLockout.count() << std::min<std::int64_t>(a.lockouts, 16),
                                                            kLongestLockout.count());
        a.failures = 0;
        ++a.lockouts;
        a.locked_until = now + lockout;
        verdict = {O::LockedOut, a.locked_until, 0, lockout_text(lockout)};
        (void)audit_.record(kWhoPin, "lockout", lockout_text(lockout) + " after " +
                                                    std::to_string(kPinFailuresBeforeLockout) + " wrong PINs");
    } else {
        verdict.failures_left = static_cast<int>(kPinFailuresBeforeLockout - a.failures);
        (void)audit_.record(kWhoPin, "enter (PIN)", "refused: wrong PIN");
    }
    if (auto s = save_attempts(a); !s) return s.error();
    return verdict;
}

Result<PinVerdict> TechnicianAccess::enter_with_pin(const std::string& pin) {
    using O = PinVerdict::Outcome;
    const std::int64_t now = unix_seconds(clock_->now());
    auto attempts = load_attempts();
    if (!attempts) return attempts.error();
    Attempts a = *attempts;
    // A clock stepped back (time sync) must not stretch a lockout: it never runs longer than its own length.
    const std::int64_t longest = std::min<std::int64_t>(kFirstLockout.count() << std::min<std::int64_t>(a.lockouts, 16),
                                                        kLongestLockout.count());
    if (a.locked_until > now + longest) a.locked_until = now + longest;
    if (now < a.locked_until) {
        (void)audit_.record(kWhoPin, "enter (PIN)", "refused: locked out");
        return PinVerdict{O::LockedOut, a.locked_until, 0, "locked until the lockout ends"};
    }
    if (a.last_failure_at && now >= a.last_failure_at && now < a.last_failure_at + kDelayAfterWrongPin.count()) {
        (void)audit_.record(kWhoPin, "enter (PIN)", "refused: too soon after a wrong PIN");
        return PinVerdict{O::TooSoon, a.last_failure_at + kDelayAfterWrongPin.count(), 0, "wait after a wrong PIN"};
    }
    auto hash = read_secret_file(pin_file_);
    if (!hash) {
        (void)audit_.record(kWhoPin, "enter (PIN)", "refused: no usable PIN file");
        return PinVerdict{O::NoPin, 0, 0, hash.error().message};
    }
    if (crypto_pwhash_str_verify(hash->c_str(), pin.c_str(), pin.size()) != 0) return count_failure(a, now);
    if (auto s = save_attempts({}); !s) return s.error();
    (void)audit_.record(kWhoPin, "enter (PIN)", "ok");
    return PinVerdict{O::Accepted, 0, kPinFailuresBeforeLockout, ""};
}

}  // namespace anjungan::maintenance
