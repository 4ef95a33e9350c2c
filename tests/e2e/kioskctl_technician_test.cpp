// kioskctl's technician verbs as a technician uses them over SSH: PIN, settings, status facts, test print and
// reprint, logs, reboot, and the audit log that records them.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "kiosk/core/outbox.h"
#include "kiosk/maintenance/technician_access.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

std::string write_script(const std::string& path, const std::string& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body;
    chmod(path.c_str(), 0755);
    return path;
}

}  // namespace

TEST_CASE("kioskctl technician set-pin stores a PIN typed twice that the kiosk then accepts", "[e2e][kioskctl]") {
    test::TempDir dir;
    const auto set = test::run_kioskctl_with_input(dir.path(), "482916\n482916\n",
                                                   {"--data-dir", dir.path(), "technician", "set-pin"});
    INFO(set.all());
    CHECK(set.exit_code == 0);
    CHECK_THAT(set.out, Contains("technician PIN set (" + dir.path() + "/technician.pin"));
    struct stat st {};
    REQUIRE(stat((dir.path() + "/technician.pin").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    Config config = default_config();
    config.data_dir = dir.path();
    SystemClock clock;
    auto access = maintenance::TechnicianAccess::open(config, clock);
    REQUIRE(access);
    CHECK(access->enter_with_pin("482916")->outcome == maintenance::PinVerdict::Outcome::Accepted);

    const auto differ = test::run_kioskctl_with_input(dir.path(), "111111\n222222\n",
                                                      {"--data-dir", dir.path(), "technician", "set-pin"});
    CHECK(differ.exit_code == 1);
    CHECK_THAT(differ.err, Contains("the two PINs differ; nothing was changed"));
    const auto short_pin = test::run_kioskctl_with_input(dir.path(), "12\n12\n",
                                                         {"--data-dir", dir.path(), "technician", "set-pin"});
    CHECK(short_pin.exit_code == 1);
    CHECK_THAT(short_pin.err, Contains("4 to 12 digits"));
    CHECK(access->enter_with_pin("482916")->outcome == maintenance::PinVerdict::Outcome::Accepted);

    const auto audit = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "audit"});
    CHECK(audit.exit_code == 0);
    CHECK_THAT(audit.out, Contains("kioskctl         set PIN"));
    CHECK_THAT(audit.out, Contains("PIN              enter (PIN)"));
    CHECK_THAT(audit.out, !Contains("482916"));
}

TEST_CASE("kioskctl settings set keeps a validated setting that settings get shows over the configuration",
          "[e2e][kioskctl]") {
    test::TempDir dir;
    const auto set = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "settings", "set", "ui.volume", "85"});
    INFO(set.all());
    CHECK(set.exit_code == 0);
    const auto bad = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "settings", "set", "ui.volume", "loud"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Contains("key 'ui.volume': expected a whole number from 0 to 100, got 'loud'"));
    const auto get = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "settings", "get"});
    CHECK(get.exit_code == 0);
    CHECK_THAT(get.out, Contains("ui.volume            85     (set by a technician)"));
    CHECK_THAT(get.out, Contains("ui.language          id     (configuration)"));
    const auto audit = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "audit"});
    CHECK_THAT(audit.out, Contains("settings ui.volume=85"));
    CHECK_THAT(audit.out, Contains("failed: key 'ui.volume'"));
}

TEST_CASE("kioskctl status shows printer, scanner, network, server latency, disk, uptime and clock",
          "[e2e][kioskctl]") {
    test::TempDir dir;
    test::Open311Peer peer;
    SystemClock clock;
    REQUIRE(Outbox::open(dir.path() + "/outbox.sqlite", clock));
    std::ofstream(dir.path() + "/kiosk.conf") << "[devices]\nprinter = sim:" << dir.path() << "/tickets\nscanner = sim\n";
    const auto status = test::run_kioskctl(
        dir.path(), {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path(), "--server", peer.base_url(), "status"});
    INFO(status.all());
    CHECK(status.exit_code == 0);
    CHECK_THAT(status.out, Contains("printer:     sim:" + dir.path() + "/tickets: ready (simulated)"));
    CHECK_THAT(status.out, Contains("scanner:     sim, last read - (only the running kiosk knows)"));
    CHECK_THAT(status.out, Contains("network:     "));
    CHECK_THAT(status.out, Contains("server:      reachable (HTTP 200), answered in "));
    CHECK_THAT(status.out, Contains("disk:        "));
    CHECK_THAT(status.out, Contains(" free of "));
    CHECK_THAT(status.out, Contains("uptime:      "));
    CHECK_THAT(status.out, Contains("clock:       "));
}

TEST_CASE("kioskctl print test and reprint REF print on the configured printer and are audited", "[e2e][kioskctl]") {
    test::TempDir dir;
    SystemClock clock;
    std::string reference;
    {
        auto outbox = Outbox::open(dir.path() + "/outbox.sqlite", clock);
        REQUIRE(outbox);
        reference = (*outbox)->enqueue({"ANTRIAN", "A", {{"desk_service", "PPID"}}}, {"KTM-MPP-01", ""})->reference;
    }
    const std::string tickets = dir.path() + "/tickets";
    std::ofstream(dir.path() + "/kiosk.conf") << "[devices]\nprinter = sim:" << tickets << "\n";
    const std::vector<std::string> base = {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path()};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), base.begin(), base.end());
        return args;
    };
    const auto test_print = test::run_kioskctl(dir.path(), with({"print", "test"}));
    INFO(test_print.all());
    CHECK(test_print.exit_code == 0);
    const auto reprint = test::run_kioskctl(dir.path(), with({"reprint", reference}));
    INFO(reprint.all());
    CHECK(reprint.exit_code == 0);
    CHECK_THAT(reprint.out, Contains("(" + reference + ") printed on sim:"));
    CHECK(std::filesystem::exists(tickets));
    int reprinted = 0;
    for (const auto& entry : std::filesystem::directory_iterator(tickets))
        reprinted += entry.path().filename().string().rfind(reference + "-", 0) == 0;
    CHECK(reprinted == 1);
    const auto missing = test::run_kioskctl(dir.path(), with({"reprint", "KTM-MPP-01-NOPE"}));
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Contains("no ticket with reference KTM-MPP-01-NOPE"));
    const auto audit = test::run_kioskctl(dir.path(), with({"audit"}));
    CHECK_THAT(audit.out, Contains("test print"));
    CHECK_THAT(audit.out, Contains("reprint " + reference));
    CHECK_THAT(audit.out, Contains("failed: no ticket with reference"));
}

TEST_CASE("kioskctl logs shows the kiosk unit's journal and reboot asks systemd", "[e2e][kioskctl]") {
    test::TempDir dir;
    const std::map<std::string, std::string> env = {
        {"ANJUNGAN_JOURNALCTL", write_script(dir.path() + "/journalctl", "echo \"journal $*\"\n")},
        {"ANJUNGAN_SYSTEMCTL", write_script(dir.path() + "/systemctl", "echo \"$*\" > " + dir.path() + "/called\n")}};
    const auto logs = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "logs", "10"}, env);
    CHECK(logs.exit_code == 0);
    CHECK_THAT(logs.out, Contains("journal --unit anjungan-kiosk.service --lines 10"));
    const auto reboot = test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "reboot"}, env);
    CHECK(reboot.exit_code == 0);
    CHECK(test::read_text_file(dir.path() + "/called") == "reboot\n");
    CHECK_THAT(test::run_kioskctl(dir.path(), {"--data-dir", dir.path(), "audit"}).out, Contains("reboot"));
}
