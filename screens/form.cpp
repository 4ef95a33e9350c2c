// The generic form: renders any catalogue service's fields, a few per page, with progress, back and next.
#include <algorithm>

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
        draw_title(view, intents, view.tr("service." + s.service()->code + ".name"));
        ui::text_colored(t.muted, Translations::format(view.tr("form.progress"),
                                                       {{"page", std::to_string(s.page() + 1)},
                                                        {"pages", std::to_string(s.page_count())}}));

        const Attribute* focused = nullptr;
        for (const Attribute* a : s.page_fields(s.page()))
            if (a->code == s.focused_field() && !is_list(*a)) focused = a;
        // With a field focused the keyboard takes most of what is left and the fields scroll above it. When the
        // screen is short (reach layout) the bar gives way to the keyboard until its OK is pressed.
        const KeyboardSpace space = keyboard_space(view, focused != nullptr);
        begin_body(view, space.keyboard ? space.keyboard + ImGui::GetStyle().ItemSpacing.y : 0, space.with_nav);
        if (shown_page_ != s.page()) {
            ImGui::SetScrollY(0);
            shown_page_ = s.page();
        }
        if (s.focused_field().empty()) scrolled_to_.clear();
        for (const Attribute* a : s.page_fields(s.page())) draw_field(view, *a, intents);
        end_body();
        if (focused) {
            ImGui::BeginChild("##keyboard", ImVec2(0, space.keyboard));
            draw_keyboard(view, *focused, intents);
            ImGui::EndChild();
        }
        if (space.with_nav) draw_nav_bar(view, intents, true, "next", view.tr("common.next"), Intent::Kind::Next);
    }

private:
    static bool is_list(const Attribute& a) {
        return a.datatype == Datatype::SingleValueList || a.datatype == Datatype::MultiValueList;
    }

    void draw_field(const ViewContext& view, const Attribute& a, Intents& intents) {
        const ui::Theme& t = view.theme;
        const Session& s = view.session;
        // Keep the field being typed into, with its label, in view above the keyboard.
        // Once, when it gets the focus: afterwards the visitor may scroll freely.
        if (s.focused_field() == a.code && !is_list(a) && scrolled_to_ != a.code) {
            ImGui::SetScrollY(ImGui::GetCursorPosY() - t.px(8));
            scrolled_to_ = a.code;
        }
        std::string label = view.label("field." + a.code, a.description);
        if (!a.required) label += " " + view.tr("form.optional");
        ui::text(label);
        if (is_list(a)) {
            draw_choices(view, a, intents);
        } else {
            const bool focused = s.focused_field() == a.code;
            const float height = a.datatype == Datatype::Text ? t.px(260) : t.px(100);
            if (ui::text_field(t, a.code, s.value(a.code), focused, height))
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
        // Fewer columns when a name has a word too long for its column (large text on a totem).
        int columns = a.values.size() > 4 ? 3 : 2;
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        auto column_width = [&](int n) { return (width - gap * static_cast<float>(n - 1)) / static_cast<float>(n); };
        for (const auto& v : a.values)
            while (columns > 1 && !ui::words_fit(view.label("value." + a.code + "." + v.key, v.name), column_width(columns)))
                --columns;
        ImVec2 size(column_width(columns), t.px(100));
        for (const auto& v : a.values)  // one height for the row, enough for the longest name wrapped
            size.y = ui::button_height_for(view.label("value." + a.code + "." + v.key, v.name), size.x, size.y);
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
        const std::string layout = a.keyboard.empty() ? "alpha" : a.keyboard;
        const std::string text = keyboard_.draw(view, layout, view.session.value(a.code), a.max_length, changed, enter);
        if (changed) intents.push_back({Intent::Kind::SetText, a.code, text});
        if (enter) intents.push_back({Intent::Kind::FocusField, ""});
    }

    OnScreenKeyboard keyboard_;
    std::string scrolled_to_;  // the focused field last brought into view
    int shown_page_ = -1;      // a new page opens at its top
};

}  // namespace

std::unique_ptr<ScreenView> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace anjungan::screens
