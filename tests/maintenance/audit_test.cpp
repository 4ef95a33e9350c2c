// The audit log: entries in the kiosk's database beside the outbox, newest kept, one printable line each.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/core/outbox.h"
#include "kiosk/maintenance/audit.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

TEST_CASE("Audit entries are kept in the kiosk's database and listed oldest first", "[maintenance][audit]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    {
        auto log = AuditLog::open(dir.path(), clock);
        REQUIRE(log);
        for (int i = 0; i < 5; ++i) {
            REQUIRE(log->record("TECH-07", "action " + std::to_string(i), "ok"));
            clock.advance(std::chrono::seconds(1));
        }
    }
    auto reopened = AuditLog::open(dir.path(), clock);
    REQUIRE(reopened);
    const auto last = reopened->recent(3);
    REQUIRE(last);
    REQUIRE(last->size() == 3);
    CHECK((*last)[0].what == "action 2");
    CHECK((*last)[2].what == "action 4");
    CHECK((*last)[2].at == 1796000004);
}

TEST_CASE("The audit table lives beside the outbox's tables in one file that stays private",
          "[maintenance][audit]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    auto log = AuditLog::open(dir.path(), clock);  // before the kiosk ever ran
    REQUIRE(log);
    REQUIRE(log->record("kioskctl", "set PIN", "ok"));
    struct stat st {};
    REQUIRE(stat((dir.path() + "/outbox.sqlite").c_str(), &st) == 0);
    CHECK((st.st_mode & 0077) == 0);
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);  // the kiosk starts afterwards
    REQUIRE(outbox);
    REQUIRE((*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""}));
    REQUIRE(log->record("PIN", "enter (PIN)", "ok"));
    CHECK(log->recent(10)->size() == 2);
}

TEST_CASE("An audit entry is one line of printable text", "[maintenance][audit]") {
    test::TempDir dir;
    ManualClock clock(from_unix_seconds(1796000000));
    auto log = AuditLog::open(dir.path(), clock);
    REQUIRE(log);
    REQUIRE(log->record("TECH\n07", std::string(500, 'x'), "ok\x1b[2J"));
    const auto e = log->recent(1)->front();
    CHECK(e.who == "TECH?07");
    CHECK(e.what.size() == 120);
    CHECK(e.outcome == "ok?[2J");
    CHECK_THAT(format_audit_entry(e), Contains("TECH?07"));
}

TEST_CASE("kioskctl as root creating the kiosk's database gives it to the data folder's owner", "[maintenance][audit]") {
    if (::geteuid() != 0) {
        WARN("not root: the ownership cannot be tested here");
        return;
    }
    test::TempDir dir;
    const std::string data = dir.path() + "/data";
    REQUIRE(::mkdir(data.c_str(), 0700) == 0);
    REQUIRE(::chown(data.c_str(), 4242, 4343) == 0);  // the kiosk user owns its data folder
    ManualClock clock(from_unix_seconds(1796000000));
    auto log = AuditLog::open(data, clock);  // the printer set-up at boot, before the kiosk ever ran
    REQUIRE(log);
    REQUIRE(log->record("kioskctl", "printer setup", "ok"));
    struct stat st {};
    REQUIRE(stat((data + "/outbox.sqlite").c_str(), &st) == 0);
    CHECK(st.st_uid == 4242);
    CHECK(st.st_gid == 4343);
    CHECK((st.st_mode & 0077) == 0);
}
