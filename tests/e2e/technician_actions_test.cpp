// Technician mode's actions on the real kiosk, driven by scripts: test print, retry delivery, reprint (typed and
// scanned), recent log, settings kept across a restart, and a (simulated) reboot; each audited as kioskctl's are.
#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/core/outbox.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"
#include "tests/support/technician_card.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kTechnician = "tech.budi-01";

struct ActionsKiosk {
    test::TempDir dir;
    test::TestSigner signer;

    explicit ActionsKiosk(const std::string& extra_config = "") {
        std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[technician]\n"
                                                  << "card_public_key = " << signer.public_key_base64() << "\n"
                                                  << extra_config;
    }
    std::string data() const { return dir.path() + "/data"; }
    // Opens technician mode by card and waits for the status facts.
    std::string enter() const {
        return "scan " + signer.card(kTechnician, std::time(nullptr) + 3600) +
               "\nwait-for tech-leave 5000\nwait-for Menunggu dikirim 10000\n";
    }
    test::KioskRun run(const std::string& script, std::vector<std::string> extra = {},
                       const std::map<std::string, std::string>& env = {}) const {
        std::vector<std::string> args = {"--config", dir.path() + "/kiosk.conf", "--data-dir", data()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_kiosk_script(dir.path(), script, args, 60, env);
    }
    std::string audit() const {
        const auto run = test::run_kioskctl(dir.path(), {"--data-dir", data(), "audit"});
        INFO(run.all());
        CHECK(run.exit_code == 0);
        return run.out;
    }
    // The simulated printer's files whose name starts with `prefix` (the ticket's reference).
    int printed(const std::string& prefix) const {
        int count = 0;
        if (!std::filesystem::exists(data() + "/tickets")) return 0;
        for (const auto& f : std::filesystem::directory_iterator(data() + "/tickets"))
            count += f.path().filename().string().rfind(prefix, 0) == 0 && f.path().extension() == ".png";
        return count;
    }
    std::string settings_file() const {
        std::ifstream in(data() + "/settings.conf");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

const char* kTakeQueueNumber = "tap start\ntap lang-id\ntap ANTRIAN\ntap next\ntap desk_service=PPID\ntap next\n"
                               "tap submit\nwait-for A-001 10000\nwait-for Silakan ambil tiket 15000\n"
                               "tap done\ntap done\nexpect start\n";

// The audit line of `what` by the technician with `outcome`, as `kioskctl audit` prints it.
bool audited(const std::string& audit, const std::string& what, const std::string& outcome = "ok") {
    std::istringstream lines(audit);
    for (std::string line; std::getline(lines, line);)
        if (line.find(kTechnician) != std::string::npos && line.find("  " + what + "  ") != std::string::npos &&
            line.find("  " + outcome) != std::string::npos)
            return true;
    return false;
}

}  // namespace

TEST_CASE("A technician's test print comes out of the kiosk's printer and the screen says so once printed",
          "[e2e][technician]") {
    ActionsKiosk kiosk;
    const auto run = kiosk.run(kiosk.enter() + "tap tech-test-print\nwait-for Tiket uji tercetak 10000\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK(kiosk.printed("KTM-MPP-01-TEST") == 1);
    CHECK(audited(kiosk.audit(), "test print"));
}

TEST_CASE("A test print the printer cannot print says so, and never that it was printed", "[e2e][technician]") {
    ActionsKiosk kiosk;
    std::ofstream(kiosk.dir.path() + "/not-a-folder") << "x";  // the simulated printer cannot write under a file
    const auto run = kiosk.run(kiosk.enter() + "tap tech-test-print\nwait-for Tiket uji tidak tercetak 10000\n"
                                               "expect-not Tiket uji tercetak.\n",
                               {"--printer", "sim:" + kiosk.dir.path() + "/not-a-folder/tickets"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK(audited(kiosk.audit(), "test print", "failed"));
}

TEST_CASE("Retry delivers a request that waited for the server as soon as the server answers again",
          "[e2e][technician]") {
    ActionsKiosk kiosk("[server]\nallow_insecure = true\n");
    // First the server cannot be reached: a retry says how many requests it tries, and they stay waiting.
    const auto offline = kiosk.run(std::string(kTakeQueueNumber) + kiosk.enter() +
                                       "wait-for 1 (queued 1, sending 0) 10000\ntap tech-retry\n"
                                       "wait-for 1 permintaan yang menunggu sedang dikirim 10000\n"
                                       "wait 1500\nexpect 1 (queued 1, sending 0)\nexpect-not Terkirim: 1\n",
                                   {"--server", "http://127.0.0.1:9"});
    INFO(offline.log);
    REQUIRE(offline.exit_code == 0);
    // Then the server is up but first asks to wait an hour (429, Retry-After): only the technician's retry sends it.
    test::Open311Peer peer;
    peer.set_fault("status_429", 1, 3600);
    const auto online = kiosk.run(kiosk.enter() + "wait 2000\nexpect 1 (queued 1, sending 0)\ntap tech-retry\n"
                                                  "wait-for 1 permintaan yang menunggu sedang dikirim 10000\n"
                                                  "wait-for 0 (queued 0, sending 0) 10000\n",
                                  {"--server", peer.base_url()});
    INFO(online.log);
    CHECK(online.exit_code == 0);
    const auto received = peer.received();
    REQUIRE(received.size() == 2);
    CHECK(received[0].contains("fault"));
    CHECK_FALSE(received[1].contains("fault"));
    CHECK(peer.ledger()["requests"] == 1);
    CHECK(audited(kiosk.audit(), "outbox retry"));
}

TEST_CASE("A ticket is reprinted by its typed or scanned reference with the same number and an unknown one is said",
          "[e2e][technician]") {
    ActionsKiosk kiosk;
    REQUIRE(kiosk.run(kTakeQueueNumber).exit_code == 0);
    SystemClock clock;
    auto outbox = Outbox::open_read_only(kiosk.data() + "/outbox.sqlite", clock);
    REQUIRE(outbox);
    const auto rows = (*outbox)->list(10);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    const std::string reference = rows->front().reference;
    outbox->reset();
    REQUIRE(kiosk.printed(reference) == 1);
    // The simulated printer names files by reference and job number, and a new run counts jobs from 1 again.
    std::filesystem::rename(kiosk.data() + "/tickets", kiosk.dir.path() + "/visitor-tickets");
    const auto run = kiosk.run(kiosk.enter() + "tap tech-reprint\ntype KTM-XXX-01\ntap tech-reprint-confirm\n"
                               "wait-for Tidak ada tiket KTM-XXX-01 di anjungan ini 10000\n"
                               "tap tech-back\ntap tech-reprint\ntype " + reference + "\nexpect " + reference +
                               "\ntap tech-reprint-confirm\nwait-for Tiket A-001 sudah dicetak ulang 10000\n"
                               "expect Nomor Antrean\n"
                               "tap tech-back\ntap tech-reprint\n"
                               "scan https://lapor.kotimkab.go.id/tiket/" + reference + "\n"
                               "wait-for " + reference + " 5000\nexpect tech-reprint-confirm\n"
                               "tap tech-reprint-confirm\nwait-for Tiket A-001 sudah dicetak ulang 10000\n"
                               "expect-not Status tiket\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK(kiosk.printed(reference) == 2);  // the typed and the scanned reprint
    const std::string audit = kiosk.audit();
    CHECK(audited(audit, "reprint " + reference));
    CHECK(audited(audit, "reprint KTM-XXX-01", "failed"));
}

TEST_CASE("The recent log is shown newest first without the visitor's data", "[e2e][technician]") {
    ActionsKiosk kiosk;
    const auto run = kiosk.run("tap start\ntap lang-en\ntap LAPOR\ntap next\ntap title\ntype Jalan Ahmad Yani 5/12\n" +
                               kiosk.enter() + "tap tech-logs\nwait-for technician mode opened by card 5000\n"
                               "expect ready: first frame\nexpect-not Jalan Ahmad Yani\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK(audited(kiosk.audit(), "logs"));
}

TEST_CASE("Settings changed on screen take effect at once, are kept in settings.conf and hold after a restart",
          "[e2e][technician]") {
    ActionsKiosk kiosk;
    const auto run = kiosk.run(kiosk.enter() + "tap tech-settings\n"
                               "tap tech-set-language-en\nwait-for Saved and in effect now: Default language en 10000\n"
                               "tap tech-set-idle-timeout-up\nwait-for Idle time 70 10000\nexpect 70 s\n"
                               "tap tech-set-volume-up\nwait-for Speech volume 80 10000\n"
                               "tap tech-set-volume-up\nwait-for Speech volume 90 10000\n"
                               "tap tech-set-volume-up\nwait-for Speech volume 100 10000\n"
                               "tap tech-set-volume-up\nwait-for Speech volume: 110 is not accepted. Allowed: 0 to 100 10000\n"
                               "tap tech-back\ntap tech-leave\nexpect Touch the screen to start\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    const std::string settings = kiosk.settings_file();
    CHECK_THAT(settings, Contains("language = en"));
    CHECK_THAT(settings, Contains("idle_timeout_s = 70"));
    CHECK_THAT(settings, Contains("volume = 100"));
    CHECK_THAT(settings, !Contains("110"));
    const std::string audit = kiosk.audit();
    CHECK(audited(audit, "settings ui.language=en"));
    CHECK(audited(audit, "settings ui.volume=110", "failed"));
    // After a restart: English on the attract screen, and "are you still there?" only after 70 s, not 60 s.
    const auto restarted = kiosk.run("expect Touch the screen to start\ntap start\ntap lang-en\nidle 65\nwait 300\n"
                                     "expect-not Are you still there\nidle 6\nwait-for Are you still there 3000\n");
    INFO(restarted.log);
    CHECK(restarted.exit_code == 0);
}

TEST_CASE("A reboot is asked to confirm, then done through the reboot action: simulated here, never for real",
          "[e2e][technician]") {
    ActionsKiosk kiosk;
    const std::string marker = kiosk.dir.path() + "/systemctl-called";
    const std::string fake = kiosk.dir.path() + "/systemctl";
    std::ofstream(fake) << "#!/bin/sh\necho \"$@\" > " << marker << "\n";
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    const auto run = kiosk.run(kiosk.enter() + "tap tech-reboot\nexpect tech-reboot-confirm\ntap tech-back\n"
                                               "expect tech-test-print\ntap tech-reboot\ntap tech-reboot-confirm\n"
                                               "wait-for Mulai ulang disimulasikan 10000\n",
                               {}, {{"ANJUNGAN_SYSTEMCTL", fake}});
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("simulated reboot (devices.reboot = sim)"));
    CHECK_FALSE(std::filesystem::exists(marker));
    CHECK(audited(kiosk.audit(), "reboot"));
}
