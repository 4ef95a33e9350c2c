// Multi-value answers (multivaluelist): the selected keys of one field, stored and sent comma-joined.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anjungan {

// "see,softcopy" → {"see", "softcopy"}; empty items are dropped.
std::vector<std::string> split_multi_value(std::string_view joined);
std::string join_multi_value(const std::vector<std::string>& keys);
bool multi_value_has(std::string_view joined, std::string_view key);
// Adds `key` at the end when it is not selected, removes it when it is; the others keep their order.
std::string toggle_multi_value(std::string_view joined, std::string_view key);

}  // namespace anjungan
