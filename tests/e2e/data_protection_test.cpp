// A kiosk whose data folder is not encrypted takes no forms with personal data (the queue still works) and says
// so to the visitor, on the technician status and in kioskctl status; an encrypted one, or an office's explicit
// choice, takes them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>

#include "tests/support/image_fixture.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

struct ProtectedKiosk {
    test::TempDir dir;

    ProtectedKiosk(const std::string& encryption, const std::string& policy) {
        std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[kiosk]\n"
                                                  << "unencrypted_personal_data = " << policy << "\n[devices]\n"
                                                  << "data_encryption = " << encryption << "\n";
    }
    test::KioskRun run(const std::string& script, const std::map<std::string, std::string>& env = {}) const {
        return test::run_kiosk_script(dir.path(), script,
                                      {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"},
                                      60, env);
    }
    test::KioskctlRun status() const {
        return test::run_kioskctl(dir.path(), {"--config", dir.path() + "/kiosk.conf", "--data-dir",
                                               dir.path() + "/data", "status"});
    }
};

}  // namespace

TEST_CASE("On a clear disk the forms with personal data are refused in plain words and the queue still works",
          "[e2e][data_protection]") {
    const ProtectedKiosk kiosk("sim:clear", "refuse");
    // The refusal leads to the queue in one tap; the queue does not offer to take the visitor's name either.
    const auto run = kiosk.run("tap start\ntap lang-id\nexpect Tidak tersedia saat ini\ntap LAPOR\n"
                               "expect Layanan ini tidak tersedia di anjungan ini saat ini\nexpect-not consent\n"
                               "tap back\ntap PPID\nexpect Layanan ini tidak tersedia di anjungan ini saat ini\n"
                               "tap take-queue\nexpect desk_service=PPID\nexpect-not Tambahkan nama saya\n"
                               "tap desk_service=PPID\nwait-for A-001 10000\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("NOT ENCRYPTED"));
    const auto status = kiosk.status();
    INFO(status.all());
    CHECK_THAT(status.out, Contains("data protection") && Contains("NOT ENCRYPTED") && Contains("refused"));
}

TEST_CASE("On a clear disk with the desk closed the kiosk says that nothing can be used now, not that forms can be sent",
          "[e2e][data_protection]") {
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = \"\"\n[kiosk]\nunencrypted_personal_data = refuse\n"
                                              << "[devices]\ndata_encryption = sim:clear\n";
    const auto run = test::run_kiosk_script(
        dir.path(),
        "expect-not SP4N-LAPOR!\nexpect-not Nomor Antrean\ntap start\ntap lang-en\ntap ANTRIAN\n"
        "expect No service can be used at this kiosk right now\nexpect-not can still be sent now\ntap back\n"
        "tap LAPOR\nexpect The desk is closed and opens again\nexpect-not take-queue\n",
        {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

// The tile's own colour: a few pixels below its top edge, in the middle, where no text is drawn.
static int tile_fill(const test::GrayImage& shot, const test::Control& tile) {
    return shot.pixels[static_cast<std::size_t>(tile.y + 6) * shot.width + tile.x + tile.w / 2];
}

TEST_CASE("On a clear disk the refused services' tiles look unlike the queue's tile that a visitor can use",
          "[e2e][data_protection]") {
    const ProtectedKiosk kiosk("sim:clear", "refuse");
    const std::string shot_file = kiosk.dir.path() + "/home.png", map = kiosk.dir.path() + "/controls";
    const auto run = kiosk.run("tap start\ntap lang-id\nwait 300\nscreenshot " + shot_file + "\n",
                               {{"ANJUNGAN_CONTROL_MAP", map}});
    INFO(run.log);
    REQUIRE(run.exit_code == 0);
    const auto shot = test::read_png_file(shot_file);
    const auto lapor = test::control_in(map, "LAPOR"), ppid = test::control_in(map, "PPID"),
               queue = test::control_in(map, "ANTRIAN"), call = test::control_in(map, "call-officer");
    REQUIRE(shot);
    REQUIRE((lapor && ppid && queue && call));
    CHECK(tile_fill(*shot, *lapor) == tile_fill(*shot, *ppid));
    CHECK(std::abs(tile_fill(*shot, *lapor) - tile_fill(*shot, *queue)) > 60);
    // as plain as "call an officer": a secondary button, not a service to choose
    CHECK(tile_fill(*shot, *lapor) == tile_fill(*shot, *call));
}

TEST_CASE("An encrypted disk, or the office's explicit choice on a clear one, takes forms with personal data",
          "[e2e][data_protection]") {
    const std::string encryption = GENERATE(as<std::string>{}, "sim:encrypted", "sim:clear");
    const ProtectedKiosk kiosk(encryption, encryption == "sim:clear" ? "allow" : "refuse");
    const auto run = kiosk.run("tap start\ntap lang-en\nexpect-not Not available now\ntap LAPOR\n"
                               "expect-not This service is not available at this kiosk now\ntap next\n"
                               "expect kind=aspirasi\n");
    INFO(encryption << "\n" << run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(kiosk.status().out, Contains(encryption == "sim:clear" ? "the office's choice" : "encrypted: simulated"));
}
