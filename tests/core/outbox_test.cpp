// Outbox: numbers allocated with the durable insert, daily restart, no reuse, states, corruption recovery.
#include <catch2/catch.hpp>

#include <fstream>
#include <filesystem>
#include <set>

#include "kiosk/core/outbox.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace std::chrono_literals;

namespace {

// 2026-11-29 10:00 WIB.
TimePoint morning() {
    set_process_timezone("Asia/Jakarta");
    return from_unix_seconds(1795921200);
}

const NumberingRules kRules{"KTM-MPP-01", ""};

NewRequest queue_request(const std::string& desk = "PPID") {
    return NewRequest{"ANTRIAN", "A", {{"desk_service", desk}}};
}

}  // namespace

TEST_CASE("The first ticket of a day on a fresh outbox is A-001 with its reference", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
    REQUIRE(outbox);
    auto row = (*outbox)->enqueue(queue_request(), kRules);
    REQUIRE(row);
    CHECK(row->number == "A-001");
    CHECK(row->local_date == "20261129");
    CHECK(row->reference == "KTM-MPP-01-20261129-A-001");
    CHECK(row->state == DeliveryState::Queued);
    auto second = (*outbox)->enqueue(queue_request(), kRules);
    REQUIRE(second);
    CHECK(second->number == "A-002");
}

TEST_CASE("Each service letter counts on its own and a prefix is kept", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    const NumberingRules prefixed{"KTM-MPP-02", "2"};
    CHECK((*outbox)->enqueue({"LAPOR", "L", {}}, prefixed)->number == "2L-001");
    CHECK((*outbox)->enqueue(queue_request(), prefixed)->number == "2A-001");
    CHECK((*outbox)->enqueue({"LAPOR", "L", {}}, prefixed)->number == "2L-002");
}

TEST_CASE("Numbers restart at local midnight and a clock going back never reuses one", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    std::set<std::string> references;
    for (int i = 0; i < 3; ++i) references.insert((*outbox)->enqueue(queue_request(), kRules)->reference);
    clock.advance(std::chrono::hours(14));  // 00:00 WIB on the 30th
    auto next_day = (*outbox)->enqueue(queue_request(), kRules);
    CHECK(next_day->number == "A-001");
    CHECK(next_day->local_date == "20261130");
    references.insert(next_day->reference);
    clock.set(morning());  // NTP steps the clock back to the 29th
    auto back = (*outbox)->enqueue(queue_request(), kRules);
    CHECK(back->number == "A-004");
    CHECK(references.insert(back->reference).second);
}

TEST_CASE("Queued requests survive reopening and come out oldest first", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    {
        auto outbox = Outbox::open(path, clock);
        REQUIRE(outbox);
        REQUIRE((*outbox)->enqueue(queue_request("LAPOR"), kRules));
        REQUIRE((*outbox)->enqueue(queue_request("PPID"), kRules));
    }
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    auto due = (*outbox)->next_due(unix_seconds(clock.now()));
    REQUIRE(due);
    REQUIRE(*due);
    CHECK((*due)->number == "A-001");
    CHECK((*due)->fields == FieldValues{{"desk_service", "LAPOR"}});
}

TEST_CASE("Delivery states move as the sender reports", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    auto& o = **outbox;
    const auto a = *o.enqueue(queue_request(), kRules);
    const auto b = *o.enqueue(queue_request(), kRules);
    const auto now = unix_seconds(clock.now());
    REQUIRE(o.mark_sending(a.id));
    REQUIRE(o.mark_retry(a.id, "HTTP 503", now + 30));
    // a waits for its retry time, so b is due first.
    CHECK((*o.next_due(now))->id == b.id);
    REQUIRE(o.mark_delivered(b.id, "SR-9", ""));
    CHECK_FALSE(*o.next_due(now));
    CHECK(**o.next_wakeup() == now + 30);
    CHECK((*o.next_due(now + 30))->id == a.id);
    REQUIRE(o.mark_rejected(a.id, "HTTP 400: 400 service_code missing"));
    const auto found = *o.find(a.reference);
    REQUIRE(found);
    CHECK(found->state == DeliveryState::Rejected);
    CHECK(found->attempts == 2);  // the retry, then the rejection
    CHECK_THAT(found->last_error, Contains("service_code"));
    const auto counts = *o.counts();
    CHECK(counts.delivered == 1);
    CHECK(counts.rejected == 1);
    CHECK(counts.queued == 0);
    CHECK((*o.find(b.reference))->server_id == "SR-9");
}

TEST_CASE("A request left sending by a crash is queued again on open", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    std::string reference;
    {
        auto outbox = Outbox::open(path, clock);
        const auto row = *(*outbox)->enqueue(queue_request(), kRules);
        reference = row.reference;
        REQUIRE((*outbox)->mark_sending(row.id));
    }
    auto outbox = Outbox::open(path, clock);
    CHECK((*(*outbox)->find(reference))->state == DeliveryState::Queued);
}

TEST_CASE("A corrupt outbox is moved aside and a fresh one started", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    {
        std::ofstream junk(path, std::ios::binary);
        junk << std::string(8192, 'x');
    }
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->recovered_from_corruption());
    // Numbers already shown today may be lost with the old file: never issue A-001 a second time.
    CHECK((*outbox)->enqueue(queue_request(), kRules)->number == "A-501");
    CHECK(*(*outbox)->integrity_check() == "ok");
    bool moved_aside = false;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        moved_aside |= entry.path().filename().string().rfind("o.sqlite.corrupt-", 0) == 0;
    CHECK(moved_aside);
}

TEST_CASE("An outbox from a newer kiosk version is refused, not rewritten", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    {
        auto db = sql::Database::open(path);
        REQUIRE(db->exec("PRAGMA user_version = 99"));
    }
    auto outbox = Outbox::open(path, clock);
    REQUIRE_FALSE(outbox);
    CHECK_THAT(outbox.error().message, Contains("newer"));
}

TEST_CASE("Personal fields are erased after the retention period and the ticket record stays", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    auto& o = **outbox;
    const auto row = *o.enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}, {"full_name", "Siti Aminah"}}}, kRules);
    const auto pending = *o.enqueue({"ANTRIAN", "A", {{"full_name", "Budi"}}}, kRules);
    REQUIRE(o.mark_delivered(row.id, "SR-1", ""));
    const std::set<std::string> personal{"full_name", "nik", "phone", "email"};
    clock.advance(std::chrono::hours(24 * 6));
    CHECK(*o.erase_personal_fields(unix_seconds(clock.now()) - 7 * 86400, personal) == 0);
    clock.advance(std::chrono::hours(24 * 2));
    CHECK(*o.erase_personal_fields(unix_seconds(clock.now()) - 7 * 86400, personal) == 1);
    const auto erased = **o.find(row.reference);
    CHECK(erased.fields == FieldValues{{"desk_service", "PPID"}});
    CHECK(erased.number == "A-001");
    CHECK(erased.server_id == "SR-1");
    CHECK((*o.find(pending.reference))->fields == FieldValues{{"full_name", "Budi"}});  // not delivered: kept
}

TEST_CASE("A technician's retry sends a waiting request now and queues a rejected one again", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    auto& o = **outbox;
    const auto waiting = *o.enqueue(queue_request(), kRules);
    const auto rejected = *o.enqueue(queue_request(), kRules);
    const auto now = unix_seconds(clock.now());
    REQUIRE(o.mark_retry(waiting.id, "HTTP 503", now + 300));
    REQUIRE(o.mark_rejected(rejected.id, "HTTP 400: bad"));
    CHECK(*o.last_pending_error() == "HTTP 400: bad");
    CHECK(*o.retry_now(rejected.reference) == 1);
    CHECK((*o.find(rejected.reference))->state == DeliveryState::Queued);
    CHECK(*o.retry_now("") == 2);
    CHECK((*o.next_due(now))->id == waiting.id);
    CHECK(*o.retry_now("KTM-NOPE") == 0);
}

TEST_CASE("A version 1 outbox is migrated to the current schema with its requests", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    {
        auto db = sql::Database::open(path);
        REQUIRE(db->exec("CREATE TABLE counters (local_date TEXT NOT NULL, letter TEXT NOT NULL, last_sequence INTEGER "
                         "NOT NULL, PRIMARY KEY (local_date, letter));"
                         "CREATE TABLE requests (id INTEGER PRIMARY KEY AUTOINCREMENT, reference TEXT NOT NULL UNIQUE, "
                         "number TEXT NOT NULL, service_code TEXT NOT NULL, local_date TEXT NOT NULL, sequence INTEGER "
                         "NOT NULL, created_at INTEGER NOT NULL, fields TEXT NOT NULL, state TEXT NOT NULL DEFAULT "
                         "'queued', attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', "
                         "next_attempt_at INTEGER NOT NULL DEFAULT 0, server_id TEXT NOT NULL DEFAULT '', token TEXT "
                         "NOT NULL DEFAULT '', delivered_at INTEGER NOT NULL DEFAULT 0, UNIQUE (local_date, number));"
                         "INSERT INTO counters VALUES ('20261129', 'A', 1);"
                         "INSERT INTO requests (reference, number, service_code, local_date, sequence, created_at, "
                         "fields) VALUES ('KTM-MPP-01-20261129-A-001', 'A-001', 'ANTRIAN', '20261129', 1, 0, '[]');"
                         "PRAGMA user_version = 1;"));
    }
    auto outbox = Outbox::open(path, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->find("KTM-MPP-01-20261129-A-001")->has_value());
    CHECK((*outbox)->enqueue(queue_request(), kRules)->number == "A-002");
    auto version = sql::Database::open(path)->prepare("PRAGMA user_version");
    REQUIRE(*version->step());
    CHECK(version->integer(0) == Outbox::kSchemaVersion);
}

TEST_CASE("A locked outbox is an error, never mistaken for corruption", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    const std::string path = dir.path() + "/o.sqlite";
    REQUIRE((*Outbox::open(path, clock))->enqueue(queue_request(), kRules));
    auto holder = sql::Database::open(path);
    REQUIRE(holder->exec("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE counters SET last_sequence = 1;"));
    auto blocked = Outbox::open(path, clock);  // waits out the busy timeout
    REQUIRE_FALSE(blocked);
    CHECK_THAT(blocked.error().message, Contains("locked"));
    REQUIRE(holder->exec("ROLLBACK"));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        CHECK_THAT(entry.path().filename().string(), !Contains("corrupt"));
}

TEST_CASE("Earlier queue numbers are counted per desk service and per day, and counting changes nothing",
          "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    Outbox& o = **outbox;
    const auto first_ppid = *o.enqueue(queue_request("PPID"), kRules);
    (void)*o.enqueue(queue_request("LAPOR"), kRules);
    (void)*o.enqueue({"PPID", "P", {{"desk_service", "PPID"}}}, kRules);  // another service, same field value
    const auto second_ppid = *o.enqueue(queue_request("PPID"), kRules);
    const auto third_ppid = *o.enqueue(queue_request("PPID"), kRules);
    CHECK(*o.count_issued_before(first_ppid, "desk_service") == 0);
    CHECK(*o.count_issued_before(second_ppid, "desk_service") == 1);
    CHECK(*o.count_issued_before(third_ppid, "desk_service") == 2);
    CHECK(*o.count_issued_before(third_ppid, "desk_service") == 2);  // reading twice gives the same answer
    REQUIRE(o.mark_delivered(first_ppid.id, "SR-1", ""));
    CHECK(*o.count_issued_before(third_ppid, "desk_service") == 2);  // issued, whether delivered or not

    clock.advance(std::chrono::hours(24));
    const auto tomorrow = *o.enqueue(queue_request("PPID"), kRules);
    CHECK(*o.count_issued_before(tomorrow, "desk_service") == 0);
    CHECK(o.counts()->queued == 5);
}

TEST_CASE("Today's ticket number finds today's request, not an earlier day's", "[core][outbox]") {
    test::TempDir dir;
    ManualClock clock(morning());
    auto outbox = Outbox::open(dir.path() + "/o.sqlite", clock);
    REQUIRE(outbox);
    const auto yesterday = *(*outbox)->enqueue({"LAPOR", "L", {}}, kRules);
    clock.advance(std::chrono::hours(24));
    CHECK_FALSE(*(*outbox)->find_todays_number("L-001"));
    const auto today = *(*outbox)->enqueue({"LAPOR", "L", {}}, kRules);
    const auto found = *(*outbox)->find_todays_number("L-001");
    REQUIRE(found);
    CHECK(found->reference == today.reference);
    CHECK(found->reference != yesterday.reference);
}
