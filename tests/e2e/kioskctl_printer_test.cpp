// kioskctl printer setup and status as a technician runs them, against a real private cupsd.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/cupsd_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

test::KioskctlRun kioskctl(const test::TempDir& dir, const std::vector<std::string>& args) {
    return test::run_kioskctl(dir.path(), args);
}

// A kiosk.conf with the given [devices] lines.
std::string write_config(const test::TempDir& dir, const std::string& devices) {
    const std::string path = dir.path() + "/kiosk.conf";
    std::ofstream(path) << "[devices]\n" << devices;
    return path;
}

}  // namespace

TEST_CASE("kioskctl printer setup makes the configured queue once and printer status shows it", "[e2e][kioskctl]") {
    test::Cupsd cupsd;  // sets CUPS_SERVER, which kioskctl inherits
    test::TempDir dir;
    const std::string config =
        write_config(dir, "printer = cups:ticket\nprinter_format = escpos\nprinter_uri = anjtest:/ticket\n");

    const auto created = kioskctl(dir, {"--config", config, "printer", "setup"});
    INFO(created.out + created.err + cupsd.error_log_tail());
    CHECK(created.exit_code == 0);
    CHECK(created.out == "ticket queue \"ticket\": created, anjtest:/ticket (raw, escpos)\n");

    const auto again = kioskctl(dir, {"--config", config, "printer", "setup"});
    CHECK(again.exit_code == 0);
    CHECK(again.out == "ticket queue \"ticket\": unchanged, anjtest:/ticket (raw, escpos)\n");

    const auto status = kioskctl(dir, {"--config", config, "printer", "status"});
    INFO(status.out + status.err);
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.out, Contains("state:       idle, accepting jobs"));
    CHECK_THAT(status.out, Contains("device:      anjtest:/ticket"));
    CHECK_THAT(status.out, Contains("driver:      Local Raw Printer"));
    CHECK_THAT(status.out, Contains("kiosk sees:  ready"));
}

TEST_CASE("kioskctl printer setup fails with the reason on stderr when cupsd is down", "[e2e][kioskctl]") {
    test::Cupsd cupsd;
    cupsd.stop();
    test::TempDir dir;
    const std::string config =
        write_config(dir, "printer = cups:ticket\nprinter_format = escpos\nprinter_uri = anjtest:/ticket\n");
    const auto setup = kioskctl(dir, {"--config", config, "printer", "setup"});
    CHECK(setup.exit_code == 1);
    CHECK(setup.out.empty());
    CHECK_THAT(setup.err, Contains("printer setup failed: print server (cupsd)"));
    const auto status = kioskctl(dir, {"--config", config, "printer", "status"});
    CHECK(status.exit_code == 1);
    CHECK_THAT(status.err, Contains("unreachable"));
}

TEST_CASE("kioskctl printer setup has nothing to do for a simulated printer and refuses a malformed URI",
          "[e2e][kioskctl]") {
    test::TempDir dir;
    const auto sim = kioskctl(dir, {"--config", write_config(dir, "printer = sim:" + dir.path() + "\n"), "printer",
                                    "setup"});
    CHECK(sim.exit_code == 0);
    CHECK_THAT(sim.out, Contains("is simulated: no CUPS queue to set up"));

    const auto malformed = kioskctl(
        dir, {"--config", write_config(dir, "printer_uri = socket://192.168.1.50 9100\n"), "printer", "setup"});
    CHECK(malformed.exit_code == 2);
    CHECK_THAT(malformed.err, Contains("kiosk.conf:2: key 'devices.printer_uri': expected a CUPS device URI"));

    CHECK(kioskctl(dir, {"printer", "frobnicate"}).exit_code == 2);
}

TEST_CASE("kioskctl printer test prints an ESC/POS test ticket through the queue and waits until it is done",
          "[e2e][kioskctl]") {
    test::Cupsd cupsd;
    test::TempDir dir;
    const std::string config =
        write_config(dir, "printer = cups:ticket\nprinter_format = escpos\nprinter_uri = anjtest:/ticket\n");
    REQUIRE(kioskctl(dir, {"--config", config, "printer", "setup"}).exit_code == 0);

    const auto printed = kioskctl(dir, {"--config", config, "printer", "test"});
    INFO(printed.out + printed.err + cupsd.error_log_tail());
    CHECK(printed.exit_code == 0);
    CHECK_THAT(printed.out, Contains("test ticket printed on cups:ticket"));
    REQUIRE(cupsd.output_files().size() == 1);
    const auto bytes = test::Cupsd::read_file(cupsd.output_files()[0]);
    REQUIRE(bytes.size() > 1000);  // a raster ticket, not an empty job
    CHECK(bytes[0] == 0x1b);       // ESC @: the printer is reset first
    CHECK(bytes[1] == '@');
    const std::vector<unsigned char> cut = {0x1d, 'V'};
    CHECK(std::search(bytes.begin(), bytes.end(), cut.begin(), cut.end()) != bytes.end());
}

TEST_CASE("kioskctl printer test fails with the reason when the printer is out of paper", "[e2e][kioskctl]") {
    test::Cupsd cupsd;
    test::TempDir dir;
    const std::string config =
        write_config(dir, "printer = cups:ticket\nprinter_format = escpos\nprinter_uri = anjtest:/ticket\n");
    REQUIRE(kioskctl(dir, {"--config", config, "printer", "setup"}).exit_code == 0);
    cupsd.set_backend_mode("paper_out");

    const auto failed = kioskctl(dir, {"--config", config, "printer", "test"});
    INFO(failed.out + failed.err);
    CHECK(failed.exit_code == 1);
    CHECK(failed.out.empty());
    CHECK_THAT(failed.err, Contains("kioskctl: test print failed"));
    CHECK_THAT(failed.err, Contains("paper out"));
    CHECK(cupsd.output_files().empty());
}

TEST_CASE("kioskctl printer test with a simulated printer writes the test ticket as a picture", "[e2e][kioskctl]") {
    test::TempDir dir;
    const std::string tickets = dir.path() + "/tickets";
    const auto printed =
        kioskctl(dir, {"--config", write_config(dir, "printer = sim:" + tickets + "\n"), "printer", "test"});
    INFO(printed.out + printed.err);
    CHECK(printed.exit_code == 0);
    bool found = false;
    for (const auto& entry : std::filesystem::directory_iterator(tickets))
        found = found || entry.path().filename().string().find("-TEST-") != std::string::npos;
    CHECK(found);
}
