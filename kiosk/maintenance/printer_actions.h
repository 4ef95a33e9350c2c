// Ticket printer actions shared by kioskctl and the technician screen: set up the CUPS queue, read its state,
// print a test ticket, reprint a ticket by reference. Each blocks (call from a worker, not the UI thread).
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "hal/printer/cups_queue.h"
#include "hal/printer/printer.h"
#include "kiosk/core/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/ticket.h"
#include "kiosk/core/outbox.h"

namespace anjungan::maintenance {

inline constexpr auto kPrintTimeout = std::chrono::seconds(60);

// Makes the CUPS ticket queue from the [devices] keys (idempotent); the text says what was done.
Result<std::string> set_up_printer(const Config& config);

struct PrinterQueueReport {
    bool simulated = false;   // devices.printer is sim:DIR: no CUPS queue, `queue` is empty
    hal::QueueStatus queue;   // CUPS' own view
    hal::PrinterState seen = hal::PrinterState::Unknown;  // what the kiosk makes of it
    std::string seen_detail;
};
Result<PrinterQueueReport> read_printer_queue(const Config& config);

// The test ticket: what the technician needs to check (header, QR code, paper width, cut).
TicketContent test_ticket_content(const Config& config);

// The ticket of `reference` as it was first printed (the same number), rendered again from the outbox in
// `language`; ErrorCode::NotFound when this kiosk has no such ticket.
Result<std::pair<OutboxRow, TicketContent>> ticket_to_reprint(const Config& config, Outbox& outbox,
                                                              const std::string& reference,
                                                              const Translations& translations,
                                                              const std::string& language);

// Prints a test ticket (header, QR code, paper width, cut) and waits for the outcome, at most kPrintTimeout.
// The text names the printer and its state.
Result<std::string> print_test_ticket(const Config& config);

// Prints the ticket of `reference` again in `language` (translations from `asset_dir`/i18n).
Result<std::string> reprint_ticket(const Config& config, Outbox& outbox, const std::string& reference,
                                   const std::string& asset_dir, const std::string& language);

}  // namespace anjungan::maintenance
