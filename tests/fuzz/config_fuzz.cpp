// libFuzzer target: any bytes as a configuration file, one key's value or a command line give a result or a clear
// error, never a crash; an accepted configuration validates without throwing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/options.h"
#include "tests/fuzz/fuzz_require.h"

using namespace anjungan;
using fuzz::require;

namespace {

const Config& defaults() {
    static const Config config = default_config();
    return config;
}

// The first byte picks what the rest is: a file, a value for one key, or NUL-separated command-line words.
void run_one(unsigned char selector, const std::string& rest) {
    Config config = defaults();
    const auto& keys = config_keys();
    if (selector % 3 == 0) {
        const Status parsed = parse_config(config, rest, "fuzz.conf");
        if (!parsed) require(parsed.error().message.rfind("fuzz.conf:", 0) == 0, "file errors name the file");
        else (void)validate_config(config);
    } else if (selector % 3 == 1) {
        const auto& key = keys[(selector / 3) % keys.size()];
        const Status set = set_config_value(config, key.name, rest);
        if (!set) require(set.error().message.size() < 2000, "errors stay readable");
        else (void)validate_config(config);
    } else {
        std::vector<std::string> args;
        std::string word;
        for (char c : rest) {
            if (c != '\0') {
                word += c;
                continue;
            }
            args.push_back(word);
            word.clear();
        }
        args.push_back(word);
        auto options = parse_options(args);
        if (options && options->config_file.empty()) (void)resolve_config(*options);  // no files from the fuzzer
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    run_one(data[0], std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    return 0;
}
