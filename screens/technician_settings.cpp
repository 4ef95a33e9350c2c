// Technician mode's settings page: default language, volume, brightness and idle timings, each changed with large
// choice or −/+ buttons; the configuration table validates every value and the application stores it.
#include <algorithm>
#include <string>

#include "screens/technician.h"

namespace anjungan::screens {
namespace {

// A setting changed in steps: its key, the id stem of its buttons, its label and the unit its value shows in.
struct Stepped {
    const char* key;
    const char* id;  // tech-set-<id>-down, tech-set-<id>-up
    const char* label_key;
    const char* unit_key;
    int step;
    int Config::*value;
};
const Stepped kStepped[] = {
    {"ui.volume", "volume", "tech.setting.volume", "tech.unit.percent", 10, &Config::volume},
    {"ui.brightness", "brightness", "tech.setting.brightness", "tech.unit.percent", 10, &Config::brightness},
    {"ui.idle_timeout_s", "idle-timeout", "tech.setting.idle_timeout", "tech.unit.seconds", 10, &Config::idle_timeout_s},
    {"ui.idle_countdown_s", "idle-countdown", "tech.setting.idle_countdown", "tech.unit.seconds", 5,
     &Config::idle_countdown_s},
};

struct RowGeometry {
    float label_width;  // 0: the label is on its own line above the controls (portrait)
    ImVec2 button;
};

// The label of a row: beside its controls on a landscape screen, above them on a portrait one.
void draw_label(const TechnicianView& view, const RowGeometry& row, const std::string& label_key) {
    const ImVec2 at = ImGui::GetCursorPos();
    if (row.label_width > 0) ImGui::SetCursorPosY(at.y + (row.button.y - ImGui::GetTextLineHeight()) / 2);
    ui::text(view.tr(label_key));
    if (row.label_width > 0) ImGui::SetCursorPos(ImVec2(at.x + row.label_width, at.y));
}

void draw_language(const TechnicianView& view, const RowGeometry& row, bool enabled, TechnicianIntents& intents) {
    draw_label(view, row, "tech.setting.language");
    const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    struct Choice {
        const char* language;
        const char* label_key;
    };
    bool first = true;
    for (const Choice& choice : {Choice{"id", "tech.setting.language_id"}, Choice{"en", "tech.setting.language_en"}}) {
        if (!first) ImGui::SameLine();
        first = false;
        const char* language = choice.language;
        const bool chosen = view.config.language == language;
        const std::string label = view.tr(choice.label_key);
        if (ui::button(view.theme, std::string("tech-set-language-") + language, label, ImVec2(width, row.button.y),
                       chosen ? ui::Style::Selected : ui::Style::Secondary) &&
            enabled && !chosen)
            intents.push_back(tech_intent::ChangeSetting{"ui.language", language});
    }
}

// The text size of these screens: this technician's choice for now, neither stored nor audited.
void draw_text_size(const TechnicianView& view, const RowGeometry& row, TechnicianIntents& intents) {
    draw_label(view, row, "tech.setting.text_size");
    const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    const bool large = view.session.large_text();
    if (ui::button(view.theme, "tech-text-normal", view.tr("tech.setting.text_normal"), ImVec2(width, row.button.y),
                   large ? ui::Style::Secondary : ui::Style::Selected))
        intents.push_back(tech_intent::LargeText{false});
    ImGui::SameLine();
    if (ui::button(view.theme, "tech-text-large", view.tr("tech.setting.text_large"), ImVec2(width, row.button.y),
                   large ? ui::Style::Selected : ui::Style::Secondary))
        intents.push_back(tech_intent::LargeText{true});
}

void draw_stepped(const TechnicianView& view, const RowGeometry& row, const Stepped& s, bool enabled,
                  TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    draw_label(view, row, s.label_key);
    const int value = view.config.*s.value;
    const std::string id = std::string("tech-set-") + s.id;
    // A value the table refuses (below 0 %, above 100 %, ...) is sent all the same: the table says why, plainly.
    if (ui::button(t, id + "-down", "-", row.button, ui::Style::Secondary) && enabled)
        intents.push_back(tech_intent::ChangeSetting{s.key, std::to_string(value - s.step)});
    ImGui::SameLine();
    const float value_width = ImGui::GetContentRegionAvail().x - row.button.x - ImGui::GetStyle().ItemSpacing.x;
    const std::string shown = Translations::format(view.tr(s.unit_key), {{"n", std::to_string(value)}});
    const ImVec2 at = ImGui::GetCursorPos();
    ImGui::PushFont(t.fonts.title);
    const ImVec2 size = ImGui::CalcTextSize(shown.c_str());
    // Text on the line of a button is moved down by its frame padding (ImGui's baseline): taken back here.
    ImGui::SetCursorPos(ImVec2(at.x + (value_width - size.x) / 2,
                               at.y + (row.button.y - size.y) / 2 - ImGui::GetStyle().FramePadding.y));
    ui::text(shown);
    ImGui::PopFont();
    ImGui::SetCursorPos(ImVec2(at.x + value_width + ImGui::GetStyle().ItemSpacing.x, at.y));
    if (ui::button(t, id + "-up", "+", row.button, ui::Style::Secondary) && enabled)
        intents.push_back(tech_intent::ChangeSetting{s.key, std::to_string(value + s.step)});
}

}  // namespace

void draw_technician_settings(const TechnicianView& view, TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    draw_technician_title(view, "tech.settings.title");
    ImGui::PushFont(t.fonts.small);
    ui::text_wrapped(t.muted, view.tr("tech.settings.hint"));
    ImGui::PopFont();
    const float width = ImGui::GetContentRegionAvail().x;
    const RowGeometry row{t.portrait ? 0.0f : std::min(width * 0.38f, t.px(640)), ImVec2(t.px(t.portrait ? 240 : 180), t.px(100))};
    const bool enabled = !technician_action_running(view);  // one change at a time, each from the value in effect
    ImGui::BeginChild("##settings", ImVec2(0, ImGui::GetContentRegionAvail().y - technician_bar_height(view)));
    draw_technician_message(view);
    draw_text_size(view, row, intents);
    draw_language(view, row, enabled, intents);
    for (const Stepped& s : kStepped) draw_stepped(view, row, s, enabled, intents);
    ui::touch_scroll();
    ImGui::EndChild();
    draw_technician_bar(view, intents);
}

}  // namespace anjungan::screens
