// The printed ticket's content: header from the configuration, PPID deadline, masked NIK, LAPOR choices, tracking URL.
#include <catch2/catch.hpp>

#include "kiosk/core/ticket_content.h"

using Catch::Matchers::Contains;

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
    for (const auto& line : t.details) CHECK_THAT(line, !Contains("Ahmad"));
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

namespace {

OutboxRow request_of(const std::string& service, std::int64_t created_at = 1795921200) {
    OutboxRow row;
    row.service_code = service;
    row.number = "X-001";
    row.reference = "KTM-MPP-01-20261129-X-001";
    row.created_at = created_at;
    return row;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& line : lines)
        if (line.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("A PPID ticket gives the 7-working-day extension over the holidays and the right to object",
          "[core][ticket]") {
    set_process_timezone("Asia/Jakarta");
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    Config config = default_config();  // holidays 2026-12-24, 2026-12-25, 2027-01-01
    // Thursday 10 December 2026: 10 working days end on Monday 28 December (after Christmas), 7 more on 7 January.
    const OutboxRow row = request_of("PPID", 1796871600);
    const TicketContent en = build_ticket_content(row, config, *tr, "en");
    CHECK(en.deadline == "Answer deadline: Monday, 28 December 2026");
    CHECK(mentions(en.next_steps, "by at most 7 working days, with written reasons): at the latest Thursday, 7 January 2027"));
    CHECK(mentions(en.next_steps, "object in writing to the PPID's superior within 30 working days"));
    CHECK(mentions(en.next_steps, "Law 14/2008"));
    CHECK(en.footer_lines == std::vector<std::string>{"PPID contact: the PPID desk at this office"});
    const TicketContent id = build_ticket_content(row, config, *tr, "id");
    CHECK(mentions(id.next_steps, "paling lambat Kamis, 7 Januari 2027"));
    CHECK(mentions(id.next_steps, "keberatan tertulis kepada atasan PPID paling lambat 30 hari kerja"));

    config.ppid_contact = "ppid@kotimkab.go.id | 0531-21045";
    CHECK(build_ticket_content(row, config, *tr, "id").footer_lines ==
          std::vector<std::string>{"Kontak PPID: ppid@kotimkab.go.id | 0531-21045"});
}

TEST_CASE("Each ticket carries the official channels of its own service", "[core][ticket]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    const Config config = default_config();
    const auto lapor = build_ticket_content(request_of("LAPOR"), config, *tr, "id").footer_lines;
    CHECK(mentions(lapor, "lapor.go.id"));
    CHECK(mentions(lapor, "SMS 1708"));
    const auto content = build_ticket_content(request_of("ADUAN_KONTEN"), config, *tr, "en").footer_lines;
    CHECK(mentions(content, "aduankonten.id"));
    CHECK_FALSE(mentions(content, "lapor.go.id"));
    CHECK(build_ticket_content(request_of("ANTRIAN"), config, *tr, "en").footer_lines.empty());
}

TEST_CASE("A queue ticket names its desk service and how many numbers were taken before it today",
          "[core][ticket]") {
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    OutboxRow row = request_of("ANTRIAN");
    row.fields = {{"desk_service", "PPID"}};
    const auto steps = [&](std::optional<int> before, const std::string& language) {
        return build_ticket_content(row, default_config(), *tr, language, before).next_steps;
    };
    CHECK(steps(3, "en") == std::vector<std::string>{
                                "Desk service: Information request (PPID)",
                                "3 numbers for this service were taken today before yours (some may already have "
                                "been served).",
                                "Wait for your number to be called at the desk."});
    CHECK(mentions(steps(1, "en"), "1 number for this service was taken today before yours"));
    CHECK(mentions(steps(0, "en"), "Yours is the first number taken today for this service."));
    CHECK(mentions(steps(3, "id"), "Hari ini sudah diambil 3 nomor untuk layanan ini sebelum nomor Anda"));
    CHECK(steps(std::nullopt, "en").size() == 2);  // the count could not be read: nothing is claimed
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

TEST_CASE("The answer deadline counts over the calendar it is given, as the ticket screen passes it",
          "[core][ticket]") {
    set_process_timezone("Asia/Jakarta");
    auto tr = Translations::load(TEST_ASSET_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    // Thursday 10 December 2026: 10 working days end on Thursday 24 December without holidays.
    const OutboxRow row = request_of("PPID", 1796871600);
    CHECK(answer_deadline(row, {}, *tr, "en") == "Answer deadline: Thursday, 24 December 2026");
    CHECK(answer_deadline(row, {Date{2026, 12, 24}}, *tr, "en") == "Answer deadline: Friday, 25 December 2026");
    CHECK(answer_deadline(request_of("LAPOR", 1796871600), {}, *tr, "en").empty());
}
