// A kiosk set up for technician mode in e2e tests: its own folder, a card key, cards, and a simulated USB stick
// (technician.update_dir is DATA_DIR/usb when run headless) holding simulated RAUC bundles.
#pragma once

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/kiosk_fixture.h"
#include "tests/support/process.h"
#include "tests/support/technician_card.h"

namespace anjungan::test {

struct TechnicianKiosk {
    TempDir dir;
    TestSigner signer;
    std::string stick = dir.path() + "/data/usb";

    // `extra_config` is added to the configuration file (e.g. "[ui]\nlanguage = en\n").
    explicit TechnicianKiosk(const std::string& extra_config = "") {
        std::ofstream(dir.path() + "/kiosk.conf") << "[office]\nhours = sun-sat 00:00-24:00\n[technician]\n"
                                                  << "card_public_key = " << signer.public_key_base64() << "\n"
                                                  << extra_config;
        std::filesystem::create_directories(stick);
    }
    std::string card(const std::string& id) const { return signer.card(id, std::time(nullptr) + 3600); }
    KioskRun run(const std::string& script, const std::map<std::string, std::string>& env = {}) const {
        return run_kiosk_script(dir.path(), script,
                                {"--config", dir.path() + "/kiosk.conf", "--data-dir", dir.path() + "/data"}, 60, env);
    }
    // A bundle on the stick as the simulated RAUC reads it: a JSON description (see SimulatedRauc), e.g.
    // R"("fail_at_percent": 80)" or R"("bad_signature": "signature verification failed")" as `extra`.
    std::string put_bundle(const std::string& name, const std::string& version,
                           const std::string& compatible = "anjungan-kiosk-x86_64", const std::string& extra = "") const {
        const std::string path = stick + "/" + name;
        std::ofstream(path + ".part") << R"({"compatible": ")" << compatible << R"(", "version": ")" << version << '"'
                                      << (extra.empty() ? "" : ", " + extra) << "}\n";
        std::filesystem::rename(path + ".part", path);  // whole, as a stick's file appears when it is mounted
        return path;
    }
};

}  // namespace anjungan::test
