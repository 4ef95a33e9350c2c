// The durable outbox on SQLite: schema, migrations, number allocation and delivery states.
#include "kiosk/core/outbox.h"

#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "kiosk/core/log.h"

namespace anjungan {
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


// Only real corruption moves a file aside; a locked or unreadable outbox is an error for the caller to report.
Result<sql::Database> open_checked(const std::string& path) {
    auto db = sql::Database::open(path);
    if (!db) return db.error();
    auto failure = [&](const std::string& what) {
        const int code = db->error_code();
        return fail((code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? "corrupt:" : "") + what);
    };
    if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                          "PRAGMA secure_delete=ON;");
        !s)
        return failure(s.error().message);
    auto check = db->prepare("PRAGMA quick_check");
    if (!check) return failure(check.error().message);
    auto row = check->step();
    if (!row) return failure(row.error().message);
    if (!*row || check->text(0) != "ok") return fail("corrupt:integrity check failed");
    return db;
}

std::string move_aside(const std::string& path, std::int64_t now) {
    const std::string target = path + ".corrupt-" + std::to_string(now);
    std::error_code ignored;
    std::filesystem::rename(path, target, ignored);
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::rename(path + suffix, target + suffix, ignored);
    log::error("outbox " + path + " was corrupt; moved aside to " + target + " and started a fresh one");
    return target;
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
    auto db = open_checked(path);
    std::string moved_to;
    if (!db && db.error().message.rfind("corrupt:", 0) == 0) {
        moved_to = move_aside(path, unix_seconds(clock.now()));
        db = open_checked(path);
    }
    if (!db) return fail("cannot open the outbox " + path + ": " + db.error().message);
    std::unique_ptr<Outbox> outbox(new Outbox(std::move(*db), path, clock));
    outbox->recovered_ = !moved_to.empty();
    if (auto s = outbox->migrate(); !s) return fail("outbox " + path + ": " + s.error().message);
    if (outbox->recovered_) {
        if (auto s = outbox->continue_numbering_after(moved_to); !s) return s.error();
    }
    // A request left 'sending' by a crash goes back to the queue; the Idempotency-Key prevents a duplicate.
    if (auto s = outbox->db_.exec("UPDATE requests SET state='queued' WHERE state='sending'"); !s) return s.error();
    return outbox;
}

Status Outbox::continue_numbering_after(const std::string& moved_to) {
    // Today's numbers (and so the references, which are also the Idempotency-Keys) must not be issued a
    // second time: continue from what the old file still tells, plus a margin for what it may have lost.
    std::map<std::string, std::int64_t> last;
    if (auto old = sql::Database::open(moved_to)) {
        if (auto q = old->prepare("SELECT letter, MAX(last_sequence) FROM counters WHERE local_date = ?1 GROUP BY letter")) {
            q->bind(1, yyyymmdd(to_local(clock_.now())));
            for (auto row = q->step(); row && *row; row = q->step()) last[q->text(0)] = q->integer(1);
        }
    }
    sql::Transaction txn(db_);
    if (!txn.begun()) return txn.begun().error();
    for (char letter = 'A'; letter <= 'Z'; ++letter) {
        const std::string l(1, letter);
        auto s = update("INSERT INTO counters (local_date, letter, last_sequence) VALUES (?1, ?2, ?3)",
                        yyyymmdd(to_local(clock_.now())), l, last[l] + kRecoveryMargin);
        if (!s) return s.error();
    }
    log::warn("outbox recovered: today's numbers continue after a margin of " + std::to_string(kRecoveryMargin));
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
        return fail("schema version " + std::to_string(version) + " is newer than this kiosk understands (" +
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

Result<OutboxRow> Outbox::enqueue(const NewRequest& request, const NumberingRules& rules) {
    const TimePoint now = clock_.now();
    OutboxRow row;
    row.service_code = request.service_code;
    row.local_date = yyyymmdd(to_local(now));
    row.created_at = unix_seconds(now);
    row.fields = request.fields;

    sql::Transaction txn(db_);
    if (!txn.begun()) return fail("outbox busy: " + txn.begun().error().message);
    auto bump = db_.prepare(
        "INSERT INTO counters (local_date, letter, last_sequence) VALUES (?1, ?2, 1) "
        "ON CONFLICT (local_date, letter) DO UPDATE SET last_sequence = last_sequence + 1 "
        "RETURNING last_sequence");
    if (!bump) return bump.error();
    bump->bind(1, row.local_date).bind(2, request.letter);
    auto got = bump->step();
    if (!got || !*got) return fail("cannot allocate a number: " + (got ? db_.message() : got.error().message));
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
    if (auto s = insert->run(); !s) return fail("cannot queue the request: " + s.error().message);
    row.id = db_.last_insert_id();
    if (auto s = txn.commit(); !s) return fail("cannot commit the request: " + s.error().message);
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
    if (auto s = txn.commit(); !s) return s.error();
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
