// The generic form: renders any catalogue service's fields, a few per page, with progress, back and next.
#include <algorithm>

#include "kiosk/core/validation.h"
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
        const float keyboard_height =
            focused ? OnScreenKeyboard::height(t, layout_for(*focused)) + ImGui::GetStyle().ItemSpacing.y : 0;
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

    // The catalogue's keyboard hint, else the one its validator needs.
    static std::string layout_for(const Attribute& a) {
        if (!a.keyboard.empty()) return a.keyboard;
        if (a.validator == "nik" || a.validator == "phone") return "numeric";
        if (a.validator == "date" || a.validator == "email" || a.validator == "url") return a.validator;
        return "alpha";
    }

    // What the field shows and the keyboard edits: dates as the visitor writes them, not as they are stored.
    static std::string shown_value(const Attribute& a, const std::string& value) {
        return a.validator == "date" ? date_for_display(value) : value;
    }

    // Beside the label of the field being typed into: the characters left near the limit, and when it is reached.
    static void draw_length_note(const ViewContext& view, const Attribute& a, const std::string& value) {
        const int used = static_cast<int>(count_code_points(value));
        const int left = a.max_length - used;
        if (left > std::max(20, a.max_length / 5)) return;
        const bool full = left <= 0;
        const std::string note =
            full ? Translations::format(view.tr("form.limit_reached"), {{"max", std::to_string(a.max_length)}})
                 : Translations::format(view.tr("form.characters_left"), {{"left", std::to_string(left)}});
        const float note_w = ImGui::CalcTextSize(note.c_str()).x;
        ImGui::SameLine();
        const float right = ImGui::GetContentRegionMax().x - note_w;
        if (right >= ImGui::GetCursorPosX()) ImGui::SetCursorPosX(right);
        else ImGui::NewLine();  // no room beside a long label on a narrow screen
        ui::text_colored(full ? view.theme.danger : view.theme.muted, note);
    }

    // The field being typed into grows into the space left above the keyboard, so several lines and the caret
    // stay in view: a multi-line field takes all of it, a long single line (a link) as much as its text needs.
    static float field_height(const ui::Theme& t, const Attribute& a, bool focused, const std::string& shown) {
        const float resting = a.datatype == Datatype::Text ? t.px(260) : t.px(100);
        if (!focused) return resting;
        const float below = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - ImGui::GetCursorScreenPos().y;
        const float room = std::max(t.px(100), below - t.px(8));
        if (a.datatype == Datatype::Text) return std::max(t.px(160), room);
        const float wrap = ImGui::GetContentRegionAvail().x - 2 * t.px(20);  // ui::text_field's padding
        const float text_h = ImGui::CalcTextSize((shown + "|").c_str(), nullptr, false, wrap).y + 2 * t.px(20);
        return std::clamp(text_h, resting, room);
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
            if (focused && a.validator.empty()) draw_length_note(view, a, shown);  // free text, not codes
            if (a.validator == "date") {
                ImGui::PushFont(t.fonts.small);
                ui::text_colored(t.muted, view.tr("form.date_hint"));
                ImGui::PopFont();
            }
            if (ui::text_field(t, a.code, shown, focused, field_height(t, a, focused, shown)))
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
        const std::string text = keyboard_.draw(view, layout_for(a), shown_value(a, view.session.value(a.code)),
                                                a.max_length, changed, enter);
        if (changed) intents.push_back({Intent::Kind::SetText, a.code, text});
        if (enter) intents.push_back({Intent::Kind::FocusField, ""});
    }

    OnScreenKeyboard keyboard_;
    std::string keyboard_field_;  // the field the keyboard's page and shift belong to
};

}  // namespace

std::unique_ptr<ScreenView> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace anjungan::screens
