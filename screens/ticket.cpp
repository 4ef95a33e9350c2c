// Ticket: the number very large, "take your ticket", the printer's progress and reprint.
#include <algorithm>

#include "kiosk/core/ticket_content.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// Two buttons share the bottom row, side by side even on a narrow portrait screen.
ImVec2 bottom_button(const ViewContext& view) {
    const float room = ImGui::GetWindowWidth() - 2 * ImGui::GetStyle().WindowPadding.x - ImGui::GetStyle().ItemSpacing.x;
    return ImVec2(std::min(view.theme.px(520), room / 2), view.theme.px(120));
}

// A line or paragraph centred in `width`, or wrapped at its left in `colour` (a warning reads as a paragraph).
struct TicketLine {
    std::string text;
    ImFont* font = nullptr;  // the body font when null
    const ImVec4* warning = nullptr;
    float gap_before = 0;  // above the start of a new part
};

float height_of(const TicketLine& line, float width) {
    if (line.font) ImGui::PushFont(line.font);
    const float h = ImGui::CalcTextSize(line.text.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y +
                    (line.gap_before > 0 ? line.gap_before + ImGui::GetStyle().ItemSpacing.y : 0);
    if (line.font) ImGui::PopFont();
    return h;
}

void draw_line(const TicketLine& line, float width) {
    if (line.gap_before > 0) ImGui::Dummy(ImVec2(0, line.gap_before));
    if (line.font) ImGui::PushFont(line.font);
    if (line.warning) ui::text_wrapped(*line.warning, line.text);
    else ui::text_centered(line.text, width);
    if (line.font) ImGui::PopFont();
}

// Leaving without paper: the number must be written down first. "back" stays, "done" leaves.
void draw_leave_buttons(const ViewContext& view, Intents& intents) {
    const ui::Theme& t = view.theme;
    const ImVec2 size = bottom_button(view);
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    const float top = ImGui::GetWindowHeight() - padding.y - size.y;
    ImGui::SetCursorPos(ImVec2(padding.x, top));
    if (ui::button(t, "back", view.tr("ticket.leave.stay"), size, ui::Style::Secondary))
        intents.push_back(intent::Back{});
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - padding.x - size.x, top));
    if (ui::button(t, "done", view.tr("ticket.leave.confirm"), size)) intents.push_back(intent::Done{});
}

}  // namespace

void draw_ticket(const ViewContext& view, Intents& intents) {
    const Session& s = view.session;
    if (!s.ticket()) return;
    const ui::Theme& t = view.theme;
    const auto& row = *s.ticket();
    const std::string& language = s.language();
    begin_body(view);
    const float width = ImGui::GetContentRegionAvail().x;
    const std::vector<TicketLine> above = {{view.tr("service." + row.service_code + ".name")},
                                           {view.tr("ticket.your_number")}};
    // What to do now comes right under the number; then the reference, the queue and the answer deadline.
    std::vector<TicketLine> below;
    if (s.confirming_leave())
        below.push_back({Translations::format(view.tr("ticket.leave.body"), {{"number", row.number}}), nullptr, &t.danger});
    else if (const std::string progress = print_progress_text(view, row.number); !progress.empty())
        below.push_back({progress, nullptr, s.print().progress == PrintProgress::Failed ? &t.danger : nullptr});
    below.push_back({view.tr("ticket.reference") + " " + row.reference, t.fonts.small, nullptr, t.px(20)});
    for (const auto& line : queue_lines(row, s.issued_before(), view.translations, language)) below.push_back({line});
    if (const auto deadline = answer_deadline(row, view.holidays, view.translations, language); !deadline.empty())
        below.push_back({deadline});
    // The number takes the room the rest leaves, so all of it is in view without scrolling, even in reach.
    float rest = ImGui::GetStyle().ItemSpacing.y;
    for (const auto& line : above) rest += height_of(line, width);
    for (const auto& line : below) rest += height_of(line, width);
    for (const auto& line : above) draw_line(line, width);
    draw_huge_number(view, row.number, width, ImGui::GetContentRegionAvail().y - rest);
    for (const auto& line : below) draw_line(line, width);
    end_body();
    if (s.confirming_leave()) {
        draw_leave_buttons(view, intents);
        return;
    }
    const ImVec2 size = bottom_button(view);
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - size.y);
    ImGui::BeginDisabled(s.print().progress == PrintProgress::Printing);
    if (ui::button(t, "reprint", view.tr("ticket.reprint"), size, ui::Style::Secondary))
        intents.push_back(intent::Reprint{});
    ImGui::EndDisabled();
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x - size.x);
    if (ui::button(t, "done", view.tr("common.done"), size)) intents.push_back(intent::Done{});
}

}  // namespace anjungan::screens
