// "Check my ticket": scan the ticket's QR code, or type its reference on the keyboard.
#include "screens/keyboard.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class CheckTicketScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const ui::Theme& t = view.theme;
        const Session& s = view.session;
        draw_title(view, intents, view.tr("check.title"));
        // The keyboard takes what the hints and the field leave, up to its full size, above the bar.
        const KeyboardSpace space = keyboard_space(view, true);
        begin_body(view, space.keyboard + ImGui::GetStyle().ItemSpacing.y, space.with_nav);
        ui::text_wrapped(view.tr("check.scan_hint"));
        ImGui::Dummy(ImVec2(0, t.px(12)));
        ui::text_wrapped(view.tr("check.type_hint"));
        const std::string reference = s.value("reference");
        if (ui::text_field(t, "reference", reference, true, t.px(100)))
            intents.push_back({Intent::Kind::FocusField, "reference"});
        if (s.looking_up()) ui::text(view.tr("check.searching"));
        end_body();
        ImGui::BeginChild("##keyboard", ImVec2(0, space.keyboard));
        bool changed = false, enter = false;
        const std::string typed = keyboard_.draw(view, "reference", reference, 40, changed, enter);
        ImGui::EndChild();
        if (changed) intents.push_back({Intent::Kind::SetText, "reference", typed});
        if (enter) intents.push_back({Intent::Kind::Next});
        if (space.with_nav)
            draw_nav_bar(view, intents, true, "next", view.tr("check.search"), Intent::Kind::Next,
                         !reference.empty() && !s.looking_up());
    }

private:
    OnScreenKeyboard keyboard_;
};

class TicketStatusScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        draw_title(view, intents, view.tr("status.title"));
        begin_body(view);
        if (!s.lookup() || !s.lookup()->row) {
            ui::text_wrapped(Translations::format(view.tr("status.unknown"),
                                                  {{"reference", s.lookup() ? s.lookup()->reference : ""}}));
        } else {
            const OutboxRow& row = *s.lookup()->row;
            ImGui::PushFont(view.theme.fonts.title);
            ui::text_wrapped(row.number + "  " + view.tr("service." + row.service_code + ".name"));
            ImGui::PopFont();
            ui::text_wrapped(view.tr("ticket.reference") + " " + row.reference);
            ui::text_wrapped(view.tr(std::string("status.") + to_string(row.state)));
            if (!s.lookup()->server_status.empty())
                ui::text_wrapped(Translations::format(view.tr("status.server"),
                                                      {{"status", s.lookup()->server_status}}));
        }
        end_body();
        draw_nav_bar(view, intents, true, "done", view.tr("common.finish"), Intent::Kind::Done);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_check_ticket_screen() { return std::make_unique<CheckTicketScreen>(); }
std::unique_ptr<ScreenView> make_ticket_status_screen() { return std::make_unique<TicketStatusScreen>(); }

}  // namespace anjungan::screens
