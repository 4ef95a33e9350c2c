// Every visitor journey, scripted by touch in both languages, checked at the Open311 peer attribute by attribute.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kiosk/core/clock.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

namespace {

// Runs `journey` after choosing `language`, expects one request at the peer and returns its parameters.
nlohmann::json run_journey(const std::string& language, const std::string& journey, const std::string& finish) {
    test::Open311Peer peer;
    test::TempDir dir;
    const std::string script = "tap start\ntap lang-" + language + "\n" + journey + finish +
                               "screenshot " + dir.path() + "/last.png\n";
    const auto run = test::run_kiosk_script(dir.path(), script,
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url()}, 120);
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const auto& params = received[0]["params"];
    CHECK(received[0]["idempotency_key"] == params["attribute[kiosk_reference]"]);
    CHECK(params["device_id"] == "KTM-MPP-01");
    return params;
}

}  // namespace

TEST_CASE("A LAPOR complaint reaches the server with every attribute, the name split and the phone normalised",
          "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const auto p = run_journey(language, test::journey_script("lapor_journey.txt", language), "wait-for L-001 10000\n");
    CHECK(p["service_code"] == "LAPOR");
    CHECK(p["first_name"] == "Siti");
    CHECK(p["last_name"] == "Nur'aini");
    CHECK(p["phone"] == "+6281234567890");
    CHECK(p["description"] == "Jalan berlubang sejak Oktober");
    CHECK(p["attribute[kind]"] == "pengaduan");
    CHECK(p["attribute[title]"] == "Jalan rusak");
    CHECK(p["attribute[incident_date]"] == "2026-11-15");
    CHECK(p["attribute[incident_location]"] == "Jl Tidar Sampit");
    CHECK(p["attribute[agency]"] == "dpupr");
    CHECK(p["attribute[category]"] == "infrastruktur");
    CHECK(p["attribute[anonymous]"] == "no");
    CHECK(p["attribute[confidential]"] == "no");
    CHECK(p["attribute[nik]"] == "6202015205900001");
    CHECK(p["attribute[phone]"] == "+6281234567890");
    CHECK(p["attribute[consent_at]"].get<std::string>().size() == 25);
    CHECK_FALSE(p.contains("attribute[email]"));
}

TEST_CASE("A PPID request on behalf of another reaches the server and the ticket shows the answer deadline",
          "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string deadline = language == "id" ? "Batas waktu jawaban" : "Answer deadline";
    const auto p = run_journey(language, test::journey_script("ppid_journey.txt", language),
                               "wait-for P-001 10000\nexpect " + deadline + "\n");
    CHECK(p["service_code"] == "PPID");
    CHECK(p["first_name"] == "Ahmad");
    CHECK(p["last_name"] == "Fauzi");
    CHECK(p["phone"] == "+6281298765432");
    CHECK(p["description"] == "Anggaran jalan 2026");
    CHECK(p["attribute[address]"] == "Jl Pelita 7 Sampit");
    CHECK(p["attribute[occupation]"] == "Guru");
    CHECK(p["attribute[purpose]"] == "Penelitian");
    CHECK(p["attribute[obtain_how]"] == "softcopy,read");
    CHECK(p["attribute[receive_how]"] == "email");
    CHECK(p["attribute[email]"] == "ahmad.fauzi@example.id");
    CHECK(p["attribute[on_behalf]"] == "yes");
    CHECK(p["attribute[principal_name]"] == "Yayasan Maju");
    CHECK(p.contains("attribute[consent_at]"));
}

TEST_CASE("A negative-content report reaches the server with the URL completed to https", "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const auto p =
        run_journey(language, test::journey_script("aduan_konten_journey.txt", language), "wait-for K-001 10000\n");
    CHECK(p["service_code"] == "ADUAN_KONTEN");
    CHECK(p["attribute[url]"] == "https://hoaks.example/berita");
    CHECK(p["attribute[platform]"] == "website");
    CHECK(p["attribute[category]"] == "hoax");
    CHECK(p["description"] == "Berita palsu tentang banjir");
    CHECK(p["last_name"] == "Budi");
    CHECK(p["phone"] == "+6285312345678");
}

TEST_CASE("A queue number with a name reaches the server with the name split", "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const auto p = run_journey(language,
                               "tap ANTRIAN\ntap next\ntap desk_service=KONSULTASI\ntap full_name\n"
                               "type Ni Made Ayu\ntap key:enter\ntap next\ntap consent\ntap next\ntap submit\n",
                               "wait-for A-001 10000\n");
    CHECK(p["service_code"] == "ANTRIAN");
    CHECK(p["attribute[desk_service]"] == "KONSULTASI");
    CHECK(p["first_name"] == "Ni Made");
    CHECK(p["last_name"] == "Ayu");
    CHECK(p["description"] == "Antrean A-001 untuk layanan KONSULTASI");
    CHECK(p.contains("attribute[consent_at]"));
}

TEST_CASE("Calling an officer sends a BANTUAN request and confirms it on screen", "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string sent = language == "id" ? "Petugas sudah dipanggil" : "An officer has been called";
    const auto p = run_journey(language, "tap call-officer\n", "wait-for " + sent + " 10000\n");
    CHECK(p["service_code"] == "BANTUAN");
    CHECK_THAT(p["attribute[kiosk_reference]"].get<std::string>(), Contains("-B-001"));
    CHECK(p["address_string"] == "MPP Habaring Hurung, Jl. Jend. Sudirman, Sampit");
}

TEST_CASE("Without a server, calling an officer says the call was not sent and sends the visitor to the desk",
          "[e2e][journey]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string not_sent = language == "id" ? "Panggilan belum terkirim" : "Your call has not been sent";
    const std::string called = language == "id" ? "Petugas sudah dipanggil" : "An officer has been called";
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-" + language + "\ntap call-officer\nwait-for " +
                                                not_sent + " 10000\nwait 1000\nexpect-not " + called + "\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("An invalid NIK stops the form with a plain message next to the field", "[e2e][journey]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-en\ntap PPID\ntap next\ntap full_name\ntype Ani\n"
                                            "tap key:enter\ntap nik\ntype 620201120385000\ntap key:enter\ntap next\n"
                                            "expect 16 digits\nexpect Full name\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("Scanning a printed ticket's QR code shows that ticket's status", "[e2e][scan]") {
    set_process_timezone("Asia/Jakarta");
    const std::string reference =
        "KTM-MPP-01-" + yyyymmdd(to_local(std::chrono::system_clock::now())) + "-A-001";
    test::TempDir dir;
    const std::string script = "tap start\ntap lang-en\ntap ANTRIAN\ntap next\ntap desk_service=PPID\ntap next\n"
                               "tap submit\nwait-for A-001 10000\ntap done\ntap done\n"
                               "scan https://lapor.kotimkab.go.id/tiket/" + reference + "\n"
                               "wait-for Ticket status 10000\nexpect A-001\nexpect Saved on the kiosk\n";
    // After "done" the kiosk is back on the attract screen in its default language, here English.
    const auto run = test::run_kiosk_script(dir.path(), script, {"--data-dir", dir.path() + "/data", "--lang", "en"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("Scanned control characters are refused on screen and never echoed in the log", "[e2e][scan]") {
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-en\nscan rm -rf /\\x1b[2J\\r\n"
                                            "wait-for cannot be read safely 3000\nwait 2100\n"
                                            "scan hello world\nwait-for not recognised 3000\n"
                                            "scan ANJ-TECH1:budi:1900000000:AAAA\nwait-for card refused 3000\n",
                                            {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, !Contains("rm -rf"));
    CHECK_THAT(run.log, !Contains("hello world"));
}

TEST_CASE("Check my ticket by today's short number shows the server's status, the officer's note and reprints",
          "[e2e][status]") {
    test::Open311Peer peer;
    test::TempDir dir;
    const std::vector<std::string> options{"--data-dir", dir.path() + "/data", "--server", peer.base_url()};
    const auto take = test::run_kiosk_script(dir.path(),
                                             "tap start\ntap lang-id\ntap ANTRIAN\ntap desk_service=KONSULTASI\n"
                                             "wait-for A-001 10000\nwait-for Silakan ambil tiket 10000\n",
                                             options);
    INFO(take.log);
    REQUIRE(take.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    const std::string server_id = received[0]["service_request_id"];
    peer.set_status(server_id, "closed", "Sudah dilayani di loket 2 (Jl. Ahmad Yani No. 5/12)");

    const auto check = test::run_kiosk_script(
        dir.path(),
        "tap start\ntap lang-id\ntap check-ticket\ntype A001\ntap next\nwait-for Status tiket 10000\n"
        "expect Status di server: selesai\n"
        "expect Catatan petugas: Sudah dilayani di loket 2 (Jl. Ahmad Yani No. 5/12)\n"
        "expect Nomor permintaan di server: " + server_id + "\n"
        "screenshot " + std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/ticket-status-id.png\n"
        "tap reprint\nwait-for Silakan ambil tiket 10000\n",
        {"--data-dir", dir.path() + "/data", "--server", peer.base_url(), "--printer", "sim:" + dir.path() + "/again"});
    INFO(check.log);
    CHECK(check.exit_code == 0);
    std::vector<std::string> reprinted;
    for (const auto& f : std::filesystem::directory_iterator(dir.path() + "/again"))
        if (f.path().extension() == ".png") reprinted.push_back(f.path().filename());
    REQUIRE(reprinted.size() == 1);
    CHECK_THAT(reprinted[0], Contains("-A-001-"));
}

TEST_CASE("A request the kiosk is posting when it stops cleanly reaches the server before it exits", "[e2e][journey]") {
    test::Open311Peer peer;
    peer.set_fault("hang", 1, 1, 1000);  // the server takes a second to answer
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(),
                                            "tap start\ntap lang-id\ntap ANTRIAN\ntap desk_service=PPID\n"
                                            "wait-for A-001 10000\n",  // the script ends, and the kiosk with it
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url()}, 60);
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.log, !Contains("cancelled"));
    const auto list = test::run_kioskctl(dir.path(), {"--data-dir", dir.path() + "/data", "outbox", "list"});
    INFO(list.all());
    CHECK_THAT(list.all(), Contains("delivered"));
    CHECK(peer.ledger()["requests"] == 1);
}
