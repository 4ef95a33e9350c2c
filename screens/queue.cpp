// Queue number: the desk services as large buttons; one tap issues the number, the name is an optional detour.
#include <algorithm>

#include "screens/screen.h"

namespace anjungan::screens {
namespace {

const Attribute* desk_service(const Service& service) {
    for (const auto& a : service.attributes)
        if (a.code == "desk_service") return &a;
    return nullptr;
}

std::string label_of(const ViewContext& view, const Attribute& desk, const AttributeValue& v) {
    return view.value_label(desk, v.key);
}

// Two columns when every label fits in half the width (landscape), else one; as tall as the space allows.
void draw_desk_buttons(const ViewContext& view, const Attribute& desk, float space, Intents& intents) {
    const ui::Theme& t = view.theme;
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const float width = ImGui::GetContentRegionAvail().x;
    const float half = (width - spacing.x) / 2;
    const bool two = std::all_of(desk.values.begin(), desk.values.end(), [&](const AttributeValue& v) {
        return ImGui::CalcTextSize(label_of(view, desk, v).c_str()).x + 4 * ImGui::GetStyle().FramePadding.x <= half;
    });
    const int columns = two ? 2 : 1;
    const int rows = (static_cast<int>(desk.values.size()) + columns - 1) / columns;
    const float height = std::clamp(space / std::max(rows, 1) - spacing.y, t.px(80), t.px(200));
    for (std::size_t i = 0; i < desk.values.size(); ++i) {
        const auto& v = desk.values[i];
        if (two && i % 2) ImGui::SameLine();
        if (ui::button(t, "desk_service=" + v.key, label_of(view, desk, v), ImVec2(two ? half : width, height)))
            intents.push_back(intent::SelectValue{"desk_service", v.key});
    }
}

// The optional name leads through the form (and the consent a name needs): a secondary button, to the right.
void draw_add_name(const ViewContext& view, const std::string& label, float width, float top,
                          Intents& intents) {
    const ui::Theme& t = view.theme;
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    width = std::min(width, ImGui::GetWindowWidth() - 2 * padding.x);
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - padding.x - width, top));
    if (ui::button(t, "next", label, ImVec2(width, t.px(120)), ui::Style::Secondary))
        intents.push_back(intent::Next{});
}

}  // namespace

void draw_queue(const ViewContext& view, Intents& intents) {
    const Session& s = view.session;
    if (!s.service()) return;
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("service." + s.service()->code + ".name"));
    ui::text_wrapped(view.tr("queue.hint"));
    if (s.submitting()) ui::text(view.tr("queue.issuing"));
    if (!s.submit_error().empty()) ui::text_wrapped(t.danger, view.tr(submit_failure_key(s)));
    ImGui::Dummy(ImVec2(0, t.px(8)));
    // From the bottom up: the navigation bar (with the optional name beside "back" when there is room, else
    // on a row of its own above it), then the desk services in what is left.
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;
    const float row = t.px(120), gap = ImGui::GetStyle().ItemSpacing.y;
    const std::string add_name = view.tr("queue.add_name");
    const float name_width = std::max(t.px(420), ImGui::CalcTextSize(add_name.c_str()).x + t.px(80));
    const float bar_top = ImGui::GetWindowHeight() - padding.y - row;
    const bool beside_back = !s.takes_names() ||
        t.px(420) + ImGui::GetStyle().ItemSpacing.x + name_width <= ImGui::GetWindowWidth() - 2 * padding.x;
    const float name_top = beside_back ? bar_top : bar_top - gap - row;
    ImGui::BeginDisabled(s.submitting());
    if (const Attribute* desk = desk_service(*s.service()))
        draw_desk_buttons(view, *desk, name_top - gap - ImGui::GetCursorPosY(), intents);
    if (s.takes_names()) draw_add_name(view, add_name, name_width, name_top, intents);
    ImGui::EndDisabled();
    draw_nav_bar(view, intents, true, "", "", intent::Next{});
}

}  // namespace anjungan::screens
