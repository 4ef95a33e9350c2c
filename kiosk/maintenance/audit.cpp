// The audit table, its log lines, and the kiosk database's maintenance tables.
#include "kiosk/maintenance/audit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "kiosk/core/log.h"

namespace anjungan::maintenance {
namespace {

constexpr const char* kMaintenanceSchema = R"(
CREATE TABLE IF NOT EXISTS technician_audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  who TEXT NOT NULL,
  what TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS technician_pin_attempts (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL
);
)";

// One line of printable ASCII, at most `most` characters: what goes into the log and the table.
std::string one_line(const std::string& text, std::size_t most) {
    std::string out;
    for (char c : text) {
        if (out.size() >= most) break;
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

}  // namespace

Result<sql::Database> open_kiosk_database(const std::string& data_dir) {
    const std::string path = data_dir + "/outbox.sqlite";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        // As the outbox creates it: 0600 in a 0700 folder, so the first opener's umask does not decide.
        std::filesystem::create_directories(data_dir, ec);
        // O_EXCL: never a descriptor of its own on a database another connection of this process holds, whose
        // POSIX locks closing it would drop.
        const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) return fail(path + ": cannot create the kiosk database: " + std::strerror(errno));
        // kioskctl run as root (the printer set-up at boot) may come first: the file is the kiosk's, the owner
        // of its data folder, or the kiosk could not open its own outbox.
        struct stat folder {};
        if (fd >= 0 && ::geteuid() == 0 && ::stat(data_dir.c_str(), &folder) == 0 &&
            ::fchown(fd, folder.st_uid, folder.st_gid) != 0)
            log::warn(path + ": cannot give the kiosk database to the data folder's owner: " + std::strerror(errno));
        if (fd >= 0) ::close(fd);
    }
    auto db = sql::Database::open(path);
    if (!db) return db.error();
    if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"); !s) return s.error();
    if (auto s = db->exec(kMaintenanceSchema); !s) return fail(path + ": " + s.error().message);
    return db;
}

Result<AuditLog> AuditLog::open(const std::string& data_dir, const Clock& clock) {
    auto db = open_kiosk_database(data_dir);
    if (!db) return db.error();
    return AuditLog(std::move(*db), clock);
}

Status AuditLog::record(const std::string& who, const std::string& what, const std::string& outcome) {
    const AuditEntry entry{unix_seconds(clock_->now()), one_line(who, 64), one_line(what, 120), one_line(outcome, 200)};
    log::info("technician audit: who=" + entry.who + " what=" + entry.what + " outcome=" + entry.outcome);
    auto q = db_.prepare("INSERT INTO technician_audit (at, who, what, outcome) VALUES (?1, ?2, ?3, ?4)");
    if (!q) return q.error();
    q->bind(1, entry.at).bind(2, entry.who).bind(3, entry.what).bind(4, entry.outcome);
    return q->run();
}

Result<std::vector<AuditEntry>> AuditLog::recent(int limit) {
    auto q = db_.prepare(
        "SELECT at, who, what, outcome FROM (SELECT * FROM technician_audit ORDER BY id DESC LIMIT ?1) ORDER BY id");
    if (!q) return q.error();
    q->bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = q->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3)});
    }
}

std::string format_audit_entry(const AuditEntry& e) {
    const LocalTime t = to_local(from_unix_seconds(e.at));
    char when[32];
    std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute,
                  t.second);
    char line[512];
    std::snprintf(line, sizeof line, "%s  %-16s %-40s %s", when, e.who.c_str(), e.what.c_str(), e.outcome.c_str());
    return line;
}

}  // namespace anjungan::maintenance
