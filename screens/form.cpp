// The generic form: renders any catalogue service's fields, a few per page, with progress, back and next.
#include <algorithm>
#include <utility>
#include <vector>

#include "kiosk/core/multi_value.h"
#include "screens/field_entry.h"
#include "screens/keyboard.h"
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

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
        if (!focused || focused->code != keyboard_field_) keyboard_.reset();  // each field starts on its letters
        keyboard_field_ = focused ? focused->code : "";
        // With a field focused the keyboard takes most of what is left and the fields scroll above it. When the
        // screen is short (reach layout) the bar gives way to the keyboard until its OK is pressed.
        const KeyboardSpace space = keyboard_space(view, focused != nullptr);
        begin_body(view, space.keyboard ? space.keyboard + ImGui::GetStyle().ItemSpacing.y : 0, space.with_nav);
        // A new page opens at its top; new errors bring the first one, with its label, into view.
        const std::pair<const Service*, int> page{s.service(), s.page()};
        if (page != shown_page_ || ImGui::GetFrameCount() != drawn_frame_ + 1) ImGui::SetScrollY(0);
        drawn_frame_ = ImGui::GetFrameCount();
        const bool scroll_to_error = s.error_serial() != shown_errors_;
        shown_page_ = page;
        shown_errors_ = s.error_serial();
        if (s.focused_field().empty()) scrolled_to_.clear();
        const std::string first_error = scroll_to_error ? s.error_field() : "";
        for (const Attribute* a : s.page_fields(s.page())) {
            const float top = ImGui::GetCursorPosY();
            draw_field(view, *a, intents);
            const bool out_of_view = top < ImGui::GetScrollY() ||
                                     ImGui::GetCursorPosY() > ImGui::GetScrollY() + ImGui::GetWindowHeight();
            if (a->code == first_error && out_of_view) ImGui::SetScrollY(std::max(0.0f, top - t.px(8)));
        }
        end_body();
        if (focused) {
            ImGui::BeginChild("##keyboard", ImVec2(0, space.keyboard));
            draw_keyboard(view, *focused, intents);
            ImGui::EndChild();
        }
        if (space.with_nav) draw_nav_bar(view, intents, true, "next", view.tr("common.next"), intent::Next{});
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
        std::string label = view.field_label(a);
        // Fields that a rule may require (one of a group, or after some answer) are not called optional.
        if (!a.required && a.one_of.empty() && a.required_when.empty()) label += " " + view.tr("form.optional");
        ui::text_wrapped(label);
        if (const std::string hint = a.hint_text(s.language()); !hint.empty()) {
            ImGui::PushFont(t.fonts.small);
            ImGui::PushStyleColor(ImGuiCol_Text, t.muted);
            ui::text_wrapped(hint);
            ImGui::PopStyleColor();
            ImGui::PopFont();
        }
        if (is_list(a)) {
            draw_choices(view, a, intents);
        } else {
            const bool focused = s.focused_field() == a.code;
            const std::string shown = shown_value(a, s.value(a.code));
            if (focused) draw_length_note(view, a, shown);
            draw_format_hint(view, a);
            if (ui::text_field(t, a.code, shown, focused, field_box_height(t, a, focused, shown)))
                intents.push_back(intent::FocusField{a.code});
        }
        if (const auto error = s.errors().find(a.code); error != s.errors().end()) {
            ImGui::PushStyleColor(ImGuiCol_Text, t.danger);
            ui::text_wrapped(error_text(view.translations, s.language(), *s.service(), error->second));
            ImGui::PopStyleColor();
        }
        ImGui::Dummy(ImVec2(0, t.px(12)));
    }

    void draw_choices(const ViewContext& view, const Attribute& a, Intents& intents) {
        const ui::Theme& t = view.theme;
        const std::string current = view.session.value(a.code);
        const bool multi = a.datatype == Datatype::MultiValueList;
        const float width = ImGui::GetContentRegionAvail().x;
        std::vector<std::string> labels;
        for (const auto& v : a.values) labels.push_back(view.value_label(a, v.key));
        // Fewer columns when a name has a word too long for its column (large text on a totem).
        std::size_t columns = a.values.size() > 4 ? 3 : 2;
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        auto column_width = [&](std::size_t n) { return (width - gap * static_cast<float>(n - 1)) / static_cast<float>(n); };
        for (const auto& label : labels)
            while (columns > 1 && !ui::words_fit(label, column_width(columns))) --columns;
        const float button_width = column_width(columns);
        for (size_t row = 0; row < a.values.size(); row += columns) {
            // Long names wrap; every button of a row grows to the tallest one's height.
            float height = t.px(100);
            for (size_t i = row; i < std::min(row + columns, a.values.size()); ++i)
                height = ui::button_height_for(labels[i], button_width, height);
            for (size_t i = row; i < std::min(row + columns, a.values.size()); ++i) {
                const auto& v = a.values[i];
                if (i > row) ImGui::SameLine();
                const bool selected = multi ? multi_value_has(current, v.key) : current == v.key;
                if (ui::button(t, a.code + "=" + v.key, labels[i], ImVec2(button_width, height),
                                       selected ? ui::Style::Selected : ui::Style::Secondary))
                    {
                    if (multi) intents.push_back(intent::ToggleValue{a.code, v.key});
                    else intents.push_back(intent::SelectValue{a.code, v.key});
                }
            }
        }
    }

    void draw_keyboard(const ViewContext& view, const Attribute& a, Intents& intents) {
        bool changed = false, enter = false;
        const std::string text = keyboard_.draw(view, keyboard_layout_for(a),
                                                shown_value(a, view.session.value(a.code)), a.max_length, changed,
                                                enter);
        if (changed) intents.push_back(intent::SetText{a.code, text});
        if (enter) intents.push_back(intent::FocusField{""});
    }

    OnScreenKeyboard keyboard_;
    std::pair<const Service*, int> shown_page_{nullptr, -1};
    int shown_errors_ = 0;
    int drawn_frame_ = -1;
    std::string keyboard_field_;  // the field the keyboard's page and shift belong to
    std::string scrolled_to_;  // the focused field last brought into view
};

}  // namespace

std::unique_ptr<ScreenView> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace anjungan::screens
