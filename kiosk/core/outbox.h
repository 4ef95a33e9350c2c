// The durable outbox: allocates ticket numbers and queues requests in one SQLite transaction.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/numbering.h"
#include "kiosk/core/result.h"
#include "kiosk/core/sqlite.h"

namespace anjungan {

using FieldValues = std::vector<std::pair<std::string, std::string>>;  // attribute code → value, form order

enum class DeliveryState { Queued, Sending, Delivered, Rejected };
const char* to_string(DeliveryState state);

struct NewRequest {
    std::string service_code;
    std::string letter;  // the service's ticket letter
    FieldValues fields;
    std::string language = {};  // the visitor's, "id" or "en"; recorded by a commit stamp
};

// Attributes fixed at the moment of the commit (its time, the deadlines it starts): they are stored with the
// request, so a request delivered days later carries them as they were. See commit_attributes().
using CommitStamp = std::function<FieldValues(const NewRequest& request, TimePoint committed_at)>;

struct OutboxRow {
    std::int64_t id = 0;
    std::string reference;
    std::string number;
    std::string service_code;
    std::string local_date;  // yyyymmdd the number belongs to
    int sequence = 0;
    std::int64_t created_at = 0;  // unix seconds
    FieldValues fields;
    DeliveryState state = DeliveryState::Queued;
    int attempts = 0;
    std::string last_error;
    std::int64_t next_attempt_at = 0;
    std::string server_id;
    std::string token;
    std::int64_t delivered_at = 0;
};

struct OutboxSalvage;  // what could be read from a damaged outbox (outbox.cpp)

struct OutboxCounts {
    int queued = 0, sending = 0, delivered = 0, rejected = 0;
    std::int64_t oldest_pending_created_at = 0;  // 0 when nothing is pending
};

class Outbox {
public:
    static constexpr int kSchemaVersion = 2;
    // After a damaged outbox is rebuilt with rows or counters missing, every day's numbers (today's included)
    // jump this far past the last one the damaged file still shows.
    static constexpr int kRecoveryMargin = 500;

    // What open() did about a damaged file, for the technician's status.
    struct Recovery {
        std::string action;    // empty: the file was healthy
        std::string moved_to;  // the damaged file kept aside (<path>.corrupt-<unix-time>), if it was replaced
        int requests_recovered = 0;
        bool complete = true;  // false: some rows or counters were unreadable
    };

    // For the outbox's one owner (the kiosk's storage, once at start): opens or creates the outbox at `path`
    // (WAL, synchronous=FULL, mode 0600), migrating older schemas and refusing newer ones, and recovers from a
    // crash: requests left 'sending' are queued again. A damaged file is repaired by REINDEX when that suffices;
    // otherwise every readable request and counter is copied into a rebuilt file that takes its place, and the
    // damaged one is kept as <path>.corrupt-<unix-time>. `recovery()` then tells the technician's status.
    // Every other connection uses open_shared or open_read_only.
    static Result<std::unique_ptr<Outbox>> open(const std::string& path, const Clock& clock);
    // A further connection to the owner's outbox (the sender, kioskctl outbox retry): reads and writes, and has
    // no side effect of its own: it neither creates, migrates, recovers nor repairs; an outbox it cannot read is
    // an error, never moved aside. Fails with NotFound when there is no outbox yet.
    static Result<std::unique_ptr<Outbox>> open_shared(const std::string& path, const Clock& clock);
    // As open_shared, read-only (SQLITE_OPEN_READONLY, WAL): kioskctl status and outbox list, ticket look-ups.
    // Every write fails with ErrorCode::Permission.
    static Result<std::unique_ptr<Outbox>> open_read_only(const std::string& path, const Clock& clock);

    // Allocates the next number of the service's letter for today's local date and stores the request,
    // in one transaction: either both happen and survive power loss, or neither. The `stamp`'s attributes,
    // made with the commit's own time, follow the request's fields.
    Result<OutboxRow> enqueue(const NewRequest& request, const NumberingRules& rules, const CommitStamp& stamp = {});

    // The oldest request due for delivery at `now` (queued, next attempt reached), if any.
    Result<std::optional<OutboxRow>> next_due(std::int64_t now);
    // Calls visit(id, next_attempt_at) for each queued row, oldest first, until it returns false. Light: only
    // the two columns are read, so a sender can look past rows that are waiting out their backoff.
    Status for_each_queued(const std::function<bool(std::int64_t, std::int64_t)>& visit);
    Result<std::optional<OutboxRow>> find_by_id(std::int64_t id);
    // The earliest next_attempt_at among queued rows, if any.
    Result<std::optional<std::int64_t>> next_wakeup();

    // Each outcome below counts one attempt; mark_sending only shows a transfer in progress.
    Status mark_sending(std::int64_t id);
    Status mark_delivered(std::int64_t id, const std::string& server_id, const std::string& token);
    Status mark_retry(std::int64_t id, const std::string& error, std::int64_t next_attempt_at);
    Status mark_rejected(std::int64_t id, const std::string& error);

    // Delivered requests the server acknowledged with only a token, oldest first: their id is still unknown.
    Result<std::vector<OutboxRow>> rows_with_unresolved_token(int limit);
    // Stores the service_request_id that a token lookup returned for a delivered request.
    Status mark_resolved(std::int64_t id, const std::string& service_request_id);

    Result<std::optional<OutboxRow>> find(const std::string& reference);
    // Today's request with this ticket number (as normalise_ticket_number gives it), if any.
    Result<std::optional<OutboxRow>> find_todays_number(const std::string& number);
    // How many requests of the same service and the same value of `field` (e.g. desk_service) were issued
    // on the same local date before `row`. Reads only.
    Result<int> count_issued_before(const OutboxRow& row, const std::string& field);
    Result<std::vector<OutboxRow>> list(int limit);
    Result<OutboxCounts> counts();
    Result<std::string> integrity_check();  // "ok" when healthy
    // Checks that every index matches its table, which open()'s quick check leaves out (a damaged index can hide
    // queued requests from the sender), and rebuilds the indexes (REINDEX) when one does not. True when it
    // repaired something; an error when the file is still damaged. Takes about 2 s per million requests.
    Result<bool> repair_indexes();

    // Removes the `personal` fields of requests delivered before `delivered_before` (unix seconds); the ticket
    // record (number, service, times, server id) and the other fields stay. Returns how many rows changed.
    Result<int> erase_personal_fields(std::int64_t delivered_before, const std::set<std::string>& personal);

    // Technician actions: a queued request is tried at once; a rejected one is queued again.
    // `reference` empty: every queued and rejected request. Returns how many rows changed.
    Result<int> retry_now(const std::string& reference);

    // The most recent delivery error among requests not yet delivered, or "".
    Result<std::string> last_pending_error();

    // The data partition was full at this connection's last write that succeeded or failed for want of space
    // (SQLITE_FULL, ENOSPC): nothing new can be stored until space returns, and the next write that succeeds
    // clears it. Any thread may ask (a status screen).
    bool storage_full() const { return storage_full_; }

    bool recovered_from_corruption() const { return !recovery_.action.empty(); }
    const Recovery& recovery() const { return recovery_; }
    const std::string& path() const { return path_; }

private:
    Outbox(sql::Database db, std::string path, const Clock& clock) : db_(std::move(db)), path_(std::move(path)), clock_(clock) {}
    static Result<std::unique_ptr<Outbox>> open_without_recovery(const std::string& path, const Clock& clock,
                                                                 sql::Access access);
    Status migrate();
    Result<OutboxRow> insert_numbered(const NewRequest& request, const NumberingRules& rules, const CommitStamp& stamp);
    // Notes whether a write found the partition full (storage_full()); other failures say nothing about space.
    template <class Outcome>
    Outcome noted(Outcome outcome) {
        if (outcome) storage_full_ = false;
        else if (outcome.error().code == ErrorCode::StorageFull) storage_full_ = true;
        return outcome;
    }
    static Status rebuild_from_readable_rows(const std::string& path, const Clock& clock, Recovery& recovery);
    Status adopt(const OutboxSalvage& found);
    // The rows selected by `tail` ("WHERE ... ORDER BY ... LIMIT ..."), with `args` bound to ?1, ?2, ...
    template <class... Args>
    Result<std::vector<OutboxRow>> select_rows(const std::string& tail, const Args&... args) {
        auto q = db_.prepare(select_columns() + " FROM requests " + tail);
        if (!q) return q.error();
        int index = 0;
        (q->bind(++index, args), ...);
        std::vector<OutboxRow> rows;
        for (;;) {
            auto row = q->step();
            if (!row) return row.error();
            if (!*row) return rows;
            rows.push_back(read(*q));
        }
    }
    template <class... Args>
    Result<std::optional<OutboxRow>> select_row(const std::string& tail, const Args&... args) {
        auto rows = select_rows(tail, args...);
        if (!rows) return rows.error();
        if (rows->empty()) return std::optional<OutboxRow>();
        return std::optional<OutboxRow>(std::move(rows->front()));
    }
    static std::string select_columns();
    static OutboxRow read(const sql::Statement& statement);

    template <class... Args>
    Status update(const char* sql, const Args&... args) {
        auto q = db_.prepare(sql);
        if (!q) return q.error();
        int index = 0;
        (q->bind(++index, args), ...);
        return noted(q->run());
    }

    sql::Database db_;
    std::string path_;
    const Clock& clock_;
    Recovery recovery_;
    std::atomic<bool> storage_full_{false};
};

}  // namespace anjungan
