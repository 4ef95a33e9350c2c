// The layout check: two targets never overlap, nothing is cut off or off screen, every target is 10 mm or more.
#include "screens/layout_check.h"

#include <cstdio>

namespace anjungan::ui {
namespace {

// Half a pixel of slack: ImGui rounds positions, and neighbours that share an edge do not overlap.
constexpr float kSlack = 0.5f;

bool overlaps(const Box& a, const Box& b) {
    const Box i = intersect(a, b);
    return i.width() > kSlack && i.height() > kSlack;
}

bool inside(const Box& inner, const Box& outer) {
    return inner.min.x >= outer.min.x - kSlack && inner.min.y >= outer.min.y - kSlack &&
           inner.max.x <= outer.max.x + kSlack && inner.max.y <= outer.max.y + kSlack;
}

std::string describe(const Box& b) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.0f,%.0f %.0fx%.0f]", b.min.x, b.min.y, b.width(), b.height());
    return buf;
}

std::string name(const Target& t) { return "'" + t.id + "' " + describe(t.placement.box); }

// Cut off: not wholly inside its clip rectangle (unless that region scrolls), or outside the screen.
bool cut_off(const Placement& p, const Box& screen) {
    if (!inside(p.visible(), screen)) return true;
    return !p.scrolls && !inside(p.box, p.clip);
}

void check_targets(const FrameRecord& frame, const LayoutRules& rules, std::vector<std::string>& problems) {
    const Box screen{ImVec2(0, 0), rules.display};
    const auto& targets = frame.targets;
    for (size_t i = 0; i < targets.size(); ++i) {
        const Target& t = targets[i];
        if (cut_off(t.placement, screen)) problems.push_back("target " + name(t) + " is cut off or off screen");
        if (!t.placement.fits) problems.push_back("target " + name(t) + ": its label does not fit");
        const float side = std::min(t.placement.box.width(), t.placement.box.height());
        if (side + kSlack < rules.min_target_px) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " is %.0f px, under 10 mm (%.0f px)", side, rules.min_target_px);
            problems.push_back("target " + name(t) + buf);
        }
        for (size_t j = i + 1; j < targets.size(); ++j)
            if (overlaps(t.placement.visible(), targets[j].placement.visible()))
                problems.push_back("targets " + name(t) + " and " + name(targets[j]) + " overlap");
        for (const Box& cover : frame.covers)
            if (overlaps(t.placement.visible(), cover))
                problems.push_back("target " + name(t) + " is covered by a notice " + describe(cover));
    }
}

void check_texts(const FrameRecord& frame, const LayoutRules& rules, std::vector<std::string>& problems) {
    const Box screen{ImVec2(0, 0), rules.display};
    auto name = [](const ShownText& t) { return "text '" + t.text.substr(0, 60) + "' " + describe(t.placement.box); };
    const auto& texts = frame.texts;
    for (size_t i = 0; i < texts.size(); ++i) {
        const ShownText& text = texts[i];
        if (text.placement.box.empty()) continue;  // drawn inside a field, which is checked as a target
        const Box visible = text.placement.visible();
        if (cut_off(text.placement, screen)) problems.push_back(name(text) + " is cut off or off screen");
        if (!text.placement.fits) problems.push_back(name(text) + " has a word wider than its place");
        // Text wholly inside a target reads as part of it (the attract screen is one big "touch to start").
        for (const Target& t : frame.targets)
            if (overlaps(visible, t.placement.visible()) && !inside(visible, t.placement.visible()))
                problems.push_back(name(text) + " is partly under the target '" + t.id + "'");
        for (size_t j = i + 1; j < texts.size(); ++j)
            if (!texts[j].placement.box.empty() && overlaps(visible, texts[j].placement.visible()))
                problems.push_back(name(text) + " and " + name(texts[j]) + " overlap");
    }
}

}  // namespace

float ten_millimetres_px(float dpi) { return dpi * 10.0f / 25.4f; }

std::vector<std::string> check_layout(const FrameRecord& frame, const LayoutRules& rules) {
    std::vector<std::string> problems;
    check_targets(frame, rules, problems);
    check_texts(frame, rules, problems);
    return problems;
}

}  // namespace anjungan::ui
