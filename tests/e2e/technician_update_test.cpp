// The technician's update page on the real kiosk with the simulated RAUC: bundles on the stick listed and checked,
// a refused one without an install button, an install with its progress bar, success with a (simulated) restart,
// failures that leave the running slot untouched, a stick arriving or pulled while the page is open, the audit.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <future>
#include <sstream>
#include <thread>

#include "tests/support/fake_rauc.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/technician_kiosk.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

const std::string kEnglish = "[ui]\nlanguage = en\n";

// Opens technician mode with a card and its update page.
std::string open_update_page(const test::TechnicianKiosk& kiosk) {
    return "scan " + kiosk.card("tech.budi-01") + "\nwait-for tech-update 5000\ntap tech-update\n";
}

std::string audit(const test::TechnicianKiosk& kiosk) {
    const auto r = test::run_kioskctl(kiosk.dir.path(), {"--data-dir", kiosk.dir.path() + "/data", "audit"});
    return r.all();
}

// True when one line of `kioskctl audit` names `who`, `what` and an outcome that starts with `outcome`.
bool has_entry(const std::string& entries, const std::string& who, const std::string& what, const std::string& outcome) {
    std::istringstream lines(entries);
    for (std::string line; std::getline(lines, line);) {
        const auto at = line.find("  " + what + "  ");
        if (line.find("  " + who + " ") != std::string::npos && at != std::string::npos &&
            line.find_first_not_of(' ', at + what.size() + 2) == line.find(outcome, at + what.size() + 2))
            return true;
    }
    return false;
}

// Waits until the kiosk's script has saved `png` (the script's sign that it reached a point), at most 30 s.
bool wait_for_file(const std::string& png) {
    for (int i = 0; i < 300 && !std::filesystem::exists(png); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return std::filesystem::exists(png);
}

}  // namespace

TEST_CASE("A good bundle on the stick is installed with a progress bar, then the restart is offered and simulated",
          "[e2e][technician]") {
    test::TechnicianKiosk kiosk(kEnglish);
    kiosk.put_bundle("anjungan-0.3.0.raucb", "0.3.0", "anjungan-kiosk-x86_64", R"("step_ms": 700)");
    const auto run = kiosk.run(open_update_page(kiosk) +
                               "wait-for tech-install 5000\n"
                               "expect anjungan-0.3.0.raucb\n"
                               "expect Version 0.3.0 · for anjungan-kiosk-x86_64\n"
                               "expect This kiosk: anjungan-kiosk-x86_64, running from slot A\n"
                               "tap tech-install\n"
                               "wait-for tech-update-progress 3000\n"
                               "expect Installing anjungan-0.3.0.raucb (version 0.3.0) into slot B\n"
                               "expect-not tech-back\nexpect-not tech-leave\n"
                               "wait-for 40 % · RAUC step: Verifying signature 5000\n"
                               "expect tech-update-progress\n"
                               "idle 600\n"  // far past technician.idle_timeout_s: an install is never left
                               "wait-for 80 % · RAUC step: Copying image to rootfs.1 5000\n"
                               "wait-for tech-restart 10000\n"
                               "expect Installed version 0.3.0 into slot B. Restart the kiosk to use it.\n"
                               "expect-not tech-update-progress\n"
                               "tap tech-restart\n"
                               "wait-for Simulated restart 5000\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("update anjungan-0.3.0.raucb 0.3.0: ok: installed into slot B"));
    CHECK_THAT(run.log, Contains("simulated reboot (devices.reboot = sim)"));
    const std::string entries = audit(kiosk);
    INFO(entries);
    CHECK(has_entry(entries, "tech.budi-01", "update anjungan-0.3.0.raucb 0.3.0", "started"));
    CHECK(has_entry(entries, "tech.budi-01", "update anjungan-0.3.0.raucb 0.3.0", "ok: installed into slot B"));
    CHECK(has_entry(entries, "tech.budi-01", "restart into slot B", "requested"));
}

TEST_CASE("Bundles for another device or with a bad signature are refused with their reason and no install button",
          "[e2e][technician]") {
    test::TechnicianKiosk kiosk;  // in Bahasa Indonesia, the default
    kiosk.put_bundle("acme-7.0.raucb", "7.0", "acme-signage-arm64");
    kiosk.put_bundle("tampered.raucb", "0.3.0", "anjungan-kiosk-x86_64",
                     R"("bad_signature": "signature verification failed")");
    const auto run = kiosk.run(open_update_page(kiosk) +
                               "wait-for acme-7.0.raucb 5000\n"
                               "expect Versi 7.0 · untuk acme-signage-arm64\n"
                               "expect Ditolak: dibuat untuk perangkat lain (acme-signage-arm64; anjungan ini "
                               "anjungan-kiosk-x86_64). Tidak ada yang ditulis.\n"
                               "expect tampered.raucb\n"
                               "expect Ditolak: tanda tangannya tidak sah atau tidak dapat diperiksa (signature "
                               "verification failed). Tidak ada yang ditulis.\n"
                               "expect-not tech-install\nexpect-not tech-install-2\n"
                               "tap tech-back\nwait-for tech-leave 3000\nexpect Mode teknisi: status perangkat\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    const std::string entries = audit(kiosk);
    INFO(entries);
    CHECK(has_entry(entries, "tech.budi-01", "enter (card)", "ok"));
    CHECK_THAT(entries, !Contains("update"));  // nothing was installed, nothing was tried
}

TEST_CASE("An install that fails says why, that the running slot is untouched, and offers the way back",
          "[e2e][technician]") {
    test::TechnicianKiosk kiosk(kEnglish);
    kiosk.put_bundle("anjungan-0.3.0.raucb", "0.3.0", "anjungan-kiosk-x86_64", R"("fail_at_percent": 80)");
    kiosk.put_bundle("anjungan-0.3.1.raucb", "0.3.1");
    const auto run = kiosk.run(open_update_page(kiosk) +
                               "wait-for tech-install-2 5000\n"  // both installable: the first is the failing one
                               "tap tech-install\n"
                               "wait-for The update failed: Failed writing the image: No space left on device 10000\n"
                               "expect The running slot (A) is untouched; the kiosk keeps starting slot A.\n"
                               "expect-not tech-restart\n"
                               "tap tech-back\nwait-for tech-update 3000\n"
                               "tap tech-update\nwait-for tech-install-2 5000\n");  // the page lists afresh
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, !Contains("ok: installed"));
    const std::string entries = audit(kiosk);
    INFO(entries);
    CHECK(has_entry(entries, "tech.budi-01", "update anjungan-0.3.0.raucb 0.3.0",
                    "failed: Failed writing the image: No space left on device; running slot A untouched"));
}

TEST_CASE("The update page says what to do without a stick and lists a bundle that arrives while it is open",
          "[e2e][technician]") {
    test::TechnicianKiosk kiosk(kEnglish);
    const std::string waiting = kiosk.dir.path() + "/waiting.png";
    auto run = std::async(std::launch::async, [&] {
        return kiosk.run(open_update_page(kiosk) +
                         "wait-for No update bundle yet. Insert the USB stick holding the .raucb file 5000\n"
                         "expect Looking in: " + kiosk.stick + "\n"
                         "screenshot " + waiting + "\n"
                         "wait-for tech-install 10000\n"
                         "expect anjungan-0.4.0.raucb\n");
    });
    REQUIRE(wait_for_file(waiting));
    kiosk.put_bundle("anjungan-0.4.0.raucb", "0.4.0");
    const auto result = run.get();
    INFO(result.log);
    CHECK(result.exit_code == 0);
}

TEST_CASE("A stick pulled during an install fails it in plain words and the running slot stays", "[e2e][technician]") {
    test::TechnicianKiosk kiosk(kEnglish);
    const std::string bundle = kiosk.put_bundle("anjungan-0.3.0.raucb", "0.3.0", "anjungan-kiosk-x86_64", R"("step_ms": 800)");
    const std::string midway = kiosk.dir.path() + "/midway.png";
    auto run = std::async(std::launch::async, [&] {
        return kiosk.run(open_update_page(kiosk) + "wait-for tech-install 5000\ntap tech-install\n"
                         "wait-for 20 % 5000\nscreenshot " + midway + "\n"
                         "wait-for The update failed: the USB stick was pulled during the installation. 10000\n"
                         "expect The running slot (A) is untouched; the kiosk keeps starting slot A.\n"
                         "expect tech-back\n");
    });
    REQUIRE(wait_for_file(midway));
    std::filesystem::remove(bundle);
    const auto result = run.get();
    INFO(result.log);
    CHECK(result.exit_code == 0);
    CHECK(has_entry(audit(kiosk), "tech.budi-01", "update anjungan-0.3.0.raucb 0.3.0", "failed: Failed to read the bundle"));
}

TEST_CASE("With the rauc program the page lists through rauc info and shows the progress rauc install prints",
          "[e2e][technician]") {
    test::TechnicianKiosk kiosk(kEnglish + "[devices]\nrauc = rauc\n");
    test::FakeRauc rauc;
    kiosk.put_bundle("anjungan-1.2.3.raucb", "ignored by the fake rauc");
    kiosk.put_bundle("acme.raucb", "");
    kiosk.put_bundle("broken.raucb", "");
    auto env = rauc.env();
    env["FAKE_RAUC_STEP_S"] = "0.7";
    const auto run = kiosk.run(open_update_page(kiosk) +
                               "wait-for tech-install 8000\n"
                               "expect Version 1.2.3 · for anjungan-kiosk-x86_64\n"
                               "expect Refused: made for another device (acme-signage-arm64; this kiosk is "
                               "anjungan-kiosk-x86_64). Nothing is written.\n"
                               "expect Refused: its signature is not valid or cannot be checked (signature "
                               "verification failed: Verify error:unable to get local issuer certificate). Nothing is "
                               "written.\n"
                               "expect-not tech-install-2\n"
                               "tap tech-install\n"
                               "wait-for 20 % · RAUC step: Checking bundle 5000\n"
                               "wait-for 40 % · RAUC step: Verifying signature done. 5000\n"
                               "wait-for tech-restart 10000\n"
                               "expect Installed version 1.2.3 into slot B. Restart the kiosk to use it.\n",
                               env);
    INFO(run.log);
    INFO(rauc.calls());
    CHECK(run.exit_code == 0);
    CHECK_THAT(rauc.calls(), Contains("info --output-format=json " + kiosk.stick + "/broken.raucb"));
    CHECK_THAT(rauc.calls(), Contains("install " + kiosk.stick + "/anjungan-1.2.3.raucb"));
    CHECK_THAT(rauc.calls(), !Contains("install " + kiosk.stick + "/acme.raucb"));
}
