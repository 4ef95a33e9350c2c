// Queue number: the desk services as large buttons; one tap issues the number, the name is an optional detour.
#include <algorithm>

#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class QueueScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        if (!s.service()) return;
        const ui::Theme& t = view.theme;
        draw_title(view, view.tr("service." + s.service()->code + ".name"));
        ui::text_wrapped(view.tr("queue.hint"));
        ImGui::Dummy(ImVec2(0, t.px(16)));
        ImGui::BeginDisabled(s.submitting());
        if (const Attribute* desk = desk_service(*s.service())) draw_desk_buttons(view, *desk, intents);
        ImGui::EndDisabled();
        if (s.submitting()) ui::text(view.tr("queue.issuing"));
        if (!s.submit_error().empty()) ui::text_colored(t.danger, view.tr("review.submit_failed"));
        draw_nav_bar(view, intents, true, "", "", Intent::Kind::Next);
        // The optional name leads through the form (and the consent the name needs): kept small, to the side.
        const std::string add_name = view.tr("queue.add_name");
        const ImVec2 size(std::max(t.px(420), ImGui::CalcTextSize(add_name.c_str()).x + t.px(80)), t.px(120));
        const ImVec2 padding = ImGui::GetStyle().WindowPadding;
        ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - padding.x - size.x, ImGui::GetWindowHeight() - padding.y - size.y));
        ImGui::BeginDisabled(s.submitting());
        if (ui::button(t, "next", add_name, size, ui::Style::Secondary))
            intents.push_back({Intent::Kind::Next});
        ImGui::EndDisabled();
    }

private:
    static const Attribute* desk_service(const Service& service) {
        for (const auto& a : service.attributes)
            if (a.code == "desk_service") return &a;
        return nullptr;
    }

    static void draw_desk_buttons(const ViewContext& view, const Attribute& desk, Intents& intents) {
        const ui::Theme& t = view.theme;
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const ImVec2 size((ImGui::GetContentRegionAvail().x - spacing) / 2, t.px(200));
        for (std::size_t i = 0; i < desk.values.size(); ++i) {
            const auto& v = desk.values[i];
            if (i % 2) ImGui::SameLine();
            const std::string label = view.label("value.desk_service." + v.key, v.name);
            if (ui::button(t, "desk_service=" + v.key, label, size))
                intents.push_back({Intent::Kind::SelectValue, "desk_service", v.key});
        }
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_queue_screen() { return std::make_unique<QueueScreen>(); }

}  // namespace anjungan::screens
