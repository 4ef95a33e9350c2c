// Comma-joined multi-value answers, parsed in one place for the session, the form and the review.
#include "kiosk/core/multi_value.h"

#include <algorithm>

namespace anjungan {

std::vector<std::string> split_multi_value(std::string_view joined) {
    std::vector<std::string> keys;
    while (!joined.empty()) {
        const size_t comma = std::min(joined.find(','), joined.size());
        if (comma > 0) keys.emplace_back(joined.substr(0, comma));
        joined.remove_prefix(std::min(comma + 1, joined.size()));
    }
    return keys;
}

std::string join_multi_value(const std::vector<std::string>& keys) {
    std::string joined;
    for (const auto& key : keys) joined += (joined.empty() ? "" : ",") + key;
    return joined;
}

bool multi_value_has(std::string_view joined, std::string_view key) {
    const auto keys = split_multi_value(joined);
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string toggle_multi_value(std::string_view joined, std::string_view key) {
    auto keys = split_multi_value(joined);
    const auto at = std::find(keys.begin(), keys.end(), key);
    if (at != keys.end()) keys.erase(at);
    else keys.emplace_back(key);
    return join_multi_value(keys);
}

}  // namespace anjungan
