// Technician mode's status screen: every fact of the device status, refreshed while open, its actions and "leave".
#include "screens/technician.h"

#include <algorithm>
#include <map>

namespace anjungan::screens {
namespace {

// The label of each status line (maintenance::status_lines) in the technician's language.
const std::string& fact_label(const TechnicianView& view, const std::string& line_key) {
    static const std::map<std::string, std::string> keys = {
        {"software", "tech.fact.software"},   {"boot slot", "tech.fact.boot_slot"},
        {"other slot", "tech.fact.other_slot"}, {"outbox", "tech.fact.outbox"},
        {"outbox error", "tech.fact.outbox_error"}, {"waiting", "tech.fact.waiting"},
        {"oldest", "tech.fact.oldest"},       {"delivered", "tech.fact.delivered"},
        {"rejected", "tech.fact.rejected"},   {"last error", "tech.fact.last_error"},
        {"delivery", "tech.fact.delivery"},   {"server", "tech.fact.server"},
        {"printer", "tech.fact.printer"},     {"scanner", "tech.fact.scanner"},
        {"network", "tech.fact.network"},     {"disk", "tech.fact.disk"},
        {"uptime", "tech.fact.uptime"},       {"clock", "tech.fact.clock"}};
    const auto it = keys.find(line_key);
    return it == keys.end() ? line_key : view.translations.get(view.language, it->second);
}

struct Action {
    const char* id;
    const char* label_key;
    TechnicianPage page;
};
// Each action opens its page; the page does the work or asks first.
constexpr Action kActions[] = {
    {"tech-test-print", "tech.action.test_print", TechnicianPage::Status},
    {"tech-retry", "tech.action.retry", TechnicianPage::Status},
    {"tech-reprint", "tech.action.reprint", TechnicianPage::Reprint},
    {"tech-logs", "tech.action.logs", TechnicianPage::Logs},
    {"tech-settings", "tech.action.settings", TechnicianPage::Settings},
    {"tech-update", "tech.action.update", TechnicianPage::Update},
    {"tech-reboot", "tech.action.reboot", TechnicianPage::Reboot},
};

// The actions and "leave" as a grid under the facts: four a row on a landscape screen, two on a portrait one.
void draw_actions(const TechnicianView& view, TechnicianIntents& intents, int columns, ImVec2 button) {
    const ui::Theme& t = view.theme;
    const auto tr = [&](const std::string& key) -> const std::string& { return view.translations.get(view.language, key); };
    int column = 0;
    for (const Action& action : kActions) {
        if (column++ % columns) ImGui::SameLine();
        if (ui::button(t, action.id, tr(action.label_key), button)) intents.push_back(tech_intent::Show{action.page});
    }
    if (column % columns) ImGui::SameLine();
    if (ui::button(t, "tech-leave", tr("tech.leave"), button)) intents.push_back(tech_intent::Leave{});
}

}  // namespace

void draw_technician_status(const TechnicianView& view, TechnicianIntents& intents) {
    const ui::Theme& t = view.theme;
    const auto tr = [&](const std::string& key) -> const std::string& { return view.translations.get(view.language, key); };
    ImGui::PushFont(t.fonts.title);
    ui::text_wrapped(tr("tech.title"));
    ImGui::PopFont();
    ImGui::PushFont(t.fonts.small);
    ui::text_wrapped(Translations::format(tr("tech.who"), {{"who", view.who}}));
    ImGui::PopFont();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const int columns = width > t.px(1400) ? 4 : 2;
    const int rows = (static_cast<int>(std::size(kActions)) + 1 + columns - 1) / columns;
    const ImVec2 button((width - style.ItemSpacing.x * (columns - 1)) / columns, t.px(110));
    const float bar = rows * (button.y + style.ItemSpacing.y) + style.WindowPadding.y;
    ImGui::BeginChild("##facts", ImVec2(0, ImGui::GetContentRegionAvail().y - bar));
    if (!view.status) {
        ui::text_wrapped(tr("tech.gathering"));
    } else {
        // Labels in the technician's language; the facts as kioskctl status prints them, to search for.
        // One row a fact, its label in a column as wide as the longest label, so that a landscape screen holds
        // them all.
        const auto lines = maintenance::status_lines(*view.status, view.delivery_hint);
        ImGui::PushFont(t.fonts.small);
        float label_width = 0;
        for (const auto& line : lines)
            label_width = std::max(label_width, ImGui::CalcTextSize(fact_label(view, line.key).c_str()).x);
        label_width = std::min(label_width + t.px(24), ImGui::GetContentRegionAvail().x * 0.45f);
        for (const auto& line : lines) {
            const float top = ImGui::GetCursorPosY();
            ui::text_colored(t.muted, fact_label(view, line.key));
            const float label_bottom = ImGui::GetCursorPosY();
            ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + label_width, top));
            ui::text_wrapped(line.text);
            ImGui::SetCursorPosY(std::max(label_bottom, ImGui::GetCursorPosY()));
        }
        ImGui::PopFont();
    }
    ui::touch_scroll();
    ImGui::EndChild();
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - bar + style.ItemSpacing.y);
    draw_actions(view, intents, columns, button);
}

}  // namespace anjungan::screens
