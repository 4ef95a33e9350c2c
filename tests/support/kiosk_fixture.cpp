// Kiosk runner for end-to-end tests.
#include "tests/support/kiosk_fixture.h"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/support/process.h"

namespace anjungan::test {

std::string kiosk_binary() { return TEST_BINARY_DIR "/bin/kiosk"; }

KioskRun run_kiosk_script(const std::string& dir, const std::string& script, const std::vector<std::string>& extra,
                          int timeout_s, const std::map<std::string, std::string>& env) {
    const std::string script_path = dir + "/script.txt";
    std::ofstream(script_path) << script;
    Process::Options options;
    options.argv = {kiosk_binary(), "--headless", "--script", script_path};
    options.argv.insert(options.argv.end(), extra.begin(), extra.end());
    // Journeys must not depend on the hour the tests run at: the desk is open around the clock unless a test
    // brings its own configuration. The Open311 test peer listens on loopback without TLS.
    if (std::find(extra.begin(), extra.end(), "--config") == extra.end()) {
        std::ofstream(dir + "/always-open.conf") << "[office]\nhours = sun-sat 00:00-24:00\n"
                                                    "[server]\nallow_insecure = true\n";
        options.argv.insert(options.argv.end(), {"--config", dir + "/always-open.conf"});
    }
    options.env = env;
    // Software GL only for the frames a script saves: typing hundreds of keys renders nothing else.
    options.env.emplace("ANJUNGAN_PIXELS", "screenshots");
    options.working_dir = dir;
    options.stdout_file = dir + "/kiosk.out";
    options.stderr_file = dir + "/kiosk.log";
    Process kiosk(options);
    KioskRun run;
    const auto status = kiosk.wait(std::chrono::seconds(timeout_s));
    if (status && WIFEXITED(*status)) run.exit_code = WEXITSTATUS(*status);
    run.log = read_text_file(options.stderr_file);
    return run;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

std::string journey_script(const std::string& name, const std::string& language,
                           const std::map<std::string, std::string>& fill) {
    std::string script = read_text_file(TEST_E2E_SCRIPTS_DIR "/" + name);
    const auto texts = nlohmann::json::parse(read_text_file(TEST_ASSETS_DIR "/i18n/" + language + ".json"));
    replace_all(script, "%LANG%", language);
    replace_all(script, "%TAKE%", texts.at("ticket.take").get<std::string>());
    for (const auto& [key, value] : fill) replace_all(script, "%" + key + "%", value);
    return script;
}

std::optional<Control> control_in(const std::string& map_file, const std::string& id) {
    std::ifstream file(map_file);
    std::string line;
    while (std::getline(file, line)) {
        std::istringstream in(line);
        std::string name;
        Control c;
        if (in >> name >> c.x >> c.y >> c.w >> c.h && name == id) return c;
    }
    return std::nullopt;
}

}  // namespace anjungan::test
