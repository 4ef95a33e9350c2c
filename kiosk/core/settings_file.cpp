// Reading and atomically rewriting the settings override file.
#include "kiosk/core/settings_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace anjungan {
namespace {

bool is_setting(const std::string& key) {
    const auto& keys = settings_keys();
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void in_settings_order(std::vector<std::pair<std::string, std::string>>& values) {
    const auto& keys = settings_keys();
    std::stable_sort(values.begin(), values.end(), [&](const auto& a, const auto& b) {
        return std::find(keys.begin(), keys.end(), a.first) < std::find(keys.begin(), keys.end(), b.first);
    });
}

std::string file_text(const std::vector<std::pair<std::string, std::string>>& values) {
    std::ostringstream out;
    out << "# Settings changed by a technician (technician mode or kioskctl settings set); they override the\n"
           "# kiosk's configuration file. Delete a line to return to the configured value.\n";
    std::string section;
    for (const auto& [key, value] : values) {
        const std::string s = key.substr(0, key.find('.'));
        if (s != section) out << "[" << (section = s) << "]\n";
        out << key.substr(key.find('.') + 1) << " = " << value << "\n";
    }
    return out.str();
}

Status write_atomically(const std::string& path, const std::string& text) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    const std::string temporary = path + ".new";
    const int fd = ::open(temporary.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) return fail(temporary + ": " + std::strerror(errno));
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
    ::close(fd);
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return fail(path + ": cannot write the settings file: " + std::strerror(errno));
    }
    return Ok{};
}

}  // namespace

const std::vector<std::string>& settings_keys() {
    static const std::vector<std::string> keys = {"ui.language", "ui.volume", "ui.brightness", "ui.idle_timeout_s",
                                                  "ui.idle_countdown_s"};
    return keys;
}

std::string settings_file_path(const std::string& data_dir) { return data_dir + "/settings.conf"; }

Result<std::vector<std::pair<std::string, std::string>>> read_settings_file(const std::string& path) {
    std::vector<std::pair<std::string, std::string>> values;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return values;
    std::ifstream file(path);
    if (!file) return fail(path + ": cannot open the settings file");
    std::string line, section;
    for (int number = 1; std::getline(file, line); ++number) {
        const std::string where = path + ":" + std::to_string(number) + ": ";
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
        if (line.front() == '[' && line.back() == ']') {
            section = line.substr(1, line.size() - 2);
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) return fail(where + "expected 'key = value', got '" + line + "'");
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
            return s;
        };
        const std::string key = section + "." + trim(line.substr(0, eq));
        if (!is_setting(key)) return fail(where + "'" + key + "' is not a setting a technician may change here");
        values.emplace_back(key, trim(line.substr(eq + 1)));
    }
    in_settings_order(values);
    return values;
}

Status load_settings_file(Config& config, const std::string& path) {
    auto values = read_settings_file(path);
    if (!values) return values.error();
    for (const auto& [key, value] : *values)
        if (auto s = set_config_value(config, key, value); !s) return fail(path + ": " + s.error().message);
    return Ok{};
}

Status save_setting(Config& config, const std::string& path, const std::string& key, const std::string& value) {
    if (!is_setting(key)) return fail("'" + key + "' is not a setting a technician may change here");
    auto values = read_settings_file(path);
    if (!values) return values.error();
    Config changed = config;
    if (auto s = set_config_value(changed, key, value); !s) return s;
    auto it = std::find_if(values->begin(), values->end(), [&](const auto& kv) { return kv.first == key; });
    if (it != values->end()) it->second = value;
    else values->emplace_back(key, value);
    in_settings_order(*values);
    if (auto s = write_atomically(path, file_text(*values)); !s) return s;
    config = changed;
    return Ok{};
}

}  // namespace anjungan
