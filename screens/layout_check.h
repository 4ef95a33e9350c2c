// The layout check: what a frame showed that a visitor could not read or touch (overlaps, clipping, tiny targets).
#pragma once

#include <string>
#include <vector>

#include "screens/ui.h"

namespace anjungan::ui {

struct LayoutRules {
    ImVec2 display;            // the screen, in pixels
    float min_target_px = 0;   // 10 mm at the screen's density
};

// The smallest touch target that is 10 mm across at `dpi` dots per inch.
float ten_millimetres_px(float dpi);

// One line per defect, naming the targets or texts concerned; empty when the frame is fine.
std::vector<std::string> check_layout(const FrameRecord& frame, const LayoutRules& rules);

}  // namespace anjungan::ui
