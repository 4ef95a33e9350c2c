// Technician mode on the kiosk: a scanned card opens it (the visitor's session wiped first), the status screen
// shows the device's facts, and it leaves on request or by itself; revoked cards are refused; entries are audited.
#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"
#include "tests/support/technician_card.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

struct TechnicianKiosk {
    test::TempDir dir;
    test::TestSigner signer;

    TechnicianKiosk() {
        std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[technician]\n"
                                                  << "card_public_key = " << signer.public_key_base64() << "\n"
                                                  << "revoked_cards = tech.lost-07\n";
    }
    std::string card(const std::string& id) const { return signer.card(id, std::time(nullptr) + 3600); }
    test::KioskRun run(const std::string& script) const {
        return test::run_kiosk_script(dir.path(), script,
                                      {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"});
    }
};

}  // namespace

TEST_CASE("A technician card opens technician mode over a visit, shows the status and leaves to the start",
          "[e2e][technician]") {
    TechnicianKiosk kiosk;
    const auto run = kiosk.run("tap start\ntap lang-en\ntap LAPOR\ntap next\ntap title\ntype Jalan rusak\n"
                               "scan " + kiosk.card("tech.budi-01") + "\n"
                               "wait-for tech-leave 5000\n"
                               "expect Mode teknisi: status perangkat\n"
                               "expect Dibuka oleh: tech.budi-01\n"
                               "wait-for Kotak keluar 10000\n"
                               "expect Perangkat lunak\nexpect Menunggu dikirim\nscreenshot " + kiosk.dir.path() + "/tech.png\n"
                               "expect-not Jalan rusak\n"  // nothing of the visitor's
                               "tap tech-leave\n"
                               "expect start\n"
                               "tap start\ntap lang-en\ntap LAPOR\ntap next\nexpect-not Jalan rusak\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician mode opened by card tech.budi-01"));
    CHECK_THAT(run.log, Contains("technician mode left"));
    const auto audit = test::run_kioskctl(kiosk.dir.path(), {"--data-dir", kiosk.dir.path() + "/data", "audit"});
    INFO(audit.all());
    CHECK_THAT(audit.all(), Contains("tech.budi-01"));
}

TEST_CASE("A revoked technician card is refused and the visitor's screen stays", "[e2e][technician]") {
    TechnicianKiosk kiosk;
    const auto run = kiosk.run("tap start\ntap lang-en\nscan " + kiosk.card("tech.lost-07") +
                               "\nwait 1500\nexpect-not tech-leave\nexpect LAPOR\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician card refused"));
}

TEST_CASE("Technician mode leaves by itself after its idle timeout", "[e2e][technician]") {
    TechnicianKiosk kiosk;
    const auto run = kiosk.run("scan " + kiosk.card("tech.budi-01") +
                               "\nwait-for tech-leave 5000\nidle 119\nwait 300\nexpect tech-leave\n"
                               "idle 2\nwait 300\nexpect-not tech-leave\nexpect start\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician mode left by itself"));
}
