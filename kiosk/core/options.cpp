// Command-line parsing and configuration resolution.
#include "kiosk/core/options.h"

#include "kiosk/core/settings_file.h"

#include <map>

namespace anjungan {
namespace {

constexpr std::size_t kLongestOptionValue = 4096;  // a path or URL; the configuration bounds its values alike

}  // namespace

std::string usage_text() {
    return "usage: kiosk [--simulate] [--headless] [--config FILE] [--data-dir DIR] [--server URL]\n"
           "             [--printer sim:DIR|cups:QUEUE] [--scanner sim|evdev:PATH|serial:PATH|camera:PATH]\n"
           "             [--lang id|en] [--script FILE] [--print-config] [--help]\n";
}

Result<Options> parse_options(const std::vector<std::string>& args) {
    static const std::map<std::string, std::string> overriding = {
        {"--data-dir", "kiosk.data_dir"}, {"--server", "server.url"},   {"--printer", "devices.printer"},
        {"--scanner", "devices.scanner"}, {"--lang", "ui.language"}};
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--simulate") { o.simulate = true; continue; }
        if (a == "--headless") { o.headless = true; continue; }
        if (a == "--help" || a == "-h") { o.help = true; continue; }
        if (a == "--print-config") { o.print_config = true; continue; }
        const bool takes_value = a == "--config" || a == "--script" || overriding.count(a);
        if (!takes_value) return fail("unknown option '" + a + "'\n" + usage_text());
        if (i + 1 >= args.size()) return fail("option " + a + " needs a value\n" + usage_text());
        const std::string& value = args[++i];
        if (value.size() > kLongestOptionValue)
            return fail("option " + a + ": the value is longer than " + std::to_string(kLongestOptionValue) + " characters");
        if (a == "--config") o.config_file = value;
        else if (a == "--script") o.script = value;
        else o.overrides.emplace_back(overriding.at(a), value);
    }
    return o;
}

Result<Config> resolve_config(const Options& options) {
    Config config = default_config();
    if (options.simulate || options.headless) {
        // Works on any Linux desktop or CI machine: local data, tickets as image files, a window.
        (void)set_config_value(config, "kiosk.data_dir", "anjungan-data");
        (void)set_config_value(config, "ui.fullscreen", "false");
        (void)set_config_value(config, "devices.speech", "sim");
        (void)set_config_value(config, "devices.clock_sync", "sim:synced");
        (void)set_config_value(config, "devices.rauc", "sim");
        (void)set_config_value(config, "devices.reboot", "sim");
        (void)set_config_value(config, "devices.backlight", "sim");
    }
    if (!options.config_file.empty())
        if (auto s = load_config_file(config, options.config_file); !s) return s.error();
    bool printer_overridden = false;
    for (const auto& [key, value] : options.overrides) {
        if (auto s = set_config_value(config, key, value); !s) return fail("command line: " + s.error().message);
        printer_overridden |= key == "devices.printer";
    }
    // A technician's settings (in the data folder the file and command line chose) override the file; the
    // command line still has the last word.
    if (auto s = load_settings_file(config, settings_file_path(config.data_dir)); !s) return s.error();
    for (const auto& [key, value] : options.overrides) (void)set_config_value(config, key, value);
    // Simulated runs print to files in the data folder unless a printer was chosen explicitly.
    if ((options.simulate || options.headless) && !printer_overridden && config.printer == default_config().printer)
        config.printer = "sim:" + config.data_dir + "/tickets";
    // ... and the simulator's "USB stick" is a folder there too.
    if ((options.simulate || options.headless) && config.update_dir == default_config().update_dir)
        config.update_dir = config.data_dir + "/usb";
    if (auto s = validate_config(config); !s) return s.error();
    return config;
}

}  // namespace anjungan
