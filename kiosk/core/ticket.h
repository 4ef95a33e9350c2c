// What a printed ticket says: the content model shared by the screen, the renderer and the printers.
#pragma once

#include <string>
#include <vector>

namespace anjungan {

struct TicketContent {
    std::vector<std::string> header_lines;  // office name, address: from the configuration
    std::string service_name;               // translated service name, e.g. "Nomor Antrean"
    std::string number;                     // e.g. "A-001"
    std::string issued_at;                  // local date and time in the ticket's language
    std::string reference;                  // <kiosk-id>-<yyyymmdd>-<number>
    std::string deadline;                   // legal answer deadline, empty when none applies
    std::vector<std::string> details;       // short identifying lines, personal data masked (NIK 6202********0001)
    std::vector<std::string> next_steps;    // what happens next, one line each
    std::vector<std::string> footer_lines;  // official channels
    std::string tracking_url;               // encoded in the QR code
};

}  // namespace anjungan
