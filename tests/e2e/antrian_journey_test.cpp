// The vertical slice end to end: a visitor takes queue number A-001; the server and the printer receive it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kiosk/core/outbox.h"
#include "tests/support/cupsd_fixture.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

const char* kJourney = R"(# attract -> language -> home -> ANTRIAN -> review -> ticket -> done -> attract
expect start
tap start
tap lang-id
expect Pilih layanan
tap ANTRIAN
expect Nomor Antrean
tap next
tap next
expect Bagian ini wajib diisi
tap desk_service=PPID
tap next
expect Periksa kembali
tap submit
wait-for A-001 10000
wait-for Silakan ambil tiket 15000
screenshot ticket.png
tap done
expect Terima kasih
tap done
expect start
expect-not A-001
)";

std::string today() {
    set_process_timezone("Asia/Jakarta");
    return yyyymmdd(to_local(std::chrono::system_clock::now()));
}

}  // namespace

TEST_CASE("A visitor takes queue number A-001: it is printed through CUPS and delivered to the server",
          "[e2e][antrian]") {
    test::Open311Peer peer;
    test::Cupsd cupsd;
    cupsd.add_queue("ticket");
    test::TempDir dir;

    const auto run = test::run_kiosk_script(dir.path(), kJourney,
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url(),
                                             "--printer", "cups:ticket"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);

    const std::string reference = "KTM-MPP-01-" + today() + "-A-001";
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const auto& params = received[0]["params"];
    CHECK(params["service_code"] == "ANTRIAN");
    CHECK(params["device_id"] == "KTM-MPP-01");
    CHECK_FALSE(params["address_string"].get<std::string>().empty());
    CHECK(params["attribute[desk_service]"] == "PPID");
    CHECK(params["attribute[kiosk_reference]"] == reference);
    CHECK(received[0]["idempotency_key"] == reference);

    REQUIRE(cupsd.wait_for_output_files(1, std::chrono::seconds(10)));
    const auto printed = test::Cupsd::read_file(cupsd.output_files()[0]);
    REQUIRE(printed.size() > 1000);
    CHECK(std::string(printed.begin(), printed.begin() + 5) == "%PDF-");

    SystemClock clock;
    auto outbox = Outbox::open(dir.path() + "/data/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto row = (*outbox)->find(reference);
    REQUIRE(row);
    REQUIRE(*row);
    CHECK((*row)->state == DeliveryState::Delivered);
    CHECK((*row)->server_id == received[0]["service_request_id"].get<std::string>());

    CHECK(std::filesystem::file_size(dir.path() + "/ticket.png") > 10000);
}

TEST_CASE("Without a server the request stays queued and the simulated printer writes a PNG ticket",
          "[e2e][antrian]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-en\ntap ANTRIAN\ntap next\ntap desk_service=KONSULTASI\n"
                                            "tap next\ntap submit\nwait-for A-001 10000\n"
                                            "wait-for Please take your ticket 10000\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    SystemClock clock;
    auto outbox = Outbox::open(dir.path() + "/data/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto counts = *(*outbox)->counts();
    CHECK(counts.queued == 1);
    CHECK(counts.delivered == 0);
    int pngs = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir.path() + "/data/tickets"))
        pngs += f.path().extension() == ".png";
    CHECK(pngs == 1);
}

TEST_CASE("Numbers continue across kiosk restarts on the same data directory", "[e2e][antrian]") {
    test::TempDir dir;
    const std::string take = "tap start\ntap lang-id\ntap ANTRIAN\ntap next\ntap desk_service=LAPOR\ntap next\ntap submit\n";
    REQUIRE(test::run_kiosk_script(dir.path(), take + "wait-for A-001 10000\n", {"--data-dir", "d"}).exit_code == 0);
    const auto second = test::run_kiosk_script(dir.path(), take + "wait-for A-002 10000\n", {"--data-dir", "d"});
    INFO(second.log);
    CHECK(second.exit_code == 0);
}

namespace {

// The words pdftotext reads from a printed PDF job, whitespace folded into single spaces; "" without pdftotext.
std::string printed_words(const std::string& job_file, const std::string& dir) {
    if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) return "";
    const std::string text = dir + "/job.txt";
    if (std::system(("pdftotext '" + job_file + "' '" + text + "'").c_str()) != 0) return "";
    std::ifstream in(text);
    std::string words, word;
    while (in >> word) words += (words.empty() ? "" : " ") + word;
    return words;
}

}  // namespace

TEST_CASE("A queue number takes two taps after the language and the ticket says how many were taken before",
          "[e2e][antrian]") {
    test::Open311Peer peer;
    test::Cupsd cupsd;
    cupsd.add_queue("ticket");
    test::TempDir dir;
    // Home warns of a printer fault only while there is one.
    const std::string take = "tap start\ntap lang-en\nexpect-not Tickets cannot be printed now\ntap ANTRIAN\n"
                             "tap desk_service=";
    const std::string leave = "wait-for Please take your ticket 15000\ntap done\nexpect Thank you\ntap done\n";
    const std::string script =
        take + "LAPOR\nwait-for A-001 10000\nexpect Desk service: SP4N-LAPOR! complaint\n"
               "expect Yours is the first number taken today for this service.\n" + leave +
        take + "PPID\nwait-for A-002 10000\nexpect Yours is the first number taken today for this service.\n" + leave +
        take + "LAPOR\nwait-for A-003 10000\n"
               "expect 1 number for this service was taken today before yours (it may already have been served).\n"
               "screenshot " + std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/queue-ticket-en.png\n" + leave;
    const auto run = test::run_kiosk_script(dir.path(), script,
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url(),
                                             "--printer", "cups:ticket", "--lang", "en"});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);

    const auto received = peer.received();
    REQUIRE(received.size() == 3);
    const std::vector<std::string> desks{"LAPOR", "PPID", "LAPOR"};
    for (std::size_t i = 0; i < received.size(); ++i) {
        const auto& params = received[i]["params"];
        CHECK(params["service_code"] == "ANTRIAN");
        CHECK(params["attribute[desk_service]"] == desks[i]);
        CHECK_FALSE(params.contains("attribute[full_name]"));  // nothing personal, so no consent either
        CHECK_FALSE(params.contains("attribute[consent_at]"));
    }

    REQUIRE(cupsd.wait_for_output_files(3, std::chrono::seconds(10)));
    auto jobs = cupsd.output_files();
    std::sort(jobs.begin(), jobs.end());
    const std::string words = printed_words(jobs.back(), dir.path());
    if (words.empty()) {
        WARN("pdftotext (poppler-utils) is not installed: the printed text is not checked");
        return;
    }
    CHECK_THAT(words, Catch::Contains("A-003"));
    CHECK_THAT(words, Catch::Contains("Desk service: SP4N-LAPOR! complaint"));
    CHECK_THAT(words, Catch::Contains("1 number for this service was taken today before yours"));
}

TEST_CASE("Out of paper: the ticket screen names the fault, asks before leaving, and home warns the next visitor",
          "[e2e][antrian]") {
    test::Cupsd cupsd;
    cupsd.add_queue("ticket", "paper_out");
    test::TempDir dir;
    const std::string shots = std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/paper-out/";  // to look at
    std::filesystem::create_directories(shots);
    const std::string script =
        "tap start\ntap lang-id\ntap ANTRIAN\ntap desk_service=PPID\nwait-for A-001 10000\n"
        "wait-for Tiket tidak dapat dicetak: kertas habis. 20000\n"
        "expect-not printer siap\n"
        "screenshot " + shots + "failed.png\n"
        "tap done\n"
        "expect Catat nomor Anda A-001 sebelum pergi\n"
        "screenshot " + shots + "leave.png\n"
        "tap back\n"
        "expect-not Catat nomor Anda A-001 sebelum pergi\n"
        "expect A-001\n"
        "tap done\ntap done\nexpect Terima kasih\ntap done\n"
        "tap start\ntap lang-id\n"
        "wait-for Perhatian: kertas habis. Tiket belum dapat dicetak 5000\n"
        "screenshot " + shots + "home.png\n";
    const auto run = test::run_kiosk_script(dir.path(), script,
                                            {"--data-dir", dir.path() + "/data", "--printer", "cups:ticket"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("In reach with large text on a short landscape screen the ticket shows its number, what to do and its "
          "reference without scrolling",
          "[e2e][antrian]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nwindow_width = 1280\nwindow_height = 720\nscreen_dpi = 96\n"
                                                 "[office]\nhours = sun-sat 00:00-24:00\n";
    const bool id = language == "id";
    const std::string script = "tap start\ntap large-text\ntap reach\ntap lang-" + language +
                               "\ntap ANTRIAN\ntap desk_service=PPID\nwait-for A-001 10000\n"
                               "wait-for " + (id ? "Silakan ambil tiket" : "Please take your ticket") + " 10000\n" +
                               "expect " + (id ? "Referensi: KTM-MPP-01-" : "Reference: KTM-MPP-01-") + "\n" +
                               "expect " + (id ? "Layanan loket: Permohonan informasi (PPID)"
                                               : "Desk service: Information request (PPID)") + "\n";
    const auto run = test::run_kiosk_script(dir.path(), script,
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}
