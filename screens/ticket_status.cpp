// Ticket status: what the kiosk and the server know of a looked-up ticket, with a reprint when it has one.
#include "kiosk/core/ticket_content.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// Open311 defines "open" and "closed"; any other status an office server uses is shown as it gives it.
std::string server_status(const ViewContext& view, const TicketLookup& lookup) {
    if (lookup.server_status == "open") return view.tr("status.server_status.open");
    if (lookup.server_status == "closed") return view.tr("status.server_status.closed");
    return lookup.server_status;
}

void draw_status(const ViewContext& view, const TicketLookup& lookup) {
    const OutboxRow& row = *lookup.row;
    ImGui::PushFont(view.theme.fonts.title);
    ui::text_wrapped(row.number + "  " + view.tr("service." + row.service_code + ".name"));
    ImGui::PopFont();
    ImGui::PushFont(view.theme.fonts.small);  // a reference has no space to wrap at
    ui::text_wrapped(view.tr("ticket.reference") + " " + row.reference);
    ImGui::PopFont();
    for (const auto& line : queue_lines(row, lookup.issued_before, view.translations, view.session.language()))
        ui::text_wrapped(line);
    ui::text_wrapped(view.tr(std::string("status.") + to_string(row.state)));
    if (!row.server_id.empty())
        ui::text_wrapped(Translations::format(view.tr("status.server_id"), {{"id", row.server_id}}));
    if (!lookup.server_status.empty())
        ui::text_wrapped(Translations::format(view.tr("status.server"), {{"status", server_status(view, lookup)}}));
    if (!lookup.server_notes.empty())
        ui::text_wrapped(Translations::format(view.tr("status.notes"), {{"notes", lookup.server_notes}}));
}

// Reprint on its own row above the bottom bar, with the printer's progress above it.
void draw_reprint(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    const Session& s = view.session;
    if (const std::string line = print_progress_text(view, s.ticket() ? s.ticket()->number : ""); !line.empty())
        ui::text_wrapped(line);
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size(std::min(t.px(420), width), t.px(120));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width - size.x);
    ImGui::BeginDisabled(s.print().progress == PrintProgress::Printing);
    if (ui::button(t, "reprint", view.tr("ticket.reprint"), size, ui::Style::Secondary))
        intents.push_back(intent::Reprint{});
    ImGui::EndDisabled();
}

}  // namespace

void draw_ticket_status(const ViewContext& view, Intents& intents) {
    const Session& s = view.session;
    draw_title(view, intents, view.tr("status.title"));
    const bool known = s.lookup() && s.lookup()->row;
    const bool reprintable = known && services::prints_ticket(s.lookup()->row->service_code);
    begin_body(view);
    if (!known) {
        ui::text_wrapped(Translations::format(view.tr("status.unknown"),
                                              {{"reference", s.lookup() ? s.lookup()->reference : ""}}));
    } else {
        draw_status(view, *s.lookup());
    }
    if (reprintable) draw_reprint(view, intents);  // after the facts, scrolling with them when they are long
    end_body();
    draw_nav_bar(view, intents, true, "done", view.tr("common.finish"), intent::Done{});
}

}  // namespace anjungan::screens
