// What people really write, typed key by key on the on-screen keyboard (pages and shift included), checked where
// it arrives: at the Open311 peer, and on screen as typed.
#include <catch2/catch.hpp>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;

namespace {

const std::string kChronology =
    "Pada 17-11-2026 pukul 09:30 petugas loket 3 berkata: \"Bayar dulu!\" (tanpa kuitansi). Apa ini sah? "
    "Saya menolak; uang 50% di muka tidak ada di tarif resmi.";
const std::string kAddress = "Jl. Ahmad Yani No. 5/12";
const std::string kDecree = "SK 188.45/123/2024";
const std::string kEmail = "siti.nur-aini+lapor_2026@mail.example.id";
const std::string kLink = "https://www.tiktok.com/@akun_hoaks/video/7301?q=banjir%20sampit&lang=id#top~1";

struct Delivered {
    nlohmann::json params;
    std::string log;
};

// Plays `journey` in Indonesian against a fresh peer and returns the one request the peer received.
Delivered deliver(const std::string& journey, const std::string& number) {
    test::Open311Peer peer;
    test::TempDir dir;
    const std::string script = "tap start\ntap lang-id\n" + journey + "wait-for " + number + " 10000\n";
    const auto run = test::run_kiosk_script(dir.path(), script,
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url()}, 180);
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);
    return {received[0]["params"], run.log};
}

test::KioskRun run_offline(const std::string& script) {
    test::TempDir dir;
    return test::run_kiosk_script(dir.path(), script, {"--data-dir", dir.path() + "/data"}, 120);
}

}  // namespace

TEST_CASE("A complaint with a chronology, an address, a local date and an e-mail arrives exactly as typed",
          "[e2e][keyboard]") {
    const auto p = deliver("tap LAPOR\ntap next\ntap kind=aspirasi\ntap title\ntype Pungutan liar di kelurahan\n"
                           "tap key:enter\ntap chronology\ntype " + kChronology + "\nexpect " + kChronology + "\n"
                           "tap key:enter\ntap next\ntap incident_date\ntype 16-11-2026\ntap key:enter\n"
                           "tap incident_location\ntype " + kAddress + "\ntap key:enter\ntap agency=dukcapil\n"
                           // Back on the page after it was checked, the date reads as it was typed, not as stored.
                           "tap next\ntap back\nexpect 16-11-2026\nexpect-not 2026-11-16\ntap next\n"
                           "tap category=pelayanan_publik\ntap anonymous=no\ntap next\ntap confidential=no\n"
                           "tap full_name\ntype Siti Nur'aini\ntap key:enter\ntap nik\ntype 6202015205900001\n"
                           "tap key:enter\ntap next\ntap phone\ntype 0812-3456-7890\ntap key:enter\n"
                           "tap email\ntype " + kEmail + "\ntap key:enter\ntap next\ntap consent\ntap next\n"
                           // The review, too, shows the date as typed.
                           "expect 16-11-2026\nexpect-not 2026-11-16\ntap submit\n",
                           "L-001");
    CHECK(p.params["description"] == kChronology);
    CHECK(p.params["attribute[incident_location]"] == kAddress);
    CHECK(p.params["attribute[incident_date]"] == "2026-11-16");  // the wire keeps ISO
    CHECK(p.params["email"] == kEmail);
    CHECK(p.params["last_name"] == "Nur'aini");
}

TEST_CASE("A PPID request with a decree number and an address with a slash arrives exactly as typed",
          "[e2e][keyboard]") {
    const auto p = deliver("tap PPID\ntap next\ntap full_name\ntype Ahmad Fauzi\ntap key:enter\ntap nik\n"
                           "type 6202011203850002\ntap key:enter\ntap org_decree_no\ntype " + kDecree + "\n"
                           "tap key:enter\ntap next\ntap address\ntype " + kAddress + "\ntap key:enter\n"
                           "tap phone\ntype 081298765432\ntap key:enter\ntap email\ntype " + kEmail + "\n"
                           "tap key:enter\ntap next\ntap occupation\ntype Guru\ntap key:enter\ntap information\n"
                           "type Anggaran (APBD) 2026: berapa?\ntap key:enter\ntap next\ntap purpose\n"
                           "type Penelitian\ntap key:enter\ntap next\ntap obtain_how=softcopy\n"
                           "tap receive_how=email\ntap next\ntap on_behalf=no\ntap next\ntap consent\ntap next\n"
                           "tap submit\n",
                           "P-001");
    CHECK(p.params["attribute[org_decree_no]"] == kDecree);
    CHECK(p.params["attribute[address]"] == kAddress);
    CHECK(p.params["email"] == kEmail);
    CHECK(p.params["description"] == "Anggaran (APBD) 2026: berapa?");
}

TEST_CASE("A social-media link with @ _ - ? = & % # ~ arrives exactly as typed", "[e2e][keyboard]") {
    const auto p = deliver("tap ADUAN_KONTEN\ntap next\ntap url\ntype " + kLink + "\nexpect " + kLink + "\n"
                           "tap key:enter\ntap platform=tiktok\ntap next\ntap category=hoax\ntap next\n"
                           "tap description\ntype Video hoaks banjir!\ntap key:enter\ntap full_name\ntype Budi\n"
                           "tap key:enter\ntap phone\ntype 085312345678\ntap key:enter\ntap next\ntap consent\n"
                           "tap next\ntap submit\n",
                           "K-001");
    CHECK(p.params["attribute[url]"] == kLink);
}

TEST_CASE("Typing a character no page of the keyboard has fails and names it", "[e2e][keyboard]") {
    const auto on_letters = run_offline("tap start\ntap lang-id\ntap ANTRIAN\ntap next\ntap full_name\n"
                                        "type Ani^\n");
    CHECK(on_letters.exit_code == 1);
    CHECK_THAT(on_letters.log, Contains("line 6: type Ani^: no on-screen key for '^'"));
    const auto on_digits = run_offline("tap start\ntap lang-id\ntap PPID\ntap next\ntap nik\ntype 6202/01\n");
    CHECK(on_digits.exit_code == 1);
    CHECK_THAT(on_digits.log, Contains("line 6: type 6202/01: no on-screen key for '/'"));
}

TEST_CASE("The keyboard switches to symbols and back with its page keys, and shift types one capital",
          "[e2e][keyboard]") {
    const auto run = run_offline("tap start\ntap lang-en\ntap ANTRIAN\ntap next\ntap full_name\n"
                                 "expect key:symbols\nexpect-not key:/\ntap key:symbols\nexpect key:/\n"
                                 "expect key:letters\nexpect-not key:q\ntap key:letters\nexpect key:q\n"
                                 "tap key:shift\ntap key:A\ntap key:b\nexpect Ab\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("Near the length limit a counter shows what is left, and at the limit a plain message",
          "[e2e][keyboard]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const bool id = language == "id";
    // The queue's name field holds 100 characters: 79 typed show nothing, 80 show the counter, 100 the limit.
    const std::string seventy_nine(79, 'a');
    const auto run = run_offline("tap start\ntap lang-" + language + "\ntap ANTRIAN\ntap next\ntap full_name\n"
                                 "type " + seventy_nine + "\nexpect-not " + (id ? "Sisa" : "characters left") + "\n"
                                 "type b\nexpect " + (id ? "Sisa 20 karakter" : "20 characters left") + "\n"
                                 "type " + std::string(20, 'c') + "\n"
                                 "expect " + (id ? "Batas 100 karakter sudah tercapai." :
                                                   "You have reached the limit of 100 characters.") + "\n"
                                 "tap key:d\nexpect-not ccd\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
}
