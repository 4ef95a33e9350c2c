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

void draw_print_progress(const ViewContext& view, const OutboxRow& row, float width) {
    const std::string line = print_progress_text(view, row.number);
    if (view.session.print().progress != PrintProgress::Failed) {
        text_centred_or_wrapped(line, width);
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, view.theme.danger);
    ui::text_wrapped(line);
    ImGui::PopStyleColor();
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
    ui::text_centered(view.tr("service." + row.service_code + ".name"), width);
    ui::text_centered(view.tr("ticket.your_number"), width);
    draw_huge_number(view, row.number, width);
    // What to do now comes right under the number, where it stays in view on the shortest layout (reach).
    if (s.confirming_leave()) {
        ImGui::PushStyleColor(ImGuiCol_Text, t.danger);
        ui::text_wrapped(Translations::format(view.tr("ticket.leave.body"), {{"number", row.number}}));
        ImGui::PopStyleColor();
    } else {
        draw_print_progress(view, row, width);
    }
    ImGui::Dummy(ImVec2(0, t.px(20)));
    ImGui::PushFont(t.fonts.small);
    text_centred_or_wrapped(view.tr("ticket.reference") + " " + row.reference, width);
    ImGui::PopFont();
    for (const auto& line : queue_lines(row, s.issued_before(), view.translations, language))
        text_centred_or_wrapped(line, width);
    if (const auto deadline = answer_deadline(row, view.holidays, view.translations, language); !deadline.empty())
        text_centred_or_wrapped(deadline, width);
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
