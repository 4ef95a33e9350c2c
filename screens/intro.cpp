// Service intro: what the service is, what to prepare, how long it takes and the legal deadline.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

class IntroScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        if (!s.service()) return;
        const std::string prefix = "intro." + s.service()->code + ".";
        draw_title(view, intents, view.tr("service." + s.service()->code + ".name"));
        begin_body(view);
        ui::text_wrapped(view.tr(prefix + "what"));
        ImGui::Dummy(ImVec2(0, view.theme.px(16)));
        static const std::pair<const char*, const char*> parts[] = {
            {"intro.prepare", "prepare"}, {"intro.duration", "duration"}, {"intro.deadline", "deadline"}};
        for (const auto& [heading, part] : parts) {
            ImGui::PushFont(view.theme.fonts.small);
            ui::text_colored(view.theme.muted, view.tr(heading));
            ImGui::PopFont();
            ui::text_wrapped(view.tr(prefix + part));
        }
        end_body();
        draw_nav_bar(view, intents, true, "next", view.tr("intro.start"), Intent::Kind::Next);
    }
};

}  // namespace

std::unique_ptr<ScreenView> make_intro_screen() { return std::make_unique<IntroScreen>(); }

}  // namespace anjungan::screens
