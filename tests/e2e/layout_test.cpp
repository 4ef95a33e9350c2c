// The layout check over every screen and overlay: each size, orientation, language and accessibility mode.
#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"
#include "tests/support/technician_card.h"
#include "tests/support/technician_kiosk.h"

using Catch::Matchers::Contains;

using namespace anjungan;

namespace {

// The tour (tests/e2e/scripts/layout_tour.txt) for one language, with the accessibility toggles of `modes`
// tapped at the start of each visit and no screenshots.
std::string tour_script(const std::string& language, const std::vector<std::string>& modes) {
    const std::string tour = test::journey_script("layout_tour.txt", language);
    std::string taps;
    for (const auto& m : modes) taps += "tap " + m + "\n";
    std::string script;
    size_t start = 0;
    while (start < tour.size()) {
        const size_t end = std::min(tour.find('\n', start), tour.size());
        std::string line = tour.substr(start, end - start);
        start = end + 1;
        if (line.rfind("%SHOT%", 0) == 0) continue;
        if (line == "%MODES%") {
            script += taps;
            continue;
        }
        script += line + "\n";
    }
    return script;
}

struct Size {
    int width, height;
};

}  // namespace

TEST_CASE("No screen has overlapping, cut-off or too small controls at any size, language or accessibility mode",
          "[e2e][layout]") {
    const Size size = GENERATE(Size{1024, 768}, Size{1280, 720}, Size{1920, 1080}, Size{1080, 1920});
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    // High contrast changes only colours: it rides along with large text, the mode that changes sizes.
    const std::vector<std::string> modes = GENERATE(
        std::vector<std::string>{}, std::vector<std::string>{"large-text", "high-contrast"},
        std::vector<std::string>{"reach"}, std::vector<std::string>{"large-text", "high-contrast", "reach"});
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nwindow_width = " << size.width
                                              << "\nwindow_height = " << size.height
                                              << "\nscreen_dpi = 96\n[office]\nhours = sun-sat 00:00-24:00\n";
    const auto run = test::run_kiosk_script(dir.path(), tour_script(language, modes),
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"},
                                            120, {{"ANJUNGAN_LAYOUT_CHECK", "1"}});
    INFO(size.width << "x" << size.height << " " << language << " modes: " << modes.size());
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

namespace {

// Walks every technician page (tests/e2e/scripts/technician_tour.txt) at `size` under the layout check.
void check_technician_pages(Size size, const std::string& language, bool large) {
    test::TempDir dir;
    test::TestSigner signer;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nwindow_width = " << size.width
                                              << "\nwindow_height = " << size.height << "\nlanguage = " << language
                                              << "\nscreen_dpi = 96\n[technician]\ncard_public_key = "
                                              << signer.public_key_base64() << "\n";
    // Each page with its messages (tests/e2e/scripts/technician_tour.txt), saved to look at in
    // <build>/tests/e2e/screens/technician/<width>x<height>-<language>[-large]/.
    const std::string out = std::string(TEST_BINARY_DIR) + "/tests/e2e/screens/technician/" +
                            std::to_string(size.width) + "x" + std::to_string(size.height) + "-" + language +
                            (large ? "-large" : "");
    // Screenshots (software GL, slow) in the two shapes the README shows; the other sizes are checked only.
    const bool keep_shots = (size.width == 1280 && size.height == 720) || (size.width == 1080 && size.height == 1920);
    if (keep_shots) std::filesystem::create_directories(out);
    std::string script = test::journey_script(
        "technician_tour.txt", language,
        {{"CARD", signer.card("tech.budi-01", std::time(nullptr) + 3600)},
         {"LARGE", large ? "tap tech-settings\ntap tech-text-large\ntap tech-back" : ""}});
    std::string shots;
    std::istringstream lines(script);
    int shot = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("%SHOT% ", 0) == 0 && !keep_shots) continue;
        if (line.rfind("%SHOT% ", 0) == 0) {
            char name[16];
            std::snprintf(name, sizeof name, "%02d-", ++shot);
            line = "screenshot " + out + "/" + name + line.substr(7) + ".png";
        }
        shots += line + "\n";
    }
    const auto run = test::run_kiosk_script(dir.path(), shots,
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"},
                                            90, {{"ANJUNGAN_LAYOUT_CHECK", "1"}});
    INFO(size.width << "x" << size.height << " " << language << (large ? " large text" : ""));
    INFO(run.log);
    CHECK(run.exit_code == 0);
    if (keep_shots) CHECK(std::filesystem::exists(out + "/11-tech-reboot-simulated.png"));
}

}  // namespace

// One case a size, so that each stays within the test timeout.
TEST_CASE("Every technician page passes the layout check in 1024x768, in both languages and in large text",
          "[e2e][layout][technician]") {
    check_technician_pages({1024, 768}, GENERATE(as<std::string>{}, "id", "en"), GENERATE(false, true));
}
TEST_CASE("Every technician page passes the layout check in 1280x720, in both languages and in large text",
          "[e2e][layout][technician]") {
    check_technician_pages({1280, 720}, GENERATE(as<std::string>{}, "id", "en"), GENERATE(false, true));
}
TEST_CASE("Every technician page passes the layout check in 1920x1080, in both languages and in large text",
          "[e2e][layout][technician]") {
    check_technician_pages({1920, 1080}, GENERATE(as<std::string>{}, "id", "en"), GENERATE(false, true));
}
TEST_CASE("Every technician page passes the layout check in 1080x1920, in both languages and in large text",
          "[e2e][layout][technician]") {
    check_technician_pages({1080, 1920}, GENERATE(as<std::string>{}, "id", "en"), GENERATE(false, true));
}

TEST_CASE("The technician update page passes the layout check: listing, progress, outcome, at every size and in both "
          "languages", "[e2e][layout][technician]") {
    const Size size = GENERATE(Size{1024, 768}, Size{1280, 720}, Size{1920, 1080}, Size{1080, 1920});
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    test::TechnicianKiosk kiosk("[ui]\nwindow_width = " + std::to_string(size.width) + "\nwindow_height = " +
                                std::to_string(size.height) + "\nlanguage = " + language + "\nscreen_dpi = 96\n");
    kiosk.put_bundle("anjungan-kiosk-x86_64-0.3.0-with-a-long-name.raucb", "0.3.0", "anjungan-kiosk-x86_64",
                     R"("step_ms": 400)");
    kiosk.put_bundle("anjungan-0.2.9.raucb", "0.2.9", "anjungan-kiosk-x86_64", R"("fail_at_percent": 40)");
    kiosk.put_bundle("acme-7.0.raucb", "7.0", "acme-signage-arm64");
    kiosk.put_bundle("tampered.raucb", "0.3.0", "anjungan-kiosk-x86_64",
                     R"("bad_signature": "signature verification failed: Verify error:unable to get local issuer certificate")");
    // The notice of the accepted card goes first: it covers the top of the page for a few seconds.
    const auto run = kiosk.run("scan " + kiosk.card("tech.budi-01") + "\nwait-for tech-update 5000\nwait 5500\n"
                               "tap tech-update\nwait-for tech-install-2 5000\nexpect tech-leave\n"
                               "tap tech-install-2\nwait-for tech-update-progress 3000\nexpect tech-update-progress\n"
                               "wait-for tech-restart 10000\nexpect tech-leave\ntap tech-restart\nwait-for tech-back 5000\n"
                               "tap tech-back\nwait-for tech-update 3000\ntap tech-update\nwait-for tech-install 5000\n"
                               "tap tech-install\nwait-for tech-back 10000\nexpect tech-leave\n",
                               {{"ANJUNGAN_LAYOUT_CHECK", "1"}});
    INFO(size.width << "x" << size.height << " " << language);
    INFO(run.log);
    CHECK(run.exit_code == 0);
}

TEST_CASE("The layout check fails a screen whose controls overlap", "[e2e][layout]") {
    // 320x240 is far below what the kiosk supports: the check must say so rather than pass.
    test::TempDir dir;
    std::ofstream(dir.path() + "/kiosk.conf") << "[ui]\nwindow_width = 320\nwindow_height = 240\nscreen_dpi = 96\n";
    const auto run = test::run_kiosk_script(dir.path(), "tap start\ntap lang-id\n",
                                            {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"},
                                            60, {{"ANJUNGAN_LAYOUT_CHECK", "1"}});
    INFO(run.log);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.log, Contains("layout before line"));
}
