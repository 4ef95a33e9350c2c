// "Check my ticket": scan the ticket's QR code, or type its reference on the keyboard.
#include <algorithm>

#include "kiosk/core/ticket_content.h"
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
            intents.push_back(intent::FocusField{"reference"});
        if (s.looking_up()) ui::text(view.tr("check.searching"));
        end_body();
        ImGui::BeginChild("##keyboard", ImVec2(0, space.keyboard));
        bool changed = false, enter = false;
        const std::string typed = keyboard_.draw(view, "reference", reference, 40, changed, enter);
        ImGui::EndChild();
        if (changed) intents.push_back(intent::SetText{"reference", typed});
        if (enter) intents.push_back(intent::Next{});
        if (space.with_nav)
            draw_nav_bar(view, intents, true, "next", view.tr("check.search"), intent::Next{},
                         !reference.empty() && !s.looking_up());
    }

private:
    OnScreenKeyboard keyboard_;
};

}  // namespace

std::unique_ptr<ScreenView> make_check_ticket_screen() { return std::make_unique<CheckTicketScreen>(); }

}  // namespace anjungan::screens
