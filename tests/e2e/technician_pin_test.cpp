// Technician mode's second way in, on the real kiosk: holding the hidden corner opens the PIN pad (a tap there is
// the visitor's), the right PIN opens technician mode (audited, the visitor's answers wiped), wrong PINs lock the pad
// out across a restart, and the pad leaves by itself.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "kiosk/maintenance/technician_access.h"
#include "tests/support/kiosk_fixture.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kPin = "482916";

struct Size {
    int width, height;
};

struct PinKiosk {
    test::TempDir dir;

    explicit PinKiosk(const std::string& config = "", bool with_pin = true) {
        std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n" << config;
        mkdir(data().c_str(), 0700);
        if (!with_pin) return;
        const auto set = test::run_kioskctl_with_input(dir.path(), std::string(kPin) + "\n" + kPin + "\n",
                                                       {"--data-dir", data(), "technician", "set-pin"});
        INFO(set.all());
        REQUIRE(set.exit_code == 0);
    }
    std::string data() const { return dir.path() + "/data"; }
    test::KioskRun run(const std::string& script, const std::vector<std::string>& extra = {},
                       const std::map<std::string, std::string>& env = {}) const {
        std::vector<std::string> args{"--config", dir.path() + "/kiosk.conf", "--data-dir", data()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_kiosk_script(dir.path(), script, args, 90, env);
    }
    std::string audit() const { return test::run_kioskctl(dir.path(), {"--data-dir", data(), "audit", "50"}).all(); }
};

// Holds the corner as long as the default technician.corner_hold_ms (3 s) and a little more.
const std::string kOpenPad = "hold tech-corner 3300\nwait-for key:enter 3000\n";

// `pin` typed on the pad and entered, then the answer containing `answer` waited for.
std::string enter_pin(const std::string& pin, const std::string& answer) {
    return "type " + pin + "\ntap key:enter\nwait-for " + answer + " 10000\n";
}

}  // namespace

TEST_CASE("A tap on the hidden corner does nothing of its own: it reaches the control below, or nothing",
          "[e2e][technician][pin]") {
    PinKiosk kiosk;
    // On the attract screen the whole screen is "touch to start", the corner too; on the home screen nothing is
    // under the corner and the tap does nothing.
    const auto run = kiosk.run("expect tech-corner\ntap tech-corner\nwait-for lang-id 3000\ntap lang-id\n"
                               "expect tech-corner\ntap tech-corner\nwait 800\n"
                               "expect-not key:enter\nexpect-not Masukkan PIN teknisi\nexpect LAPOR\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, !Contains("PIN pad opened"));
}

TEST_CASE("A hold shorter than technician.corner_hold_ms does not open the PIN pad, a longer one does",
          "[e2e][technician][pin]") {
    SECTION("the default, 3 s") {
        PinKiosk kiosk;
        const auto run = kiosk.run("tap start\ntap lang-id\nhold tech-corner 2500\nwait 500\nexpect-not key:enter\n"
                                   "expect LAPOR\n" + kOpenPad + "expect Masukkan PIN teknisi\n");
        INFO(run.log);
        CHECK(run.exit_code == 0);
    }
    SECTION("configured to 1.5 s") {
        PinKiosk kiosk("[technician]\ncorner_hold_ms = 1500\n");
        const auto run = kiosk.run("tap start\ntap lang-id\nhold tech-corner 1200\nwait 500\nexpect-not key:enter\n"
                                   "hold tech-corner 1800\nwait-for key:enter 3000\n");
        INFO(run.log);
        CHECK(run.exit_code == 0);
    }
}

TEST_CASE("Holding the hidden corner and typing the right PIN opens technician mode, audited as PIN",
          "[e2e][technician][pin]") {
    PinKiosk kiosk;
    const auto run = kiosk.run("tap start\ntap lang-id\n" + kOpenPad +
                               "expect Masukkan PIN teknisi\nexpect tech-pin-cancel\n"
                               "type 4829\nexpect \u2022 \u2022 \u2022 \u2022\nexpect-not 4829\n"
                               "tap key:backspace\ntap key:backspace\nexpect-not \u2022 \u2022 \u2022\n"
                               "type 2916\nexpect \u2022 \u2022 \u2022 \u2022 \u2022 \u2022\n"
                               "tap key:enter\nwait-for tech-leave 10000\n"
                               "expect Mode teknisi: status perangkat\nexpect Dibuka oleh: PIN\n"
                               "expect-not tech-corner\nexpect-not key:enter\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician mode opened by PIN"));
    CHECK_THAT(run.log, !Contains(kPin));
    const auto audit = kiosk.audit();
    INFO(audit);
    CHECK_THAT(audit, Contains("PIN              enter (PIN)"));
    CHECK_THAT(audit, Contains("ok"));
    CHECK_THAT(audit, !Contains(kPin));
}

TEST_CASE("The PIN pad never shows the visitor's answers: cancel goes back to them, and a right PIN wipes them",
          "[e2e][technician][pin]") {
    PinKiosk kiosk;
    const std::string typed = "Jl. Ahmad Yani No. 5/12";
    const auto run = kiosk.run("tap start\ntap lang-en\ntap LAPOR\ntap next\ntap title\ntype " + typed + "\n" +
                               "expect " + typed + "\n" + kOpenPad + "expect-not " + typed + "\n" +
                               enter_pin("1111", "PIN salah") + "tap tech-pin-cancel\n"
                               // Cancel: the visitor's form as it was (scrolled to its top, as on coming back to it).
                               "tap title\nexpect " + typed + "\n" +
                               kOpenPad + enter_pin(kPin, "tech-leave") + "expect-not " + typed + "\n"
                               "tap tech-leave\nexpect start\ntap start\ntap lang-en\ntap LAPOR\ntap next\n"
                               "expect title\nexpect-not " + typed + "\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician PIN refused: wrong"));
    CHECK_THAT(run.log, Contains("technician mode opened by PIN"));
}

TEST_CASE("Five wrong PINs lock PIN entry: the keys are off, and the right PIN is refused until the lockout ends, "
          "also after a restart", "[e2e][technician][pin]") {
    PinKiosk kiosk;
    const std::string wait = "wait 2100\n";  // TechnicianAccess takes no PIN sooner after a wrong one
    const auto locked = kiosk.run(
        "tap start\ntap lang-id\n" + kOpenPad + enter_pin("1111", "Anda masih bisa mencoba 4 kali lagi") + wait +
        enter_pin("2222", "Anda masih bisa mencoba 3 kali lagi") + wait +
        enter_pin("3333", "Anda masih bisa mencoba 2 kali lagi") + wait +
        enter_pin("4444", "Jika salah sekali lagi, PIN akan dikunci") + wait +
        enter_pin("5555", "Terlalu banyak PIN salah, jadi PIN dikunci. Coba lagi pukul") +
        // The keys are off while locked: the right PIN cannot even be typed.
        "type " + kPin + "\nexpect-not \u2022\ntap key:enter\nwait 1500\nexpect-not tech-leave\n"
        "expect Coba lagi pukul\n"
        // Leaving the pad and coming back does not end the lockout.
        "tap tech-pin-cancel\nwait-for LAPOR 3000\n" + kOpenPad + "expect Coba lagi pukul\n");
    INFO(locked.log);
    CHECK(locked.exit_code == 0);
    CHECK_THAT(locked.log, Contains("technician PIN refused: locked out"));

    const auto restarted = kiosk.run("tap start\ntap lang-en\n" + kOpenPad +
                                     enter_pin(kPin, "PIN entry is locked. Try again at") +
                                     "wait 1000\nexpect-not tech-leave\n",
                                     {"--lang", "en"});
    INFO(restarted.log);
    CHECK(restarted.exit_code == 0);
    CHECK_THAT(restarted.log, !Contains("technician mode opened"));
    const auto audit = kiosk.audit();
    INFO(audit);
    CHECK_THAT(audit, Contains("lockout"));
    CHECK_THAT(audit, Contains("locked for 5 min after 5 wrong PINs"));
    CHECK_THAT(audit, Contains("refused: locked out"));
    CHECK_THAT(audit, Contains("refused: wrong PIN"));
}

TEST_CASE("A kiosk without a technician PIN says so on the pad", "[e2e][technician][pin]") {
    PinKiosk kiosk("", false);
    const std::string no_pin = "No technician PIN is set on this kiosk. Please use a technician card.";
    const auto run = kiosk.run("tap start\ntap lang-en\n" + kOpenPad + enter_pin("1234", no_pin) +
                                   "expect-not tech-leave\n",
                               {"--lang", "en"});
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(kiosk.audit(), Contains("refused: no usable PIN file"));
}

TEST_CASE("The PIN pad leaves by itself after technician.idle_timeout_s without a touch", "[e2e][technician][pin]") {
    PinKiosk kiosk;
    const auto run = kiosk.run(kOpenPad + "idle 119\nwait 300\nexpect key:enter\nidle 2\nwait 300\n"
                               "expect-not key:enter\nexpect start\n");
    INFO(run.log);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.log, Contains("technician PIN pad left by itself"));
}

TEST_CASE("The PIN pad passes the layout check at every size and in both languages, empty, typed, wrong and locked",
          "[e2e][layout][technician][pin]") {
    const Size size = GENERATE(Size{1024, 768}, Size{1280, 720}, Size{1920, 1080}, Size{1080, 1920});
    const std::string language = GENERATE(as<std::string>{}, "id", "en");
    const std::string name = std::to_string(size.width) + "x" + std::to_string(size.height) + "-" + language;
    PinKiosk kiosk("[technician]\ncorner_hold_ms = 1000\n[ui]\nwindow_width = " + std::to_string(size.width) +
                   "\nwindow_height = " + std::to_string(size.height) + "\nscreen_dpi = 96\n");
    // Two wrong PINs from an hour ago: the next is wrong with 2 tries left, then one left, then the lockout.
    {
        Config config = default_config();
        config.data_dir = kiosk.data();
        ManualClock an_hour_ago(std::chrono::system_clock::now() - std::chrono::hours(1));
        auto access = maintenance::TechnicianAccess::open(config, an_hour_ago);
        REQUIRE(access);
        for (int i = 0; i < 2; ++i) {
            REQUIRE(access->enter_with_pin("0000")->outcome == maintenance::PinVerdict::Outcome::Wrong);
            an_hour_ago.advance(std::chrono::seconds(10));
        }
    }
    const std::string shots = TEST_BINARY_DIR "/tests/e2e/screens/pin-pad-" + name;
    const std::string wrong = language == "id" ? "Anda masih bisa mencoba 2 kali lagi" : "You can try 2 more times";
    const std::string last = language == "id" ? "Jika salah sekali lagi" : "One more wrong PIN";
    const std::string locked = language == "id" ? "Coba lagi pukul" : "Try again at";
    const auto run = kiosk.run("tap start\ntap lang-" + language +
                               "\nhold tech-corner 1300\nwait-for key:enter 3000\nwait 200\n"
                               "screenshot " + shots + "-1-empty.png\n"
                               "type 7391\nscreenshot " + shots + "-2-typed.png\n"
                               "tap key:enter\nwait-for " + wrong + " 10000\nscreenshot " + shots + "-3-wrong.png\n"
                               "wait 2100\n" + enter_pin("5555", last) + "wait 2100\n" + enter_pin("6666", locked) +
                               "screenshot " + shots + "-4-locked.png\n",
                               {"--lang", language}, {{"ANJUNGAN_LAYOUT_CHECK", "1"}});
    INFO(name << "\n" << run.log);
    CHECK(run.exit_code == 0);
}
