// Scanner factory.
#include "hal/scanner/scanner.h"

namespace anjungan::hal {

std::unique_ptr<Scanner> make_scanner(const std::string& spec, ScanSink sink, std::string& error) {
    if (spec == "sim" || spec.rfind("sim:", 0) == 0) return std::make_unique<SimScanner>(std::move(sink));
    error = "scanner '" + spec + "': only the simulated scanner is available in this build";
    return nullptr;
}

}  // namespace anjungan::hal
