// Entry point of the kiosk executable: options, configuration, then the application loop.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kiosk/app/app.h"
#include "kiosk/core/log.h"
#include "kiosk/core/options.h"

int main(int argc, char** argv) {
    using namespace anjungan;
    const auto started = std::chrono::steady_clock::now();
    auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!options) {
        std::fprintf(stderr, "kiosk: %s", options.error().message.c_str());
        return 2;
    }
    if (options->help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (options->print_config) {
        std::fputs(sample_config_text().c_str(), stdout);
        return 0;
    }
    auto config = resolve_config(*options);
    if (!config) {
        std::fprintf(stderr, "kiosk: configuration error: %s\n", config.error().message.c_str());
        return 2;
    }
    set_process_timezone(config->timezone);

    app::AppOptions app_options;
    app_options.headless = options->headless;
    app_options.started = started;
    const char* assets = std::getenv("ANJUNGAN_ASSETS");
    app_options.asset_dir = assets ? assets : ANJUNGAN_ASSET_DIR;
    if (!options->script.empty()) {
        std::ifstream file(options->script);
        if (!file) {
            std::fprintf(stderr, "kiosk: cannot read the script %s\n", options->script.c_str());
            return 2;
        }
        std::stringstream text;
        text << file.rdbuf();
        auto script = parse_script(text.str());
        if (!script) {
            std::fprintf(stderr, "kiosk: %s: %s\n", options->script.c_str(), script.error().message.c_str());
            return 2;
        }
        app_options.script = std::move(*script);
    }
    app::App app(std::move(*config), std::move(app_options));
    return app.run();
}
