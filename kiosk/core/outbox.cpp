// The durable outbox on SQLite: schema, migrations, number allocation and delivery states.
#include "kiosk/core/outbox.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "kiosk/core/log.h"

namespace anjungan {

// What could be read from a damaged outbox, row by row, so one bad page costs only the rows on it.
struct OutboxSalvage {
    std::vector<std::vector<std::string>> requests;  // the kSalvagedColumns of each readable row, as text
    std::vector<std::tuple<std::string, std::string, std::int64_t>> counters;  // local_date, letter, last_sequence
    bool complete = true;  // false when anything was unreadable
};

namespace {

const char* kSchemaV1 = R"sql(
CREATE TABLE counters (
  local_date TEXT NOT NULL,
  letter TEXT NOT NULL,
  last_sequence INTEGER NOT NULL,
  PRIMARY KEY (local_date, letter)
);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL UNIQUE,
  number TEXT NOT NULL,
  service_code TEXT NOT NULL,
  local_date TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  fields TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'delivered', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  server_id TEXT NOT NULL DEFAULT '',
  token TEXT NOT NULL DEFAULT '',
  delivered_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (local_date, number)
);
CREATE INDEX requests_due ON requests (state, next_attempt_at, id);
)sql";

// v2: when personal fields were erased after delivery (0: not yet).
const char* kSchemaV2 = "ALTER TABLE requests ADD COLUMN personal_erased_at INTEGER NOT NULL DEFAULT 0;";

const char* kColumns =
    "id, reference, number, service_code, local_date, sequence, created_at, fields, state, attempts, last_error, "
    "next_attempt_at, server_id, token, delivered_at";

DeliveryState parse_state(const std::string& s) {
    if (s == "sending") return DeliveryState::Sending;
    if (s == "delivered") return DeliveryState::Delivered;
    if (s == "rejected") return DeliveryState::Rejected;
    return DeliveryState::Queued;
}

std::string encode_fields(const FieldValues& fields) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& [code, value] : fields) array.push_back({code, value});
    return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FieldValues decode_fields(const std::string& text) {
    FieldValues fields;
    const auto array = nlohmann::json::parse(text, nullptr, false);
    if (!array.is_array()) return fields;  // erased or damaged: the ticket record stays usable
    for (const auto& pair : array) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
            fields.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
    return fields;
}

OutboxRow read_row(const sql::Statement& s) {
    OutboxRow r;
    r.id = s.integer(0);
    r.reference = s.text(1);
    r.number = s.text(2);
    r.service_code = s.text(3);
    r.local_date = s.text(4);
    r.sequence = static_cast<int>(s.integer(5));
    r.created_at = s.integer(6);
    r.fields = decode_fields(s.text(7));
    r.state = parse_state(s.text(8));
    r.attempts = static_cast<int>(s.integer(9));
    r.last_error = s.text(10);
    r.next_attempt_at = s.integer(11);
    r.server_id = s.text(12);
    r.token = s.text(13);
    r.delivered_at = s.integer(14);
    return r;
}


// Only real corruption (ErrorCode::StorageCorrupt) moves a file aside; a locked or unreadable outbox is an error
// for the caller to report.
Result<sql::Database> open_checked(const std::string& path) {
    auto db = sql::Database::open(path);
    if (!db) return db.error();
    if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                          "PRAGMA secure_delete=ON;");
        !s)
        return s.error();
    auto check = db->prepare("PRAGMA quick_check");
    if (!check) return check.error();
    auto row = check->step();
    if (!row) return row.error();
    if (!*row || check->text(0) != "ok") return fail(ErrorCode::StorageCorrupt, "integrity check failed");
    return db;
}

std::string move_aside(const std::string& path, std::int64_t now) {
    const std::string target = path + ".corrupt-" + std::to_string(now);
    std::error_code ignored;
    std::filesystem::rename(path, target, ignored);
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::rename(path + suffix, target + suffix, ignored);
    return target;
}

void remove_database_files(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

// The outbox holds visitors' personal data: its file (and so SQLite's -wal and -shm, which take the
// database's mode) is for the kiosk user alone. An existing file is never opened here: closing any
// descriptor of it drops every POSIX lock this process holds on it, SQLite's included, and the next
// connection of another process (kioskctl) to close would then delete the write-ahead log that this
// process still writes to, losing every later commit at the next restart or power cut.
void make_private(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if ((st.st_mode & 077) != 0) ::chmod(path.c_str(), 0600);
        return;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);  // on failure SQLite's own open reports the problem
}

// The first damage repair: rebuilding the indexes from the tables loses nothing.
bool repaired_by_reindex(const std::string& path) {
    {
        auto db = sql::Database::open(path);
        if (!db) return false;
        if (auto s = db->exec("REINDEX"); !s) {
            log::warn("outbox " + path + ": REINDEX failed (" + s.error().message + ")");
            return false;
        }
    }
    auto checked = open_checked(path);
    if (!checked) log::warn("outbox " + path + ": still damaged after REINDEX (" + checked.error().message + ")");
    return static_cast<bool>(checked);
}

constexpr int kSalvagedColumnCount = 16;
const char* kSalvagedColumns =
    "id, reference, number, service_code, local_date, sequence, created_at, fields, state, attempts, last_error, "
    "next_attempt_at, server_id, token, delivered_at, personal_erased_at";
// Beyond this many ids a damaged file is read by one scan instead of looking every id up.
constexpr std::int64_t kMostIdLookups = 1'000'000;

std::optional<std::int64_t> single_integer(sql::Database& db, const char* sql) {
    auto q = db.prepare(sql);
    if (!q) return std::nullopt;
    auto row = q->step();
    if (!row || !*row || q->is_null(0)) return std::nullopt;
    return q->integer(0);
}

// Calls take(statement) for each row of `sql`; false when the statement or a step failed on the way.
template <class Take>
bool each_row(sql::Database& db, const std::string& sql, std::optional<std::int64_t> id, Take take) {
    auto q = db.prepare(sql);
    if (!q) return false;
    if (id) q->bind(1, *id);
    for (;;) {
        auto row = q->step();
        if (!row) return false;
        if (!*row) return true;
        take(*q);
    }
}

// Every request whose table page can be read: by id (the table's own b-tree, no index) up to the largest id the
// file knows, so a damaged page costs only its own rows; by one scan when that is unknown.
void salvage_requests(sql::Database& db, OutboxSalvage& out) {
    const bool erasure_column = static_cast<bool>(db.prepare("SELECT personal_erased_at FROM requests LIMIT 0"));
    std::string select = std::string("SELECT ") + kSalvagedColumns + " FROM requests ";
    if (!erasure_column) select.replace(select.find("personal_erased_at"), 18, "0");  // a version 1 outbox
    const auto take = [&](const sql::Statement& q) {
        std::vector<std::string> values;
        for (int c = 0; c < kSalvagedColumnCount; ++c) values.push_back(q.text(c));
        out.requests.push_back(std::move(values));
    };
    const auto largest = std::max(single_integer(db, "SELECT MAX(id) FROM requests").value_or(0),
                                  single_integer(db, "SELECT seq FROM sqlite_sequence WHERE name='requests'").value_or(0));
    if (largest <= 0 || largest > kMostIdLookups) {
        out.complete &= each_row(db, select + "ORDER BY id", std::nullopt, take);
        return;
    }
    for (std::int64_t id = 1; id <= largest; ++id) out.complete &= each_row(db, select + "WHERE id = ?1", id, take);
}

OutboxSalvage salvage(const std::string& path) {
    OutboxSalvage out;
    auto db = sql::Database::open(path);
    if (!db || !db->exec("PRAGMA query_only=ON")) {
        out.complete = false;
        return out;
    }
    salvage_requests(*db, out);
    out.complete &= each_row(*db, "SELECT local_date, letter, last_sequence FROM counters", std::nullopt,
                             [&](const sql::Statement& q) { out.counters.emplace_back(q.text(0), q.text(1), q.integer(2)); });
    return out;
}

}  // namespace

const char* to_string(DeliveryState state) {
    switch (state) {
        case DeliveryState::Queued: return "queued";
        case DeliveryState::Sending: return "sending";
        case DeliveryState::Delivered: return "delivered";
        case DeliveryState::Rejected: return "rejected";
    }
    return "queued";
}

Result<std::unique_ptr<Outbox>> Outbox::open(const std::string& path, const Clock& clock) {
    make_private(path);
    auto db = open_checked(path);
    Recovery recovery;
    if (!db && db.error().code == ErrorCode::StorageCorrupt) {
        log::error("outbox " + path + " is damaged (" + db.error().message + "); repairing it");
        if (repaired_by_reindex(path)) {
            recovery.action = "indexes rebuilt (REINDEX); no request lost";
            log::warn("outbox " + path + ": " + recovery.action);
        } else if (auto s = rebuild_from_readable_rows(path, clock, recovery); !s) {
            return fail(s.error(), "cannot repair the outbox " + path + ": ");
        }
        db = open_checked(path);
    }
    if (!db) return fail(db.error(), "cannot open the outbox " + path + ": ");
    std::unique_ptr<Outbox> outbox(new Outbox(std::move(*db), path, clock));
    outbox->recovery_ = std::move(recovery);
    if (auto s = outbox->migrate(); !s) return fail(s.error(), "outbox " + path + ": ");
    // A request left 'sending' by a crash goes back to the queue; the Idempotency-Key prevents a duplicate.
    if (auto s = outbox->db_.exec("UPDATE requests SET state='queued' WHERE state='sending'"); !s) return s.error();
    return outbox;
}

Result<std::unique_ptr<Outbox>> Outbox::open_shared(const std::string& path, const Clock& clock) {
    return open_without_recovery(path, clock, sql::Access::ReadWrite);
}

Result<std::unique_ptr<Outbox>> Outbox::open_read_only(const std::string& path, const Clock& clock) {
    return open_without_recovery(path, clock, sql::Access::ReadOnly);
}

// Another connection to the owner's file: whatever it finds, it reports and changes nothing (no create, no chmod,
// no journal mode, no migration, no reset of rows in flight, no repair). The per-connection settings only.
Result<std::unique_ptr<Outbox>> Outbox::open_without_recovery(const std::string& path, const Clock& clock,
                                                              sql::Access access) {
    const auto cannot = [&path](const Error& cause) { return fail(cause, "cannot read the outbox " + path + ": "); };
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return fail(ErrorCode::NotFound, "no outbox at " + path);
    auto db = sql::Database::open(path, access);
    if (!db) return cannot(db.error());
    const char* settings = access == sql::Access::ReadOnly ? "PRAGMA query_only=ON;"
                                                           : "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                                             "PRAGMA secure_delete=ON;";
    if (auto s = db->exec(settings); !s) return cannot(s.error());
    std::int64_t version = 0;
    {
        auto query = db->prepare("PRAGMA user_version");
        if (!query) return cannot(query.error());
        auto row = query->step();
        if (!row) return cannot(row.error());
        if (*row) version = query->integer(0);
    }
    if (version == 0) return fail(ErrorCode::NotFound, path + " is not an outbox yet (the kiosk creates it at start)");
    if (version > kSchemaVersion)
        return fail(ErrorCode::InvalidConfig, "outbox " + path + ": schema version " + std::to_string(version) +
                                                  " is newer than this program understands (" +
                                                  std::to_string(kSchemaVersion) + ")");
    return std::unique_ptr<Outbox>(new Outbox(std::move(*db), path, clock));
}

// The second repair: every readable row goes into a fresh file that then takes the damaged one's place; the
// damaged file is kept aside for the technician. Numbers (and so references, the Idempotency-Keys) are never
// issued twice: when anything was unreadable, every counter jumps a margin past what the file still tells.
Status Outbox::rebuild_from_readable_rows(const std::string& path, const Clock& clock, Recovery& recovery) {
    const OutboxSalvage found = salvage(path);
    const std::string fresh_path = path + ".rebuilt";
    remove_database_files(fresh_path);
    {
        make_private(fresh_path);
        auto db = open_checked(fresh_path);
        if (!db) return db.error();
        Outbox fresh(std::move(*db), fresh_path, clock);
        if (auto s = fresh.migrate(); !s) return s;
        if (auto s = fresh.adopt(found); !s) return s;
    }  // closed: its WAL is checkpointed into the file before the rename
    recovery.moved_to = move_aside(path, unix_seconds(clock.now()));
    std::error_code ec;
    std::filesystem::rename(fresh_path, path, ec);
    if (ec) return fail(ErrorCode::Storage, "cannot put the rebuilt outbox in place: " + ec.message());
    recovery.requests_recovered = static_cast<int>(found.requests.size());
    recovery.complete = found.complete;
    recovery.action = std::to_string(recovery.requests_recovered) + " requests copied into a rebuilt outbox" +
                      (found.complete ? "" : ", some unreadable; numbers continue after a margin of " +
                                                 std::to_string(kRecoveryMargin)) +
                      "; the damaged file is kept as " + recovery.moved_to;
    log::error("outbox " + path + ": " + recovery.action);
    return Ok{};
}

Status Outbox::adopt(const OutboxSalvage& found) {
    sql::Transaction txn(db_);
    if (!txn.begun()) return txn.begun().error();
    // SQLite's type affinity turns the text of the integer columns back into integers.
    for (const auto& r : found.requests) {
        auto q = db_.prepare(std::string("INSERT OR IGNORE INTO requests (") + kSalvagedColumns +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        if (!q) return q.error();
        for (int c = 0; c < kSalvagedColumnCount; ++c) q->bind(c + 1, r[c]);
        if (auto s = q->run(); !s) return s;
    }
    for (const auto& [date, letter, last] : found.counters) {
        auto s = update("INSERT OR IGNORE INTO counters (local_date, letter, last_sequence) VALUES (?1, ?2, ?3)", date,
                        letter, last);
        if (!s) return s;
    }
    // Numbers the rows show count even where their counter was unreadable (the letter stands before the '-').
    const char* kNumbersInRows =
        "INSERT INTO counters (local_date, letter, last_sequence) "
        "SELECT local_date, substr(number, instr(number, '-') - 1, 1), MAX(sequence) FROM requests "
        "WHERE instr(number, '-') > 1 GROUP BY 1, 2 "
        "ON CONFLICT (local_date, letter) DO UPDATE SET last_sequence = MAX(last_sequence, excluded.last_sequence)";
    if (auto s = db_.exec(kNumbersInRows); !s) return s;
    if (!found.complete) {
        const std::string today = yyyymmdd(to_local(clock_.now()));
        for (char letter = 'A'; letter <= 'Z'; ++letter) {
            auto s = update("INSERT OR IGNORE INTO counters (local_date, letter, last_sequence) VALUES (?1, ?2, 0)", today,
                            std::string(1, letter));
            if (!s) return s;
        }
        if (auto s = update("UPDATE counters SET last_sequence = last_sequence + ?1", std::int64_t{kRecoveryMargin}); !s)
            return s;
    }
    return txn.commit();
}

std::string Outbox::select_columns() { return std::string("SELECT ") + kColumns; }

OutboxRow Outbox::read(const sql::Statement& statement) { return read_row(statement); }

Status Outbox::migrate() {
    auto version_query = db_.prepare("PRAGMA user_version");
    if (!version_query) return version_query.error();
    if (auto row = version_query->step(); !row) return row.error();
    const auto version = version_query->integer(0);
    if (version > kSchemaVersion)
        return fail(ErrorCode::InvalidConfig, "schema version " + std::to_string(version) +
                                                  " is newer than this kiosk understands (" +
                                                  std::to_string(kSchemaVersion) + "); refusing to touch it");
    if (version == kSchemaVersion) return Ok{};
    sql::Transaction txn(db_);
    if (!txn.begun()) return txn.begun().error();
    if (version < 1) {
        if (auto s = db_.exec(kSchemaV1); !s) return s.error();
    }
    if (version < 2) {
        if (auto s = db_.exec(kSchemaV2); !s) return s.error();
    }
    if (auto s = db_.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)); !s) return s.error();
    return txn.commit();
}

Result<OutboxRow> Outbox::enqueue(const NewRequest& request, const NumberingRules& rules, const CommitStamp& stamp) {
    return noted(insert_numbered(request, rules, stamp));
}

Result<OutboxRow> Outbox::insert_numbered(const NewRequest& request, const NumberingRules& rules,
                                          const CommitStamp& stamp) {
    const TimePoint now = clock_.now();
    OutboxRow row;
    row.service_code = request.service_code;
    row.local_date = yyyymmdd(to_local(now));
    row.created_at = unix_seconds(now);
    row.fields = request.fields;
    if (stamp)
        for (auto& fact : stamp(request, now)) row.fields.push_back(std::move(fact));

    sql::Transaction txn(db_);
    if (!txn.begun()) return fail(txn.begun().error(), "outbox busy: ");
    // A counter of a later date means the wall clock was ahead and has been stepped back (time sync correcting a
    // wrong RTC): the numbers handed out under that date are in the hall today, so today's go on after them.
    auto bump = db_.prepare(
        "WITH later(last) AS (SELECT COALESCE(MAX(last_sequence), 0) FROM counters WHERE letter = ?2 AND local_date > ?1) "
        "INSERT INTO counters (local_date, letter, last_sequence) SELECT ?1, ?2, last + 1 FROM later WHERE true "
        "ON CONFLICT (local_date, letter) DO UPDATE SET last_sequence = MAX(last_sequence + 1, excluded.last_sequence) "
        "RETURNING last_sequence");
    if (!bump) return bump.error();
    bump->bind(1, row.local_date).bind(2, request.letter);
    auto got = bump->step();
    if (!got) return fail(got.error(), "cannot allocate a number: ");
    if (!*got) return fail(ErrorCode::Storage, "cannot allocate a number: " + db_.message());
    row.sequence = static_cast<int>(bump->integer(0));
    if (auto done = bump->step(); !done) return done.error();

    row.number = format_ticket_number(rules.prefix, request.letter, row.sequence);
    row.reference = make_reference(rules.kiosk_id, row.local_date, row.number);
    auto insert = db_.prepare(
        "INSERT INTO requests (reference, number, service_code, local_date, sequence, created_at, fields) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.error();
    insert->bind(1, row.reference).bind(2, row.number).bind(3, row.service_code).bind(4, row.local_date);
    insert->bind(5, std::int64_t{row.sequence}).bind(6, row.created_at).bind(7, encode_fields(row.fields));
    if (auto s = insert->run(); !s) return fail(s.error(), "cannot queue the request: ");
    row.id = db_.last_insert_id();
    if (auto s = txn.commit(); !s) return fail(s.error(), "cannot commit the request: ");
    return row;
}

Result<std::optional<OutboxRow>> Outbox::next_due(std::int64_t now) {
    return select_row("WHERE state='queued' AND next_attempt_at <= ?1 ORDER BY id LIMIT 1", now);
}

Status Outbox::for_each_queued(const std::function<bool(std::int64_t, std::int64_t)>& visit) {
    auto q = db_.prepare("SELECT id, next_attempt_at FROM requests WHERE state='queued' ORDER BY id");
    if (!q) return q.error();
    for (;;) {
        auto row = q->step();
        if (!row) return row.error();
        if (!*row || !visit(q->integer(0), q->integer(1))) return Ok{};
    }
}

Result<std::optional<OutboxRow>> Outbox::find_by_id(std::int64_t id) { return select_row("WHERE id = ?1", id); }

Result<std::optional<std::int64_t>> Outbox::next_wakeup() {
    auto q = db_.prepare("SELECT MIN(next_attempt_at) FROM requests WHERE state='queued'");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    if (!*row || q->is_null(0)) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(q->integer(0));
}

Status Outbox::mark_sending(std::int64_t id) {
    // Only a view of work in progress: after a crash the row counts as queued again (see open()), so this
    // commit needs no fsync of its own; the outcome's commit makes it durable with everything before it.
    if (auto s = db_.exec("PRAGMA synchronous=NORMAL"); !s) return s;
    const Status marked = update("UPDATE requests SET state='sending' WHERE id = ?1", id);
    if (auto s = db_.exec("PRAGMA synchronous=FULL"); !s) return s;
    return marked;
}

Status Outbox::mark_delivered(std::int64_t id, const std::string& server_id, const std::string& token) {
    return update("UPDATE requests SET state='delivered', server_id=?2, token=?3, delivered_at=?4, last_error='', "
                  "attempts = attempts + 1 "
                  "WHERE id = ?1",
                  id, server_id, token, unix_seconds(clock_.now()));
}

Status Outbox::mark_retry(std::int64_t id, const std::string& error, std::int64_t next_attempt_at) {
    return update("UPDATE requests SET state='queued', last_error=?2, next_attempt_at=?3, attempts = attempts + 1 "
                  "WHERE id = ?1", id, error,
                  next_attempt_at);
}

Status Outbox::mark_rejected(std::int64_t id, const std::string& error) {
    return update("UPDATE requests SET state='rejected', last_error=?2, attempts = attempts + 1 WHERE id = ?1", id, error);
}

Result<std::vector<OutboxRow>> Outbox::rows_with_unresolved_token(int limit) {
    return select_rows("WHERE state='delivered' AND server_id='' AND token<>'' ORDER BY id LIMIT ?1",
                       std::int64_t{limit});
}

Status Outbox::mark_resolved(std::int64_t id, const std::string& service_request_id) {
    return update("UPDATE requests SET server_id=?2 WHERE id = ?1 AND state='delivered'", id, service_request_id);
}

Result<std::optional<OutboxRow>> Outbox::find(const std::string& reference) {
    return select_row("WHERE reference = ?1", reference);
}

Result<std::optional<OutboxRow>> Outbox::find_todays_number(const std::string& number) {
    return select_row("WHERE local_date = ?1 AND number = ?2 ORDER BY id DESC LIMIT 1", yyyymmdd(to_local(clock_.now())),
                      number);
}

Result<int> Outbox::count_issued_before(const OutboxRow& row, const std::string& field) {
    auto q = db_.prepare("SELECT fields FROM requests WHERE service_code = ?1 AND local_date = ?2 AND id < ?3");
    if (!q) return q.error();
    q->bind(1, row.service_code).bind(2, row.local_date).bind(3, row.id);
    const auto value_of = [&field](const FieldValues& fields) {
        for (const auto& [code, value] : fields)
            if (code == field) return value;
        return std::string();
    };
    const std::string wanted = value_of(row.fields);
    int count = 0;
    for (;;) {
        auto next = q->step();
        if (!next) return next.error();
        if (!*next) return count;
        count += value_of(decode_fields(q->text(0))) == wanted;
    }
}

Result<std::vector<OutboxRow>> Outbox::list(int limit) {
    return select_rows("ORDER BY id DESC LIMIT ?1", std::int64_t{limit});
}

Result<OutboxCounts> Outbox::counts() {
    auto q = db_.prepare(
        "SELECT state, COUNT(*), MIN(CASE WHEN state IN ('queued','sending') THEN created_at END) "
        "FROM requests GROUP BY state");
    if (!q) return q.error();
    OutboxCounts c;
    for (;;) {
        auto row = q->step();
        if (!row) return row.error();
        if (!*row) return c;
        const int n = static_cast<int>(q->integer(1));
        switch (parse_state(q->text(0))) {
            case DeliveryState::Queued: c.queued = n; break;
            case DeliveryState::Sending: c.sending = n; break;
            case DeliveryState::Delivered: c.delivered = n; break;
            case DeliveryState::Rejected: c.rejected = n; break;
        }
        if (!q->is_null(2) && (c.oldest_pending_created_at == 0 || q->integer(2) < c.oldest_pending_created_at))
            c.oldest_pending_created_at = q->integer(2);
    }
}

Result<std::string> Outbox::integrity_check() {
    auto q = db_.prepare("PRAGMA integrity_check");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    return *row ? q->text(0) : std::string("no answer");
}

Result<bool> Outbox::repair_indexes() {
    auto before = integrity_check();
    if (!before) return before.error();
    if (*before == "ok") return false;
    log::error("outbox " + path_ + ": " + *before + "; rebuilding its indexes");
    if (auto s = db_.exec("REINDEX"); !s) return fail(s.error(), "REINDEX failed: ");
    auto after = integrity_check();
    if (!after) return after.error();
    if (*after != "ok") return fail(ErrorCode::StorageCorrupt, "still damaged after REINDEX: " + *after);
    recovery_.action = "indexes rebuilt (REINDEX); no request lost";
    log::warn("outbox " + path_ + ": " + recovery_.action);
    return true;
}

Result<int> Outbox::erase_personal_fields(std::int64_t delivered_before, const std::set<std::string>& personal) {
    auto q = db_.prepare("SELECT id, fields FROM requests WHERE state='delivered' AND personal_erased_at=0 "
                         "AND delivered_at < ?1");
    if (!q) return q.error();
    q->bind(1, delivered_before);
    std::vector<std::pair<std::int64_t, FieldValues>> due;
    for (;;) {
        auto row = q->step();
        if (!row) return row.error();
        if (!*row) break;
        due.emplace_back(q->integer(0), decode_fields(q->text(1)));
    }
    sql::Transaction txn(db_);
    if (!txn.begun()) return txn.begun().error();
    for (auto& [id, fields] : due) {
        std::erase_if(fields, [&](const auto& f) { return personal.count(f.first) > 0; });
        auto s = update("UPDATE requests SET fields=?2, personal_erased_at=?3 WHERE id=?1", id, encode_fields(fields),
                        unix_seconds(clock_.now()));
        if (!s) return s.error();
    }
    if (auto s = noted(txn.commit()); !s) return s.error();
    return static_cast<int>(due.size());
}

Result<int> Outbox::retry_now(const std::string& reference) {
    auto s = update("UPDATE requests SET state='queued', next_attempt_at=0 WHERE state IN ('queued', 'rejected') "
                    "AND (?1 = '' OR reference = ?1)",
                    reference);
    if (!s) return s.error();
    return db_.changes();
}

Result<std::string> Outbox::last_pending_error() {
    auto q = db_.prepare("SELECT last_error FROM requests WHERE state IN ('queued', 'sending', 'rejected') "
                         "AND last_error <> '' ORDER BY id DESC LIMIT 1");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    return *row ? q->text(0) : std::string();
}

}  // namespace anjungan
