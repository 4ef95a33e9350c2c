// Printer factory and state names.
#include "hal/printer/printer.h"

#include "hal/printer/cups_printer.h"
#include "hal/printer/sim_printer.h"

namespace anjungan::hal {

const char* to_string(PrinterState state) {
    switch (state) {
        case PrinterState::Unknown: return "unknown";
        case PrinterState::Ready: return "ready";
        case PrinterState::Printing: return "printing";
        case PrinterState::PaperLow: return "paper low";
        case PrinterState::PaperOut: return "paper out";
        case PrinterState::Offline: return "offline";
        case PrinterState::Error: return "error";
    }
    return "unknown";
}

std::unique_ptr<Printer> make_printer(const std::string& spec, const render::TicketLayout& layout,
                                      PrinterEventSink sink, std::string& error) {
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (arg.empty()) {
        error = "printer '" + spec + "': expected sim:DIR or cups:QUEUE";
        return nullptr;
    }
    if (kind == "sim") return std::make_unique<SimPrinter>(arg, layout, std::move(sink));
    if (kind == "cups") {
        // A PDF suits both driver queues (filtered to the printer) and raw queues of PDF-capable printers;
        // the printer issue adds ESC/POS for raw thermal queues.
        auto render = [layout](const TicketContent& ticket) -> Result<Document> {
            auto pdf = render::render_pdf(ticket, layout);
            if (!pdf) return pdf.error();
            return Document{std::move(*pdf), "application/pdf"};
        };
        return std::make_unique<CupsPrinter>(arg, render, std::move(sink));
    }
    error = "printer '" + spec + "': unknown kind '" + kind + "' (expected sim or cups)";
    return nullptr;
}

}  // namespace anjungan::hal
