// Commit-time attributes: submission time, clock status, language, consent version and the PPID deadlines.
#include <catch2/catch.hpp>

#include <map>

#include "kiosk/core/request_facts.h"
#include "kiosk/core/ticket_content.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

std::map<std::string, std::string> as_map(const FieldValues& fields) {
    std::map<std::string, std::string> out;
    for (const auto& [code, value] : fields) out[code] = value;
    return out;
}

const TimePoint kThursdayMorning = from_unix_seconds(1796871600);  // Thursday 10 December 2026, 10:00 WIB

}  // namespace

TEST_CASE("A PPID request records its commit time with offset and deadlines over the holidays", "[core][facts]") {
    set_process_timezone("Asia/Jakarta");
    const SimulatedTimeSync synced(true);
    CommitFacts facts{*parse_holidays("2026-12-24,2026-12-25,2027-01-01"), &synced, {{"id", "v/id sha256:ab"}}};
    const NewRequest request{"PPID", "P", {{"full_name", "Siti"}, {"consent_at", "2026-12-10T09:59:30+07:00"}}, "id"};
    const auto got = as_map(commit_attributes(request, kThursdayMorning, facts));
    CHECK(got.at("submitted_at") == "2026-12-10T10:00:00+07:00");
    CHECK(got.at("clock_synced") == "true");
    CHECK(got.at("language") == "id");
    CHECK(got.at("consent_version") == "v/id sha256:ab");
    CHECK(got.at("answer_due") == "2026-12-28");            // 24 and 25 December do not count
    CHECK(got.at("answer_due_extended") == "2027-01-07");  // nor 1 January
}

TEST_CASE("Requests without consent carry no consent version, and only PPID carries deadlines", "[core][facts]") {
    set_process_timezone("Asia/Jakarta");
    const SimulatedTimeSync unsynced(false);
    CommitFacts facts{{}, &unsynced, {{"en", "v/en sha256:cd"}}};
    const auto got = as_map(commit_attributes({"ANTRIAN", "A", {{"desk_service", "PPID"}}, "en"}, kThursdayMorning, facts));
    CHECK(got.at("clock_synced") == "false");
    CHECK(got.at("language") == "en");
    CHECK_FALSE(got.count("consent_version"));
    CHECK_FALSE(got.count("answer_due"));
    CHECK(as_map(commit_attributes({"LAPOR", "L", {}}, kThursdayMorning, {})).at("clock_synced") == "false");
}

TEST_CASE("The outbox stores the stamp made with the commit's own time", "[core][facts][outbox]") {
    set_process_timezone("Asia/Jakarta");
    test::TempDir dir;
    ManualClock clock(kThursdayMorning);
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
    REQUIRE(outbox);
    const SimulatedTimeSync synced(true);
    const CommitFacts facts{{}, &synced, {}};
    clock.advance(std::chrono::seconds(95));  // the commit happens later than the visitor's tap
    const auto row = (*outbox)->enqueue({"PPID", "P", {{"information", "APBD 2026"}}, "id"}, {"KTM-MPP-01", ""},
                                        [&](const NewRequest& r, TimePoint t) { return commit_attributes(r, t, facts); });
    REQUIRE(row);
    const auto stored = as_map((*(*outbox)->find(row->reference))->fields);
    CHECK(stored.at("information") == "APBD 2026");
    CHECK(stored.at("submitted_at") == "2026-12-10T10:01:35+07:00");
    CHECK(stored.at("submitted_at") == iso8601_local(from_unix_seconds(row->created_at)));
}

TEST_CASE("A ticket printed again after the holidays changed shows the deadlines the server received",
          "[core][facts][ticket]") {
    set_process_timezone("Asia/Jakarta");
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    OutboxRow row;
    row.service_code = "PPID";
    row.created_at = unix_seconds(kThursdayMorning);
    row.fields = commit_attributes({"PPID", "P", {}, "en"}, kThursdayMorning, {*parse_holidays("2026-12-24"), nullptr, {}});
    const auto holidays = *parse_holidays("2026-12-14,2026-12-15");  // the office changed its calendar afterwards
    CHECK(answer_deadline(row, holidays, *tr, "en") == "Answer deadline: Friday, 25 December 2026");
    CHECK_THAT(extended_deadline(row, holidays, *tr, "en"), Catch::Contains("Tuesday, 5 January 2027"));
    // A request stored before the deadlines were (no answer_due field) is computed from its day, as before.
    row.fields.clear();
    CHECK(answer_deadline(row, holidays, *tr, "en") == "Answer deadline: Monday, 28 December 2026");
}

TEST_CASE("A ticket of a clock never synchronised since boot says so in both languages", "[core][facts][ticket]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.fields = {{"desk_service", "PPID"}, {"clock_synced", "false"}};
    CHECK_THAT(build_ticket_content(row, default_config(), *tr, "id").details,
               Catch::VectorContains(std::string("Waktu belum tersinkron: jam mungkin keliru")));
    CHECK_THAT(build_ticket_content(row, default_config(), *tr, "en").details,
               Catch::VectorContains(tr->get("en", "ticket.clock_unsynced")));
    row.fields = {{"desk_service", "PPID"}, {"clock_synced", "true"}};
    CHECK(build_ticket_content(row, default_config(), *tr, "id").details.empty());
}

TEST_CASE("ISO dates read back only as real calendar dates", "[core][facts]") {
    CHECK(parse_iso_date("2026-12-28") == Date{2026, 12, 28});
    CHECK(iso_date({2027, 1, 7}) == "2027-01-07");
    CHECK_FALSE(parse_iso_date("2026-02-30"));
    CHECK_FALSE(parse_iso_date("2026-12-28,2026-12-29"));
    CHECK_FALSE(parse_iso_date(""));
}
