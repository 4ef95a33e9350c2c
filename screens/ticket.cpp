// Ticket: the number very large, "take your ticket", the printer's progress and reprint.
#include "kiosk/core/ticket_content.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class TicketScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        if (!s.ticket()) return;
        const ui::Theme& t = view.theme;
        const auto& row = *s.ticket();
        begin_body(view);
        const float width = ImGui::GetContentRegionAvail().x;
        ui::text_centered(view.tr("service." + row.service_code + ".name"), width);
        ui::text_centered(view.tr("ticket.your_number"), width);
        ImGui::PushFont(t.fonts.huge);
        ui::text_centered(row.number, width);
        ImGui::PopFont();
        ImGui::PushFont(t.fonts.small);
        ui::text_centered(view.tr("ticket.reference") + " " + row.reference, width);
        ImGui::PopFont();
        if (const auto deadline = answer_deadline(row, view.config, view.translations, view.session.language());
            !deadline.empty())
            ui::text_centered(deadline, width);
        ImGui::Dummy(ImVec2(0, t.px(20)));
        switch (s.print().progress) {
            case PrintProgress::Printing: ui::text_centered(view.tr("ticket.printing"), width); break;
            case PrintProgress::Printed: ui::text_centered(view.tr("ticket.take"), width); break;
            case PrintProgress::Failed:
                ImGui::PushStyleColor(ImGuiCol_Text, t.danger);
                ui::text_centered(Translations::format(view.tr("ticket.print_failed"),
                                                       {{"number", row.number}, {"printer", view.printer_status}}),
                                  width);
                ImGui::PopStyleColor();
                break;
            case PrintProgress::None: break;
        }
        end_body();
        const ImVec2 size = nav_button_size(view);
        ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - size.y);
        ImGui::BeginDisabled(s.print().progress == PrintProgress::Printing);
        if (ui::button(t, "reprint", view.tr("ticket.reprint"), size, ui::Style::Secondary))
            intents.push_back({Intent::Kind::Reprint});
        ImGui::EndDisabled();
        ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::GetStyle().WindowPadding.x - size.x);
        if (ui::button(t, "done", view.tr("common.done"), size)) intents.push_back({Intent::Kind::Done});
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_ticket_screen() { return std::make_unique<TicketScreen>(); }

}  // namespace anjungan::screens
