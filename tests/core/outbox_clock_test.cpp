// A wall clock stepped backwards (time sync correcting a wrong RTC) never makes the outbox issue a number twice.
#include <catch2/catch.hpp>

#include <set>

#include "kiosk/core/outbox.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace std::chrono_literals;

namespace {

const NumberingRules kRules{"KTM-MPP-01", ""};

// 2026-11-29 08:00 WIB.
TimePoint morning() {
    set_process_timezone("Asia/Jakarta");
    return from_unix_seconds(1795914000);
}

// Issues tickets at the clock's time and remembers every reference and every number shown in the hall.
struct Kiosk {
    test::TempDir dir;
    ManualClock clock{morning()};
    std::unique_ptr<Outbox> outbox = std::move(*Outbox::open(dir.path() + "/outbox.sqlite", clock));
    std::set<std::string> references;
    std::set<std::string> numbers_in_the_hall;  // since the morning's start, whatever date the clock showed

    OutboxRow issue(const std::string& service = "ANTRIAN", const std::string& letter = "A") {
        auto row = outbox->enqueue({service, letter, {{"desk_service", "PPID"}}}, kRules);
        REQUIRE(row);
        CHECK(references.insert(row->reference).second);
        CHECK(numbers_in_the_hall.insert(row->number).second);
        return *row;
    }
};

}  // namespace

TEST_CASE_METHOD(Kiosk, "A clock stepped back within the day goes on counting", "[core][outbox][clock]") {
    for (int i = 0; i < 3; ++i) issue();
    clock.advance(-2h);
    CHECK(issue().number == "A-004");
    clock.advance(3h);
    CHECK(issue().number == "A-005");
}

TEST_CASE_METHOD(Kiosk, "An RTC a day ahead, corrected back across midnight, issues no number of the morning again",
                 "[core][outbox][clock]") {
    // The kiosk boots believing it is tomorrow; visitors take A-001..A-003 and L-001 (dated tomorrow).
    clock.set(morning() + 24h);
    for (int i = 0; i < 3; ++i) issue();
    const auto letter_l = issue("LAPOR", "L");
    CHECK(letter_l.number == "L-001");
    // Time sync steps the clock back a day, to the real morning: the same visitors are still in the hall.
    clock.set(morning() + 5min);
    const auto after_step = issue();
    CHECK(after_step.local_date == "20261129");
    CHECK(after_step.number == "A-004");
    CHECK(issue("LAPOR", "L").number == "L-002");
    // A letter the wrong date never used starts at 001 as usual.
    CHECK(issue("PPID", "P").number == "P-001");
    // Real tomorrow: a new day, and its numbers go on past those handed out under its date the day before.
    clock.set(morning() + 24h + 1h);
    numbers_in_the_hall.clear();
    CHECK(issue().number == "A-004");
}

TEST_CASE_METHOD(Kiosk, "A clock stepped back and forth across several days never repeats a reference",
                 "[core][outbox][clock]") {
    const std::chrono::hours steps[] = {24h, -24h, 48h, -36h, -13h, 72h, -72h};
    for (const auto step : steps) {
        clock.advance(step);
        for (int i = 0; i < 2; ++i) {
            const auto row = outbox->enqueue({"ANTRIAN", "A", {}}, kRules);
            REQUIRE(row);
            CHECK(references.insert(row->reference).second);
        }
    }
    CHECK(outbox->counts()->queued == 14);
}
