// Polling for a condition another thread or process makes true.
#pragma once

#include <chrono>
#include <thread>

namespace anjungan::test {

// Polls until `done` or the time runs out; `done` gets one last look after the deadline.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(10),
                std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(poll);
    }
    return done();
}

}  // namespace anjungan::test
