// Questions the kiosk asks the Open311 server: a ticket's status, and the service catalogue.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/catalogue.h"
#include "kiosk/core/http_client.h"
#include "kiosk/core/outbox.h"

namespace anjungan {

struct TicketStatus {
    OutboxRow local;                          // what the kiosk knows: queued, delivered, server id
    std::optional<std::string> server_status;  // "open", "closed", ... when the server answered
    std::string server_notes;                 // the officer's note (Open311 status_notes), if any
    std::string server_error;                 // why the server's status is missing, for the technician
};

// The status for "check my ticket": the local row, plus GET {server}/requests/{id}.json when the request has a
// server id and a client is given. `typed` is a reference or today's ticket number as a visitor types it
// ("L-001", "l001"). A ticket the kiosk does not know is an Error.
Result<TicketStatus> lookup_ticket_status(Outbox& outbox, HttpClient* http, const std::string& server_url,
                                          const std::string& typed);

struct FetchedCatalogue {
    Catalogue catalogue;
    std::string json_text;  // in the kiosk's catalogue format, to keep as the last good copy
};

// GET /services.json and GET /services/{code}.json for services with metadata, combined into one catalogue.
// Kiosk hints (validator, keyboard, privacy, max length, conditions) the server does not send are taken from
// `local` by service and attribute code. The result is validated like a shipped catalogue.
Result<FetchedCatalogue> fetch_catalogue(HttpClient& http, const std::string& server_url, const std::string& local_json);

// Writes the catalogue atomically (temporary file, fsync, rename) so a power cut never leaves half a file.
Status save_last_good_catalogue(const std::string& path, const std::string& json_text);

}  // namespace anjungan
