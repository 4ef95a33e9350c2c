// The generic form: renders any catalogue service's fields, a few per page, with progress, back and next.
#include <algorithm>

#include "screens/field_entry.h"
#include "screens/keyboard.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

bool contains_key(const std::string& csv, const std::string& key) {
    size_t start = 0;
    while (start <= csv.size()) {
        const size_t end = std::min(csv.find(',', start), csv.size());
        if (csv.compare(start, end - start, key) == 0) return true;
        start = end + 1;
    }
    return false;
}

class FormScreen final : public ScreenView {
public:
    void draw(const ViewContext& view, Intents& intents) override {
        const Session& s = view.session;
        if (!s.service()) return;
        const ui::Theme& t = view.theme;
        draw_title(view, view.tr("service." + s.service()->code + ".name"));
        ImGui::PushFont(t.fonts.small);
        ui::text_colored(t.muted, Translations::format(view.tr("form.progress"),
                                                       {{"page", std::to_string(s.page() + 1)},
                                                        {"pages", std::to_string(s.page_count())}}));
        ImGui::PopFont();

        const Attribute* focused = nullptr;
        for (const Attribute* a : s.page_fields(s.page()))
            if (a->code == s.focused_field() && !is_list(*a)) focused = a;
        if (!focused || focused->code != keyboard_field_) keyboard_.reset();  // each field starts on its letters
        keyboard_field_ = focused ? focused->code : "";
        const float keyboard_height = focused ? OnScreenKeyboard::height(t) + ImGui::GetStyle().ItemSpacing.y : 0;
        const float nav_height = t.px(150);
        ImGui::BeginChild("fields", ImVec2(0, ImGui::GetContentRegionAvail().y - keyboard_height - nav_height));
        for (const Attribute* a : s.page_fields(s.page())) draw_field(view, *a, intents);
        ui::touch_scroll();
        ImGui::EndChild();
        if (focused) draw_keyboard(view, *focused, intents);
        draw_nav_bar(view, intents, true, "next", view.tr("common.next"), Intent::Kind::Next);
    }

private:
    static bool is_list(const Attribute& a) {
        return a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
    }

    void draw_field(const ViewContext& view, const Attribute& a, Intents& intents) {
        const ui::Theme& t = view.theme;
        const Session& s = view.session;
        // Keep the field being typed into, with its label, in view above the keyboard.
        if (s.focused_field() == a.code && !is_list(a)) ImGui::SetScrollY(ImGui::GetCursorPosY() - t.px(8));
        std::string label = view.label("field." + a.code, a.description);
        if (!a.required) label += " " + view.tr("form.optional");
        ui::text(label);
        if (is_list(a)) {
            draw_choices(view, a, intents);
        } else {
            const bool focused = s.focused_field() == a.code;
            const std::string shown = shown_value(a, s.value(a.code));
            if (focused) draw_length_note(view, a, shown);
            draw_format_hint(view, a);
            if (ui::text_field(t, a.code, shown, focused, field_box_height(t, a, focused, shown)))
                intents.push_back({Intent::Kind::FocusField, a.code});
        }
        if (s.error_field() == a.code) ui::text_colored(t.danger, view.tr(s.error_key()));
        ImGui::Dummy(ImVec2(0, t.px(12)));
    }

    void draw_choices(const ViewContext& view, const Attribute& a, Intents& intents) {
        const ui::Theme& t = view.theme;
        const std::string current = view.session.value(a.code);
        const bool multi = a.datatype == Datatype::MultiValueList;
        const float width = ImGui::GetContentRegionAvail().x;
        const int columns = a.values.size() > 4 ? 3 : 2;
        const ImVec2 size((width - ImGui::GetStyle().ItemSpacing.x * (columns - 1)) / columns, t.px(100));
        for (size_t i = 0; i < a.values.size(); ++i) {
            const auto& v = a.values[i];
            if (i % columns) ImGui::SameLine();
            const bool selected = multi ? contains_key(current, v.key) : current == v.key;
            const std::string label = view.label("value." + a.code + "." + v.key, v.name);
            if (ui::button(t, a.code + "=" + v.key, label, size, selected ? ui::Style::Selected : ui::Style::Secondary))
                intents.push_back({multi ? Intent::Kind::ToggleValue : Intent::Kind::SelectValue, a.code, v.key});
        }
    }

    void draw_keyboard(const ViewContext& view, const Attribute& a, Intents& intents) {
        bool changed = false, enter = false;
        const std::string text = keyboard_.draw(view, keyboard_layout_for(a),
                                                shown_value(a, view.session.value(a.code)), a.max_length, changed,
                                                enter);
        if (changed) intents.push_back({Intent::Kind::SetText, a.code, text});
        if (enter) intents.push_back({Intent::Kind::FocusField, ""});
    }

    OnScreenKeyboard keyboard_;
    std::string keyboard_field_;  // the field the keyboard's page and shift belong to
};

}  // namespace

std::unique_ptr<ScreenView> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace anjungan::screens
