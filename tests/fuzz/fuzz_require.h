// The fuzz targets' invariant check: aborts with a message, so libFuzzer records the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace anjungan::fuzz {

inline void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant broken: %s\n", invariant);
    std::abort();
}

}  // namespace anjungan::fuzz
