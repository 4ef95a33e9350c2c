// The printed ticket's content: header from the configuration, PPID deadline, masked NIK, LAPOR choices, tracking URL.
#include <catch2/catch.hpp>

#include "kiosk/core/ticket_content.h"

using namespace anjungan;

TEST_CASE("A PPID ticket carries the deadline, the masked NIK and the tracking URL", "[core][ticket]") {
    set_process_timezone("Asia/Jakarta");
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    Config config = default_config();
    OutboxRow row;
    row.service_code = "PPID";
    row.number = "P-007";
    row.reference = "KTM-MPP-01-20261129-P-007";
    row.created_at = 1795921200;  // Sunday 29 November 2026, 10:00 WIB
    row.fields = {{"full_name", "Ahmad Fauzi"}, {"nik", "6202011203850002"}};
    const TicketContent t = build_ticket_content(row, config, *tr, "en");
    CHECK(t.header_lines.front() == config.office_name);
    CHECK(t.number == "P-007");
    CHECK(t.issued_at == "Sunday, 29 November 2026 10:00");
    CHECK(t.deadline == "Answer deadline: Friday, 11 December 2026");
    REQUIRE(t.details.size() == 1);
    CHECK(t.details[0] == "NIK: 6202********0002");
    CHECK(t.tracking_url == "https://lapor.kotimkab.go.id/tiket/KTM-MPP-01-20261129-P-007");
    for (const auto& line : t.details) CHECK(line.find("Ahmad") == std::string::npos);
}

TEST_CASE("A queue ticket has no deadline and no personal data", "[core][ticket]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-001";
    row.fields = {{"desk_service", "PPID"}, {"full_name", "Siti"}};
    const TicketContent t = build_ticket_content(row, default_config(), *tr, "id");
    CHECK(t.deadline.empty());
    CHECK(t.details.empty());
    CHECK(mask_nik("1234") == "****");
}

TEST_CASE("A LAPOR ticket says whether the report is anonymous and whether it is confidential", "[core][ticket]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    OutboxRow row;
    row.service_code = "LAPOR";
    row.number = "L-003";
    row.fields = {{"kind", "pengaduan"}, {"anonymous", "yes"}, {"confidential", "no"}, {"nik", "6202015205900001"}};
    const TicketContent en = build_ticket_content(row, default_config(), *tr, "en");
    CHECK(en.details == std::vector<std::string>{"NIK: 6202********0001",
                                                 "Anonymous: the reported party cannot see who reported",
                                                 "Not confidential: the content may be public"});
    const TicketContent id = build_ticket_content(row, default_config(), *tr, "id");
    CHECK(id.details[1] == "Anonim: terlapor tidak melihat siapa pelapornya");
    CHECK(id.details[2] == "Tidak rahasia: isi laporan dapat dilihat publik");
}
