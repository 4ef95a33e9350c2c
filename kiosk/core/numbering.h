// Ticket numbers (L-007) and globally unique references (<kiosk-id>-<yyyymmdd>-<number>).
#pragma once

#include <optional>
#include <string>

namespace anjungan {

struct NumberingRules {
    std::string kiosk_id;
    std::string prefix;  // optional kiosk prefix, e.g. "2" gives "2A-001"
};

// "A-001": the prefix, the service letter, a dash and the sequence with at least three digits.
std::string format_ticket_number(const std::string& prefix, const std::string& letter, int sequence);

// A ticket number as a visitor types it ("l001", "L-1", " 2a-001 ") in the kiosk's form ("L-001", "2A-001"),
// or nullopt when the text cannot be a ticket number.
std::optional<std::string> normalise_ticket_number(const std::string& typed);

std::string make_reference(const std::string& kiosk_id, const std::string& yyyymmdd, const std::string& number);

}  // namespace anjungan
