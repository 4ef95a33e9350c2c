// Tests for the ticket renderer: decodes its PNG, PDF and raster output back and measures the QR.
#include "kiosk/render/ticket_render.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "kiosk/core/consent.h"
#include "kiosk/core/request_facts.h"
#include "kiosk/core/sender.h"
#include "kiosk/core/ticket_content.h"
#include "tests/support/image_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/sender_fixture.h"
#include "tests/support/ticket_fixture.h"

using anjungan::Result;
using anjungan::TicketContent;
using namespace anjungan::render;
using namespace anjungan::test;
using Gray = GrayImage;

namespace {

const std::string kOutputDir = TEST_OUTPUT_DIR;  // samples for a person to look at

void save(const std::string& name, const void* data, std::size_t size) {
    std::ofstream out(kOutputDir + "/" + name, std::ios::binary);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

void save(const std::string& name, const Bytes& bytes) { save(name, bytes.data(), bytes.size()); }

// The top edge of the top-left finder pattern is a black run exactly 7 modules long.
int measured_module_dots(const Gray& gray, const QrCode& qr) {
    const int y = qr.top + 1;  // just inside the symbol's top row
    int x = std::max(0, qr.left - 3);
    while (x < gray.width && !gray.dark(x, y)) ++x;
    const int start = x;
    while (x < gray.width && gray.dark(x, y)) ++x;
    const int run = x - start;
    CHECK(run % 7 == 0);
    return run / 7;
}

// The QR needs 4 white modules around it; checks the band to its left and above it.
bool quiet_zone_is_clear(const Gray& gray, const QrCode& qr, int module_dots) {
    const int zone = 4 * module_dots;
    for (int y = qr.top - zone; y < qr.top + 7 * module_dots; ++y)
        for (int x = qr.left - zone; x < qr.left; ++x)
            if (x < 0 || y < 0 || gray.dark(x, y)) return false;
    for (int y = qr.top - zone; y < qr.top; ++y)
        for (int x = qr.left; x < qr.left + 7 * module_dots; ++x)
            if (gray.dark(x, y)) return false;
    return true;
}

std::string text_of(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("The QR code in the PNG decodes to the tracking URL on 58 mm and 80 mm paper", "[render]") {
    const double paper_mm = GENERATE(58.0, 80.0);
    const TicketContent ticket = ppid_ticket();
    Result<Bytes> png = render_png(ticket, layout_for(paper_mm));
    REQUIRE(png.ok());
    save("ticket-" + std::to_string(static_cast<int>(paper_mm)) + "mm.png", *png);

    const auto qr = read_qr(decode_png(*png));
    REQUIRE(qr);
    CHECK(qr->text == ticket.tracking_url);
}

TEST_CASE("The PNG is exactly as wide as the printable width in dots", "[render]") {
    const auto [paper_mm, dots] = GENERATE(std::pair{80.0, 576}, std::pair{58.0, 384});
    Result<Bytes> png = render_png(ppid_ticket(), layout_for(paper_mm));
    REQUIRE(png.ok());
    CHECK(text_of(*png).substr(1, 3) == "PNG");
    const Gray image = decode_png(*png);
    CHECK(image.width == dots);
    CHECK(printable_width_dots(layout_for(paper_mm)) == dots);
    CHECK(image.height > image.width);  // a receipt is taller than it is wide
}

TEST_CASE("Each QR module is at least 4 whole dots with a 4-module quiet zone", "[render]") {
    const double paper_mm = GENERATE(58.0, 80.0);
    Result<Bytes> png = render_png(ppid_ticket(), layout_for(paper_mm));
    REQUIRE(png.ok());
    const Gray image = decode_png(*png);
    const auto qr = read_qr(image);
    REQUIRE(qr);
    const int module_dots = measured_module_dots(image, *qr);
    CHECK(module_dots >= 4);
    CHECK(quiet_zone_is_clear(image, *qr, module_dots));
}

TEST_CASE("The PDF is a single page as wide as the paper", "[render]") {
    Result<Bytes> pdf = render_pdf(ppid_ticket(), layout_for(80.0));
    REQUIRE(pdf.ok());
    save("ticket-80mm.pdf", *pdf);
    const std::string text = text_of(*pdf);
    CHECK(text.rfind("%PDF-", 0) == 0);

    const std::regex page_object(R"(/Type\s*/Page[^s])");
    const auto pages = std::distance(std::sregex_iterator(text.begin(), text.end(), page_object),
                                     std::sregex_iterator());
    CHECK(pages == 1);

    std::smatch media_box;
    REQUIRE(std::regex_search(text, media_box, std::regex(R"(/MediaBox\s*\[\s*0 0 ([0-9.]+) )")));
    CHECK(std::stod(media_box[1]) == Approx(80.0 * 72 / 25.4).epsilon(0.001));
}

TEST_CASE("The QR code in the PDF decodes to the tracking URL when printed at 203 dpi", "[render]") {
    if (!have_program("pdftoppm")) {
        WARN("pdftoppm (poppler-utils) is not installed: PDF rasterisation not checked");
        return;
    }
    const TicketContent ticket = ppid_ticket();
    Result<Bytes> pdf = render_pdf(ticket, layout_for(58.0));
    REQUIRE(pdf.ok());
    save("ticket-58mm.pdf", *pdf);
    const std::string base = kOutputDir + "/ticket-58mm-pdftoppm";
    const std::string command = "pdftoppm -r 203 -png -singlefile '" + kOutputDir +
                                "/ticket-58mm.pdf' '" + base + "'";
    REQUIRE(std::system(command.c_str()) == 0);

    const std::optional<Gray> image = anjungan::test::read_png_file(base + ".png");
    REQUIRE(image);
    CHECK(image->width == Approx(58.0 / 25.4 * 203).margin(2));
    const auto qr = read_qr(*image);
    REQUIRE(qr);
    CHECK(qr->text == ticket.tracking_url);
}

TEST_CASE("A ticket with very long text and empty optional fields still renders", "[render]") {
    TicketContent ticket;
    ticket.number = "ANTRIAN-KIOSK-02-L-0001234";
    ticket.service_name = std::string(300, 'W');  // one "word" far wider than the paper
    std::string long_step;
    for (int i = 0; i < 120; ++i) long_step += "permohonan informasi publik ";
    ticket.next_steps = {long_step, "", "https://example.go.id/" + std::string(200, 'x')};
    ticket.footer_lines = {"", "lapor.go.id"};
    ticket.tracking_url = "https://anjungan.example.go.id/lacak/X";

    Result<Bytes> png = render_png(ticket, layout_for(58.0));
    REQUIRE(png.ok());
    save("ticket-long-58mm.png", *png);
    const Gray image = decode_png(*png);
    CHECK(image.width == 384);
    CHECK(read_qr(image).has_value());
    CHECK(render_pdf(ticket, layout_for(58.0)).ok());
    CHECK(render_raster(ticket, layout_for(58.0)).ok());

    TicketContent nothing;
    CHECK(render_png(nothing, layout_for(80.0)).ok());
    CHECK(render_pdf(nothing, layout_for(80.0)).ok());
}

TEST_CASE("Text that is not valid UTF-8 is printed with replacement characters", "[render]") {
    TicketContent ticket = ppid_ticket();
    ticket.service_name = "Layanan \xC3\x28 rusak\xFF\t";
    ticket.next_steps = {std::string("tab\there and \xE2\x82 cut")};
    CHECK(render_png(ticket, layout_for(80.0)).ok());
    CHECK(render_pdf(ticket, layout_for(80.0)).ok());
}

TEST_CASE("An over-long tracking URL gives an error instead of a crash", "[render]") {
    TicketContent ticket = ppid_ticket();
    ticket.tracking_url = "https://anjungan.example.go.id/lacak/" + std::string(5000, 'A');
    for (const Result<Bytes>& result :
         {render_png(ticket, layout_for(80.0)), render_pdf(ticket, layout_for(80.0))}) {
        REQUIRE_FALSE(result.ok());
        CHECK_THAT(result.error().message, Catch::Contains("QR"));
    }
    CHECK_FALSE(render_raster(ticket, layout_for(80.0)).ok());

    // Encodable, but only with modules too small to print on 58 mm paper.
    ticket.tracking_url = "https://anjungan.example.go.id/lacak/" + std::string(600, 'a');
    const Result<Bytes> narrow = render_png(ticket, layout_for(58.0));
    REQUIRE_FALSE(narrow.ok());
    CHECK_THAT(narrow.error().message, Catch::Contains("too wide"));
}

TEST_CASE("Impossible paper sizes and overflowing text give errors", "[render]") {
    TicketLayout layout;
    layout.paper_width_mm = 0;
    CHECK_FALSE(render_png(ppid_ticket(), layout).ok());
    layout = TicketLayout{};
    layout.dots_per_inch = -5;
    CHECK_FALSE(render_pdf(ppid_ticket(), layout).ok());
    CHECK(printable_width_dots(layout) == 0);

    TicketContent huge = ppid_ticket();
    huge.next_steps.assign(2000, "kata kata kata kata kata kata");
    const Result<Bytes> result = render_png(huge, layout_for(80.0));
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.error().message, Catch::Contains("bytes"));
}

TEST_CASE("The 1-bit raster matches the PNG's size and its QR decodes", "[render]") {
    const TicketContent ticket = ppid_ticket();
    Result<Raster> raster = render_raster(ticket, layout_for(80.0));
    REQUIRE(raster.ok());
    CHECK(raster->width == 576);
    CHECK(raster->stride == 72);
    CHECK(raster->bits.size() == static_cast<std::size_t>(raster->stride * raster->height));

    // PBM (P4) stores exactly this layout: 1 = black, most significant bit first.
    const std::string pbm_header =
        "P4\n" + std::to_string(raster->width) + " " + std::to_string(raster->height) + "\n";
    Bytes pbm(pbm_header.begin(), pbm_header.end());
    pbm.insert(pbm.end(), raster->bits.begin(), raster->bits.end());
    save("ticket-80mm-raster.pbm", pbm);

    const Gray png_image = decode_png(*render_png(ticket, layout_for(80.0)));
    CHECK(raster->height == png_image.height);
    const auto qr = read_qr(gray_of(*raster));
    REQUIRE(qr);
    CHECK(qr->text == ticket.tracking_url);
}

namespace {

// The ticket as the kiosk builds it: real translations and the default configuration.
TicketContent kiosk_ticket(const std::string& service, anjungan::FieldValues fields = {},
                           std::optional<int> issued_before = std::nullopt) {
    anjungan::set_process_timezone("Asia/Jakarta");
    static const auto tr = anjungan::Translations::load(TEST_ASSETS_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    anjungan::OutboxRow row;
    row.service_code = service;
    row.number = "X-001";
    row.reference = "KTM-MPP-01-20261210-X-001";
    row.created_at = 1796871600;  // Thursday 10 December 2026, 10:00 WIB
    row.fields = std::move(fields);
    return anjungan::build_ticket_content(row, anjungan::default_config(), *tr, "id", issued_before);
}

// The words pdftotext reads from the printed PDF, whitespace and line breaks folded into single spaces.
std::string printed_words(const TicketContent& ticket, const std::string& name) {
    Result<Bytes> pdf = render_pdf(ticket, layout_for(80.0));
    REQUIRE(pdf.ok());
    save(name + ".pdf", *pdf);
    const std::string base = kOutputDir + "/" + name;
    REQUIRE(std::system(("pdftotext '" + base + ".pdf' '" + base + ".txt'").c_str()) == 0);
    std::ifstream in(base + ".txt");
    std::string words, word;
    while (in >> word) words += (words.empty() ? "" : " ") + word;
    return words;
}

}  // namespace

TEST_CASE("Printed tickets carry the official channels of their own service", "[render][ticket]") {
    if (!have_program("pdftotext")) {
        WARN("pdftotext (poppler-utils) is not installed: printed text not checked");
        return;
    }
    const std::string lapor = printed_words(kiosk_ticket("LAPOR"), "ticket-LAPOR");
    CHECK_THAT(lapor, Catch::Contains("lapor.go.id") && Catch::Contains("SMS 1708"));
    const std::string content = printed_words(kiosk_ticket("ADUAN_KONTEN"), "ticket-ADUAN_KONTEN");
    CHECK_THAT(content, Catch::Contains("aduankonten.id"));
    CHECK_THAT(content, !Catch::Contains("lapor.go.id"));
    const std::string ppid = printed_words(kiosk_ticket("PPID"), "ticket-PPID");
    CHECK_THAT(ppid, Catch::Contains("Kontak PPID: loket PPID di kantor ini"));
    CHECK_THAT(ppid, !Catch::Contains("lapor.go.id"));
}

TEST_CASE("A printed PPID ticket gives the deadline, its 7-working-day extension and the right to object",
          "[render][ticket]") {
    if (!have_program("pdftotext")) {
        WARN("pdftotext (poppler-utils) is not installed: printed text not checked");
        return;
    }
    const std::string words = printed_words(kiosk_ticket("PPID"), "ticket-PPID-rights");
    CHECK_THAT(words, Catch::Contains("Batas waktu jawaban: Senin, 28 Desember 2026"));
    CHECK_THAT(words, Catch::Contains("paling lama 7 hari kerja, dengan alasan tertulis): paling lambat Kamis, 7 "
                                      "Januari 2027"));
    CHECK_THAT(words, Catch::Contains("keberatan tertulis kepada atasan PPID paling lambat 30 hari kerja"));
    CHECK_THAT(words, Catch::Contains("UU 14/2008"));
}

TEST_CASE("A printed queue ticket names the desk service and the numbers taken before it today",
          "[render][ticket]") {
    if (!have_program("pdftotext")) {
        WARN("pdftotext (poppler-utils) is not installed: printed text not checked");
        return;
    }
    const std::string words =
        printed_words(kiosk_ticket("ANTRIAN", {{"desk_service", "PPID"}}, 4), "ticket-ANTRIAN");
    CHECK_THAT(words, Catch::Contains("Layanan loket: Permohonan informasi (PPID)"));
    CHECK_THAT(words, Catch::Contains("Hari ini sudah diambil 4 nomor untuk layanan ini sebelum nomor Anda"));
}

TEST_CASE("Text keeps a margin from both printable edges and only rules reach them", "[render][ticket]") {
    const double paper_mm = GENERATE(58.0, 80.0);
    TicketContent ticket = kiosk_ticket("PPID");
    ticket.number = "ANTRIAN-A-0001";  // a long number must shrink, not reach the edges
    Result<Bytes> png = render_png(ticket, layout_for(paper_mm));
    REQUIRE(png.ok());
    save("ticket-margin-" + std::to_string(static_cast<int>(paper_mm)) + "mm.png", *png);
    const Gray image = decode_png(*png);
    const int margin = static_cast<int>(2.5 * 203 / 25.4);  // 3 mm, less antialiasing and rounding
    int text_rows_near_left = 0;
    for (int y = 0; y < image.height; ++y) {
        int dark = 0;
        for (int x = 0; x < image.width; ++x) dark += image.dark(x, y);
        if (dark > image.width * 9 / 10) continue;  // a rule across the paper
        for (int x = 0; x < margin; ++x) {
            INFO("row " << y << ", column " << x);
            REQUIRE_FALSE(image.dark(x, y));
            REQUIRE_FALSE(image.dark(image.width - 1 - x, y));
        }
        text_rows_near_left += image.dark(margin + 2, y) || image.dark(margin + 4, y);
    }
    CHECK(text_rows_near_left > 0);  // the left-aligned steps start right at the margin
}

namespace {

// One request as a visitor files it: what the form gives and what the kiosk knows at the commit.
struct FiledRequest {
    std::string service, letter, language;
    bool clock_synced;
    anjungan::FieldValues fields;
};

std::vector<FiledRequest> one_request_per_service() {
    const std::string consent_at = "2026-12-10T09:58:12+07:00";
    return {
        {"PPID", "P", "id", true,
         {{"full_name", "Siti Nur'aini Rahmawati"}, {"nik", "6202015205900001"},
          {"address", "Jl. Ahmad Yani No. 5/12, Sampit"}, {"email", "siti.nur+ppid@example.id"},
          {"occupation", "Guru"}, {"information", "Salinan APBD 2026 & realisasinya?"}, {"purpose", "Penelitian"},
          {"obtain_how", "see,softcopy"}, {"receive_how", "email"}, {"on_behalf", "no"}, {"consent_at", consent_at}}},
        {"LAPOR", "L", "en", false,
         {{"kind", "pengaduan"}, {"title", "Jalan rusak"}, {"chronology", "Lubang besar di Jl. Tjilik Riwut km 2/3"},
          {"incident_date", "2026-12-01"}, {"anonymous", "yes"}, {"confidential", "no"},
          {"full_name", "Budi O'Neil Santoso"}, {"nik", "6202011203850002"}, {"phone", "+6281234567890"},
          {"consent_at", consent_at}}},
        {"ADUAN_KONTEN", "K", "id", false,
         {{"url", "https://example.com/post?id=7&ref=wa"}, {"platform", "facebook"}, {"category", "hoax"},
          {"description", "Kabar palsu tentang banjir"}, {"full_name", "Rina"}, {"phone", "+6285298765432"},
          {"consent_at", consent_at}}},
        {"ANTRIAN", "A", "en", true, {{"desk_service", "PPID"}}},
    };
}

// The ticket number inside a reference <kiosk-id>-<yyyymmdd>-<number>: its last two parts, e.g. "P-001".
std::string number_of(const std::string& reference) {
    return reference.substr(reference.rfind('-', reference.rfind('-') - 1) + 1);
}

// "Thursday, 10 December 2026 10:01" from "2026-12-10T10:01:00+07:00", as the ticket prints a time.
std::string printed_time(const std::string& iso, const std::string& language) {
    const auto day = anjungan::parse_iso_date(iso.substr(0, 10));
    REQUIRE(day);
    return anjungan::long_date(anjungan::to_local_time(*day), language) + " " + iso.substr(11, 5);
}

std::string printed_date(const nlohmann::json& sent, const std::string& attribute, const std::string& language) {
    const auto day = anjungan::parse_iso_date(sent.value("attribute[" + attribute + "]", ""));
    REQUIRE(day);
    return anjungan::long_date(anjungan::to_local_time(*day), language);
}

}  // namespace

TEST_CASE("Every fact printed on a ticket is what the Open311 server received for the same request",
          "[render][ticket][open311]") {
    using namespace anjungan;
    if (!have_program("pdftotext")) {
        WARN("pdftotext (poppler-utils) is not installed: printed text not checked");
        return;
    }
    set_process_timezone("Asia/Jakarta");
    const auto tr = Translations::load(TEST_ASSETS_DIR "/i18n", {"id", "en"});
    REQUIRE(tr);
    const Config config = default_config();
    TempDir dir;
    ManualClock clock(from_unix_seconds(1796871600));  // Thursday 10 December 2026, 10:00 WIB
    auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
    REQUIRE(outbox);
    SimulatedTimeSync time_sync(true);
    auto consent_versions = load_consent_versions(TEST_ASSETS_DIR, *tr, config);
    REQUIRE(consent_versions);
    const CommitFacts facts{*parse_holidays(config.holidays), &time_sync, *consent_versions};
    const auto filed = one_request_per_service();
    std::vector<OutboxRow> rows;
    for (const auto& request : filed) {
        clock.advance(std::chrono::seconds(61));
        time_sync.set(request.clock_synced);
        auto row = (*outbox)->enqueue({request.service, request.letter, request.fields, request.language}, kKioskRules,
                                      [&](const NewRequest& r, TimePoint t) { return commit_attributes(r, t, facts); });
        REQUIRE(row);
        rows.push_back(*row);
    }
    Open311Peer peer;
    {
        Sender sender(dir.path() + "/outbox.sqlite", sender_settings(peer), clock, nullptr);
        REQUIRE(sender.start());
        const bool delivered =
            eventually([&] { return (*outbox)->counts()->delivered == static_cast<int>(filed.size()); });
        const auto counts = *(*outbox)->counts();
        INFO("delivered " << counts.delivered << ", queued " << counts.queued << ", rejected " << counts.rejected
                          << ", last error: " << *(*outbox)->last_pending_error());
        REQUIRE(delivered);
    }
    const auto received = peer.received();
    REQUIRE(received.size() == filed.size());
    for (std::size_t i = 0; i < filed.size(); ++i) {
        const nlohmann::json& sent = received[i]["params"];
        const auto attribute = [&](const std::string& code) { return sent.value("attribute[" + code + "]", ""); };
        const std::string language = attribute("language");
        const std::string service = sent.value("service_code", "");
        INFO(service << " in " << language);
        CHECK(language == filed[i].language);
        const auto row = (*outbox)->find(rows[i].reference);
        REQUIRE(row);
        REQUIRE(*row);
        const std::optional<int> before = service == "ANTRIAN" ? std::optional<int>(0) : std::nullopt;
        const std::string words =
            printed_words(build_ticket_content(**row, config, *tr, language, before), "ticket-wire-" + service);

        CHECK_THAT(words, Catch::Contains(tr->get(language, "service." + service + ".name")));
        const std::string reference = attribute("kiosk_reference");
        CHECK_THAT(words, Catch::Contains("Ref: " + reference));
        CHECK_THAT(words, Catch::Contains(number_of(reference)));
        const std::string submitted_at = attribute("submitted_at");
        CHECK_THAT(submitted_at, Catch::EndsWith("+07:00"));
        CHECK_THAT(words, Catch::Contains(printed_time(submitted_at, language)));
        const bool unsynced_line = words.find(tr->get(language, "ticket.clock_unsynced")) != std::string::npos;
        CHECK(unsynced_line == (attribute("clock_synced") == "false"));
        CHECK(attribute("clock_synced") == (filed[i].clock_synced ? "true" : "false"));

        if (service == "PPID") {
            CHECK_THAT(words, Catch::Contains(Translations::format(
                                  tr->get(language, "ticket.deadline"), {{"date", printed_date(sent, "answer_due", language)}})));
            CHECK_THAT(words, Catch::Contains(printed_date(sent, "answer_due_extended", language)));
        } else {
            CHECK(attribute("answer_due").empty());
        }
        if (const std::string nik = attribute("nik"); !nik.empty()) {
            CHECK_THAT(words, Catch::Contains("NIK: " + mask_nik(nik)));
            CHECK_THAT(words, !Catch::Contains(nik));
        }
        if (const std::string last_name = sent.value("last_name", ""); !last_name.empty())
            CHECK_THAT(words, !Catch::Contains(last_name));  // names stay off the paper
        for (const std::string choice : {"anonymous", "confidential"}) {
            if (service != "LAPOR") break;
            REQUIRE_FALSE(attribute(choice).empty());
            CHECK_THAT(words, Catch::Contains(tr->get(language, "ticket." + choice + "." + attribute(choice))));
        }
        if (service == "ANTRIAN")
            CHECK_THAT(words, Catch::Contains(tr->get(language, "value.desk_service." + attribute("desk_service"))));
        if (!attribute("consent_at").empty())  // what the visitor agreed to, provably: the text shown, hashed
            CHECK(attribute("consent_version") == *load_consent_version(TEST_ASSETS_DIR) + "/" + language +
                                                       " sha256:" + sha256_hex(consent_text(*tr, language, config)));
        else
            CHECK(attribute("consent_version").empty());
    }
}
