// The PPID form's legal rules, end to end: no identity or no contact gets no ticket; a complete request does.
#include <catch2/catch.hpp>

#include <map>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

struct Texts {
    std::string one_of, required_when, scan_question, review_title, step_one, obtain_label;
};

const std::map<std::string, Texts> kTexts = {
    {"id", {"salah satu wajib diisi", "Wajib diisi karena Anda memilih", "Buka tiket yang dipindai?",
            "Periksa kembali", "Langkah 1 dari", "Cara memperoleh informasi"}},
    {"en", {"at least one of them is needed", "Needed because you chose", "Open the scanned ticket?",
            "Check your answers", "Step 1 of", "How to obtain the information"}}};

std::string script(const std::string& language) {
    const Texts& t = kTexts.at(language);
    return "tap start\ntap lang-" + language + "\ntap PPID\ntap next\n"
           "tap full_name\ntype Ahmad Fauzi\ntap key:enter\ntap next\n"
           // Neither NIK nor decree number: the page says so and keeps the visitor, however often they tap.
           "expect " + t.one_of + "\nexpect " + t.step_one + "\ntap next\ntap next\nexpect " + t.step_one + "\n"
           "tap org_decree_no\ntype AHU 0012345\ntap key:enter\ntap next\n"
           "tap address\ntype Jl Pelita 7 Sampit\ntap key:enter\ntap next\n"
           // Neither phone nor e-mail.
           "expect " + t.one_of + "\n"
           // A ticket scanned now asks first; keeping the form keeps every answer.
           "scan https://lapor.kotimkab.go.id/tiket/KTM-MPP-01-20261129-P-009\n"
           "wait-for " + t.scan_question + " 3000\ntap keep-filling\nexpect Jl Pelita 7 Sampit\n"
           "tap phone\ntype 081298765432\ntap key:enter\ntap next\n"
           "tap occupation\ntype Guru\ntap key:enter\ntap information\ntype Anggaran jalan 2026\ntap key:enter\n"
           "tap next\ntap purpose\ntype Penelitian\ntap key:enter\ntap next\n"
           "tap obtain_how=read\ntap receive_how=email\ntap next\n"
           // By e-mail needs the address, asked two pages before: back there, then on from where the visitor was.
           // The e-mail field, low on its page, is scrolled into view with its message; the page it returns to opens
           // at its top.
           "expect " + t.required_when + "\ntap email\ntype ahmad.fauzi@example.id\ntap key:enter\ntap next\n"
           "expect " + t.obtain_label + "\ntap next\ntap on_behalf=no\ntap next\ntap consent\ntap next\nexpect " + t.review_title + "\n"
           "expect-not P-001\n"
           // Changing the first page from the review returns to the review.
           "tap edit-1\ntap next\nexpect " + t.review_title + "\ntap submit\nwait-for P-001 10000\n";
}

}  // namespace

TEST_CASE("A PPID request without identity or contact gets no ticket, a complete one does", "[e2e][journey][rules]") {
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    test::Open311Peer peer;
    test::TempDir dir;
    const auto run = test::run_kiosk_script(dir.path(), script(language),
                                            {"--data-dir", dir.path() + "/data", "--server", peer.base_url()}, 120);
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 1);  // nothing was sent while identity or contact was missing
    const auto& p = received[0]["params"];
    CHECK(p["service_code"] == "PPID");
    CHECK(p["attribute[org_decree_no]"] == "AHU 0012345");
    CHECK_FALSE(p.contains("attribute[nik]"));
    CHECK(p["attribute[phone]"] == "+6281298765432");
    CHECK(p["attribute[email]"] == "ahmad.fauzi@example.id");
    CHECK(p["attribute[receive_how]"] == "email");
    CHECK(p["attribute[address]"] == "Jl Pelita 7 Sampit");
    CHECK_FALSE(p.contains("attribute[principal_name]"));
}

TEST_CASE("Each form page opens at its top, whatever the previous page was scrolled to", "[e2e][journey][rules]") {
    test::TempDir dir;
    // Typing the place scrolls the second page down to that field; the first page, taller than the screen, must
    // still open at its first label, and so must the third.
    const auto run = test::run_kiosk_script(
        dir.path(),
        "tap start\ntap lang-en\ntap LAPOR\ntap next\ntap kind=aspirasi\ntap title\ntype Taman kota\ntap key:enter\n"
        "tap chronology\ntype Perlu lampu\ntap key:enter\ntap next\ntap incident_date\ntype 15-11-2026\n"
        "tap key:enter\ntap incident_location\ntype Jl Tidar Sampit\ntap key:enter\ntap agency=dpupr\n"
        "expect-not Date of the incident\ntap back\nexpect Step 1 of\nexpect Type of report\ntap next\n"
        "tap incident_location\ntap key:enter\ntap next\nexpect Step 3 of\nexpect Category\n",
        {"--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}
