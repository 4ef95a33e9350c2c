// Review: every answer before submitting, with the way back to change them.
#include "kiosk/core/multi_value.h"
#include "screens/field_entry.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// An answer as the visitor gave it: list answers by their names, anything else exactly as typed.
std::string answer_text(const ViewContext& view, const Attribute& a, const std::string& value) {
    if (a.values.empty()) return value;
    std::string out;
    for (const std::string& key : split_multi_value(value)) out += (out.empty() ? "" : ", ") + view.value_label(a, key);
    return out;
}


}  // namespace

void draw_review(const ViewContext& view, Intents& intents) {
    const Session& s = view.session;
    if (!s.service()) return;
    const ui::Theme& t = view.theme;
    draw_title(view, intents, view.tr("review.title"));
    // Above the scrolling answers: a long form would push it out of sight, and "send" would seem to do nothing.
    if (!s.submit_error().empty()) ui::text_wrapped(t.danger, view.tr(submit_failure_key(s)));
    begin_body(view);
    ui::text_wrapped(view.tr("service." + s.service()->code + ".name"));
    for (int page = 0; page < s.page_count(); ++page) {
        for (const Attribute* a : s.page_fields(page)) {
            const std::string v = s.value(a->code);
            ImGui::PushFont(t.fonts.small);
            ui::text_colored(t.muted, view.field_label(*a));
            ImGui::PopFont();
            ui::text_wrapped(v.empty() ? view.tr("review.empty") : answer_text(view, *a, shown_value(*a, v)));
        }
        if (s.page_fields(page).empty()) continue;
        // A way back to each page, so one answer can be corrected without redoing the form.
        if (ui::button(t, "edit-" + std::to_string(page + 1), view.tr("review.edit"), ImVec2(t.px(300), t.px(90)),
                       ui::Style::Secondary))
            intents.push_back(intent::EditPage{page});
        ImGui::Separator();
    }
    end_body();
    draw_nav_bar(view, intents, true, "submit", view.tr(s.submitting() ? "review.submitting" : "common.submit"),
                 intent::Submit{}, !s.submitting());
}

}  // namespace anjungan::screens
