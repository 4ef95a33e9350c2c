// Technician entry: PIN files readable by the kiosk user only, Argon2id checks, the delay after a wrong PIN,
// lockouts that double and survive a restart, revoked cards, and every attempt in the audit log.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "kiosk/maintenance/technician_access.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;
using O = PinVerdict::Outcome;

namespace {

struct Kiosk {
    test::TempDir dir;
    ManualClock clock{from_unix_seconds(1796000000)};
    Config config = [this] {
        Config c = default_config();
        c.data_dir = dir.path();
        c.revoked_cards = "TECH-LOST-01,TECH-LOST-02";
        return c;
    }();
    TechnicianAccess open() {
        auto access = TechnicianAccess::open(config, clock);
        REQUIRE(access);
        return std::move(*access);
    }
    PinVerdict pin(TechnicianAccess& access, const std::string& pin) {
        auto verdict = access.enter_with_pin(pin);
        REQUIRE(verdict);
        clock.advance(kDelayAfterWrongPin);  // a person at the pad needs this long anyway
        return *verdict;
    }
};

}  // namespace

TEST_CASE("A PIN is stored as an Argon2id hash in a file only the kiosk user can read", "[maintenance][technician]") {
    Kiosk k;
    const std::string path = pin_file_path(k.config);
    CHECK(path == k.dir.path() + "/technician.pin");
    REQUIRE(write_pin_file(path, "482916"));
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string stored = test::read_text_file(path);
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK_THAT(stored, !Contains("482916"));
    CHECK_FALSE(write_pin_file(path, "12"));
    CHECK_FALSE(write_pin_file(path, "12ab"));
    CHECK_FALSE(write_pin_file(path, "1234567890123"));
}

TEST_CASE("The right PIN opens technician mode and a wrong one is refused", "[maintenance][technician]") {
    Kiosk k;
    REQUIRE(write_pin_file(pin_file_path(k.config), "482916"));
    auto access = k.open();
    const auto wrong = k.pin(access, "000000");
    CHECK(wrong.outcome == O::Wrong);
    CHECK(wrong.failures_left == 4);
    CHECK(k.pin(access, "482916").outcome == O::Accepted);
}

TEST_CASE("A PIN file that group or others can read is refused like the API key", "[maintenance][technician]") {
    Kiosk k;
    const std::string path = pin_file_path(k.config);
    REQUIRE(write_pin_file(path, "482916"));
    chmod(path.c_str(), 0644);
    auto access = k.open();
    const auto verdict = k.pin(access, "482916");
    CHECK(verdict.outcome == O::NoPin);
    CHECK_THAT(verdict.detail, Contains("group or others may read it"));
    std::remove(path.c_str());
    CHECK(k.pin(access, "482916").outcome == O::NoPin);
}

TEST_CASE("A second try right after a wrong PIN is not checked", "[maintenance][technician]") {
    Kiosk k;
    REQUIRE(write_pin_file(pin_file_path(k.config), "482916"));
    auto access = k.open();
    REQUIRE(access.enter_with_pin("111111")->outcome == O::Wrong);
    const auto soon = access.enter_with_pin("482916");
    CHECK(soon->outcome == O::TooSoon);
    CHECK(soon->retry_at == 1796000000 + kDelayAfterWrongPin.count());
    const auto entries = access.audit().recent(10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);  // the try that was not checked is audited too
    CHECK((*entries)[1].outcome == "refused: too soon after a wrong PIN");
    k.clock.advance(kDelayAfterWrongPin);
    CHECK(access.enter_with_pin("482916")->outcome == O::Accepted);
}

TEST_CASE("Five wrong PINs lock out for 5 minutes, then 10, the lockout survives a restart and the right PIN "
          "waits for it", "[maintenance][technician]") {
    Kiosk k;
    REQUIRE(write_pin_file(pin_file_path(k.config), "482916"));
    {
        auto access = k.open();
        for (int i = 0; i < 4; ++i) CHECK(k.pin(access, "000000").outcome == O::Wrong);
        const auto locked = k.pin(access, "000000");
        CHECK(locked.outcome == O::LockedOut);
        CHECK(locked.retry_at == 1796000000 + 4 * kDelayAfterWrongPin.count() + 300);
    }
    auto restarted = k.open();  // the kiosk restarted: the lockout is in its database
    CHECK(k.pin(restarted, "482916").outcome == O::LockedOut);
    k.clock.advance(std::chrono::seconds(300));
    for (int i = 0; i < 4; ++i) CHECK(k.pin(restarted, "000000").outcome == O::Wrong);
    const auto second = k.pin(restarted, "000000");
    CHECK(second.outcome == O::LockedOut);
    CHECK(second.retry_at - unix_seconds(k.clock.now()) + kDelayAfterWrongPin.count() == 600);
    k.clock.advance(std::chrono::seconds(600));
    CHECK(k.pin(restarted, "482916").outcome == O::Accepted);
    // Success starts over: the next lockout is 5 minutes again.
    for (int i = 0; i < 4; ++i) (void)k.pin(restarted, "000000");
    const auto fresh = k.pin(restarted, "000000");
    CHECK(fresh.retry_at - unix_seconds(k.clock.now()) + kDelayAfterWrongPin.count() == 300);
}

TEST_CASE("A wall clock stepped back does not stretch a lockout", "[maintenance][technician]") {
    Kiosk k;
    REQUIRE(write_pin_file(pin_file_path(k.config), "482916"));
    auto access = k.open();
    for (int i = 0; i < 5; ++i) (void)k.pin(access, "000000");
    k.clock.advance(std::chrono::seconds(-86400));  // time sync moved the clock a day back
    const auto verdict = k.pin(access, "482916");
    CHECK(verdict.outcome == O::LockedOut);
    CHECK(verdict.retry_at - unix_seconds(k.clock.now()) <= 600);
}

TEST_CASE("A revoked card is refused and a valid one admitted, both audited", "[maintenance][technician]") {
    Kiosk k;
    auto access = k.open();
    CHECK(access.enter_with_card("TECH-07").accepted);
    const auto lost = access.enter_with_card("TECH-LOST-02");
    CHECK_FALSE(lost.accepted);
    CHECK_THAT(lost.reason, Contains("revoked"));
    const auto entries = access.audit().recent(10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0].who == "TECH-07");
    CHECK((*entries)[0].outcome == "ok");
    CHECK((*entries)[1].who == "TECH-LOST-02");
    CHECK((*entries)[1].outcome == "refused: card revoked");
}

TEST_CASE("Every PIN attempt and the lockout are in the audit log, without the PIN", "[maintenance][technician]") {
    Kiosk k;
    REQUIRE(write_pin_file(pin_file_path(k.config), "482916"));
    auto access = k.open();
    for (int i = 0; i < 5; ++i) (void)k.pin(access, "739105");
    const auto entries = access.audit().recent(10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 5);
    CHECK((*entries)[0].who == "PIN");
    CHECK((*entries)[0].outcome == "refused: wrong PIN");
    CHECK((*entries)[4].what == "lockout");
    CHECK_THAT((*entries)[4].outcome, Contains("locked for 5 min"));
    for (const auto& e : *entries) CHECK_THAT(e.what + e.outcome, !Contains("739105"));
}
