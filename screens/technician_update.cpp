// Technician mode's update page: the bundles on the USB stick, installing one with RAUC's progress, the outcome.
#include "screens/technician.h"

#include <filesystem>

namespace anjungan::screens {
namespace {

using maintenance::BundleChoice;
using maintenance::UpdateState;
using Phase = UpdateState::Phase;

struct Page {
    const TechnicianView& view;
    const UpdateState& state;
    const ui::Theme& t;
    const std::string& tr(const std::string& key) const { return view.translations.get(view.language, key); }
    std::string tr(const std::string& key, const std::map<std::string, std::string>& values) const {
        return Translations::format(tr(key), values);
    }
};

std::string file_name(const BundleChoice& b) { return std::filesystem::path(b.info.path).filename().string(); }

// Why a bundle cannot be installed, in the technician's language, with RAUC's own words for a signature.
std::string refusal_text(const Page& p, const BundleChoice& b) {
    if (b.kind == BundleChoice::Refusal::OtherDevice)
        return p.tr("tech.update.refused_other_device", {{"bundle", b.info.compatible}, {"device", p.state.compatible}});
    std::string detail = b.refusal;
    const std::string prefix = "not a valid signed bundle for this kiosk: ";
    if (detail.rfind(prefix, 0) == 0) detail.erase(0, prefix.size());
    return p.tr("tech.update.refused_signature", {{"detail", detail}});
}

// One bundle: its name, version and compatible, and its install button or why it has none.
void draw_bundle(const Page& p, std::size_t index, int& installable_index, TechnicianIntents& intents) {
    const BundleChoice& b = p.state.bundles[index];
    ui::text_wrapped(file_name(b));
    ImGui::PushFont(p.t.fonts.small);
    if (b.info.version != "-")
        ui::text_wrapped(p.t.muted, p.tr("tech.update.bundle_facts", {{"version", b.info.version}, {"compatible", b.info.compatible}}));
    if (!b.installable()) ui::text_wrapped(p.t.danger, refusal_text(p, b));
    ImGui::PopFont();
    if (b.installable()) {
        const std::string id = installable_index++ == 0 ? "tech-install" : "tech-install-" + std::to_string(installable_index);
        const ImVec2 size(std::min(p.t.px(420), ImGui::GetContentRegionAvail().x), p.t.px(110));
        if (ui::button(p.t, id, p.tr("tech.update.install"), size)) intents.push_back(tech_intent::InstallUpdate{index});
    }
    ImGui::Separator();
}

void draw_listing(const Page& p, TechnicianIntents& intents) {
    if (p.state.phase == Phase::Looking) return ui::text_wrapped(p.tr("tech.update.looking"));
    if (p.state.bundles.empty()) {
        ui::text_wrapped(p.tr("tech.update.no_stick"));
        ImGui::PushFont(p.t.fonts.small);
        ui::text_wrapped(p.t.muted, p.tr("tech.update.folder", {{"folder", p.state.folder}}));
        ImGui::PopFont();
        return;
    }
    int installable_index = 0;
    for (std::size_t i = 0; i < p.state.bundles.size(); ++i) draw_bundle(p, i, installable_index, intents);
}

void draw_progress(const Page& p) {
    const auto& s = p.state;
    ui::text_wrapped(p.tr("tech.update.installing",
                          {{"file", file_name(s.bundle)}, {"version", s.bundle.info.version}, {"slot", s.target_slot}}));
    const std::string percent = p.tr("tech.update.percent", {{"percent", std::to_string(s.percent)}});
    ui::progress_bar(p.t, "tech-update-progress", s.percent / 100.0f, percent,
                     ImVec2(ImGui::GetContentRegionAvail().x, p.t.px(90)));
    ui::text_wrapped(percent + (s.step.empty() ? "" : " · " + p.tr("tech.update.step", {{"step", s.step}})));
    ImGui::PushFont(p.t.fonts.small);
    ui::text_wrapped(p.t.muted, p.tr("tech.update.keep_stick"));
    ImGui::PopFont();
}

void draw_outcome(const Page& p) {
    const auto& s = p.state;
    if (s.phase == Phase::Failed) {
        if (s.bundle_gone) ui::text_wrapped(p.t.danger, p.tr("tech.update.stick_removed"));
        else ui::text_wrapped(p.t.danger, p.tr(s.refused ? "tech.update.refused" : "tech.update.failed", {{"reason", s.reason}}));
        ui::text_wrapped(p.tr("tech.update.untouched", {{"slot", s.running_slot}, {"next", s.next_boot}}));
        return;
    }
    ui::text_wrapped(p.tr("tech.update.installed", {{"version", s.bundle.info.version}, {"slot", s.target_slot}}));
    ImGui::PushFont(p.t.fonts.small);
    ui::text_wrapped(p.t.muted, p.tr("tech.update.fallback", {{"slot", s.target_slot}, {"running", s.running_slot}}));
    ImGui::PopFont();
    if (!s.reboot_error.empty()) ui::text_wrapped(p.t.danger, p.tr("tech.update.restart_refused", {{"reason", s.reboot_error}}));
    if (s.phase == Phase::Restarting)
        ui::text_wrapped(p.tr(s.simulated_reboot ? "tech.update.restart_simulated" : "tech.update.restarting"));
}

// The way out, and "restart now" once installed; nothing while installing or while a real restart is under way.
void draw_bar(const Page& p, TechnicianIntents& intents, float top) {
    const auto& s = p.state;
    if (s.installing() || (s.phase == Phase::Restarting && !s.simulated_reboot)) return;
    const bool restart = s.phase == Phase::Installed;
    const ImGuiStyle& style = ImGui::GetStyle();
    const int count = restart ? 3 : 2;
    const float width = std::min(p.t.px(520), (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * (count - 1)) / count);
    const ImVec2 button(width, p.t.px(110));
    ImGui::SetCursorPosY(top);
    if (restart && ui::button(p.t, "tech-restart", p.tr("tech.update.restart"), button, ui::Style::Selected))
        intents.push_back(tech_intent::RestartAfterUpdate{});
    if (restart) ImGui::SameLine();
    if (ui::button(p.t, "tech-back", p.tr("tech.back"), button, ui::Style::Secondary)) intents.push_back(tech_intent::Show{});
    ImGui::SameLine();
    if (ui::button(p.t, "tech-leave", p.tr("tech.leave"), button, ui::Style::Secondary)) intents.push_back(tech_intent::Leave{});
}

}  // namespace

void draw_technician_update(const TechnicianView& view, TechnicianIntents& intents) {
    const Page p{view, view.update, view.theme};
    ImGui::PushFont(p.t.fonts.title);
    ui::text_wrapped(p.tr("tech.action.update"));
    ImGui::PopFont();
    if (!p.state.compatible.empty()) {
        ImGui::PushFont(p.t.fonts.small);
        ui::text_wrapped(p.t.muted, p.tr("tech.update.device", {{"compatible", p.state.compatible}, {"slot", p.state.running_slot}}));
        ImGui::PopFont();
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float bar = p.t.px(110) + style.ItemSpacing.y + style.WindowPadding.y;
    ImGui::BeginChild("##update", ImVec2(0, ImGui::GetContentRegionAvail().y - bar));
    switch (p.state.phase) {
    case Phase::Looking:
    case Phase::Listed: draw_listing(p, intents); break;
    case Phase::Installing: draw_progress(p); break;
    case Phase::Installed:
    case Phase::Failed:
    case Phase::Restarting: draw_outcome(p); break;
    }
    ui::touch_scroll();
    ImGui::EndChild();
    draw_bar(p, intents, ImGui::GetWindowHeight() - bar + style.ItemSpacing.y);
}

}  // namespace anjungan::screens
