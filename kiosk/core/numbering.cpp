// Formatting of ticket numbers and references.
#include "kiosk/core/numbering.h"

#include <cstdio>

namespace anjungan {

std::string format_ticket_number(const std::string& prefix, const std::string& letter, int sequence) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%03d", sequence);
    return prefix + letter + "-" + digits;
}

std::string make_reference(const std::string& kiosk_id, const std::string& yyyymmdd, const std::string& number) {
    return kiosk_id + "-" + yyyymmdd + "-" + number;
}

}  // namespace anjungan
