// A kiosk whose data folder is not encrypted takes no forms with personal data (the queue still works) and says
// so to the visitor, on the technician status and in kioskctl status; an encrypted one, or an office's explicit
// choice, takes them.
#include <catch2/catch.hpp>

#include <fstream>

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
    test::KioskRun run(const std::string& script) const {
        return test::run_kiosk_script(dir.path(), script,
                                      {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"});
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
    const auto run = kiosk.run("tap start\ntap lang-id\nexpect Tidak tersedia di anjungan ini\ntap LAPOR\n"
                               "expect Layanan ini tidak tersedia di anjungan ini saat ini\nexpect-not consent\n"
                               "tap back\ntap PPID\nexpect Layanan ini tidak tersedia di anjungan ini saat ini\n"
                               "tap back\ntap ANTRIAN\ntap next\ntap desk_service=PPID\ntap next\ntap submit\n"
                               "wait-for A-001 10000\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("NOT ENCRYPTED"));
    const auto status = kiosk.status();
    INFO(status.all());
    CHECK_THAT(status.out, Contains("data protection") && Contains("NOT ENCRYPTED") && Contains("refused"));
}

TEST_CASE("An encrypted disk, or the office's explicit choice on a clear one, takes forms with personal data",
          "[e2e][data_protection]") {
    const std::string encryption = GENERATE(as<std::string>{}, "sim:encrypted", "sim:clear");
    const ProtectedKiosk kiosk(encryption, encryption == "sim:clear" ? "allow" : "refuse");
    const auto run = kiosk.run("tap start\ntap lang-en\nexpect-not Not available at this kiosk\ntap LAPOR\n"
                               "expect-not This service is not available at this kiosk now\ntap next\n"
                               "expect kind=aspirasi\n");
    INFO(encryption << "\n" << run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(kiosk.status().out, Contains(encryption == "sim:clear" ? "the office's choice" : "encrypted: simulated"));
}
