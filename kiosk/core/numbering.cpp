// Formatting of ticket numbers and references.
#include "kiosk/core/numbering.h"

#include <cctype>
#include <cstdio>

namespace anjungan {

std::string format_ticket_number(const std::string& prefix, const std::string& letter, int sequence) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%03d", sequence);
    return prefix + letter + "-" + digits;
}

std::optional<std::string> normalise_ticket_number(const std::string& typed) {
    std::string compact;  // capitals and digits only: dashes and spaces are how people happen to type it
    for (const char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
        compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::size_t digits_start = compact.size();
    while (digits_start > 0 && std::isdigit(static_cast<unsigned char>(compact[digits_start - 1]))) --digits_start;
    const std::string head = compact.substr(0, digits_start);  // optional kiosk prefix and the service letter
    const std::string digits = compact.substr(digits_start);
    const bool letter_last = !head.empty() && std::isalpha(static_cast<unsigned char>(head.back()));
    if (!letter_last || head.size() > 4 || digits.empty() || digits.size() > 6) return std::nullopt;
    return format_ticket_number("", head, std::stoi(digits));
}

std::string make_reference(const std::string& kiosk_id, const std::string& yyyymmdd, const std::string& number) {
    return kiosk_id + "-" + yyyymmdd + "-" + number;
}

}  // namespace anjungan
