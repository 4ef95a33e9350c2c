// Printer factory (backend and document format from the configuration) and state names.
#include "hal/printer/printer.h"

#include <optional>

#include "hal/printer/cups_printer.h"
#include "hal/printer/sim_printer.h"
#include "kiosk/render/escpos.h"

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

namespace {

// A PDF suits driver queues (filtered to the printer) and IPP Everywhere queues.
Result<Document> render_pdf_document(const TicketContent& ticket, const render::TicketLayout& layout) {
    auto pdf = render::render_pdf(ticket, layout);
    if (!pdf) return pdf.error();
    return Document{std::move(*pdf), "application/pdf"};
}

// A raw queue passes the bytes to the device untouched, so they must be the printer's own language.
Result<Document> render_escpos_document(const TicketContent& ticket, const render::TicketLayout& layout) {
    auto raster = render::render_raster(ticket, layout);
    if (!raster) return raster.error();
    auto escpos = render::encode_escpos(*raster);
    if (!escpos) return escpos.error();
    return Document{std::move(*escpos), "application/vnd.cups-raw"};
}

std::optional<DocumentRenderer> document_renderer(const std::string& format, const render::TicketLayout& layout) {
    if (format == "pdf") return [layout](const TicketContent& t) { return render_pdf_document(t, layout); };
    if (format == "escpos") return [layout](const TicketContent& t) { return render_escpos_document(t, layout); };
    return std::nullopt;
}

}  // namespace

Result<std::unique_ptr<Printer>> make_printer(const std::string& spec, const render::TicketLayout& layout,
                                              const std::string& format, PrinterEventSink sink) {
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (arg.empty()) return fail("printer '" + spec + "': expected sim:DIR or cups:QUEUE");
    auto render = document_renderer(format, layout);
    if (!render) return fail("printer format '" + format + "': expected pdf or escpos");
    if (kind == "sim") return std::unique_ptr<Printer>(std::make_unique<SimPrinter>(arg, layout, std::move(sink)));
    if (kind == "cups")
        return std::unique_ptr<Printer>(std::make_unique<CupsPrinter>(arg, std::move(*render), std::move(sink)));
    return fail("printer '" + spec + "': unknown kind '" + kind + "' (expected sim or cups)");
}

}  // namespace anjungan::hal
