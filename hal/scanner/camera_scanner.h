// Camera scanner through V4L2 (libv4l2 converts any camera format to YUV 4:2:0, whose Y plane is luminance).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hal/scanner/device_scanner.h"
#include "hal/scanner/qr_frame_decoder.h"

namespace anjungan::hal {

struct CameraOptions {
    int width = 640;  // requested; the driver may choose the nearest size it supports
    int height = 480;
};

class CameraBackend final : public DeviceBackend {
public:
    CameraBackend(std::string path, CameraOptions options = {});
    ~CameraBackend() override;

    std::string describe() const override { return "camera:" + path_; }
    std::string path() const override { return path_; }
    std::variant<int, DeviceProblem> open() override;
    std::optional<DeviceProblem> on_readable() override;
    void close() override;
    std::uint64_t dropped() const override { return worker_.stats().dropped; }

private:
    struct MappedBuffer {
        void* start = nullptr;
        std::size_t length = 0;
    };

    std::optional<DeviceProblem> configure();
    std::optional<DeviceProblem> start_streaming();
    void copy_luminance(const MappedBuffer& buffer, std::size_t used);
    DeviceProblem failed(const std::string& what) const;

    std::string path_;
    CameraOptions options_;
    UniqueFd fd_;
    std::vector<MappedBuffer> buffers_;
    int width_ = 0, height_ = 0, bytes_per_line_ = 0;
    LumaFrame frame_;  // filled from the camera, then swapped into the worker
    FrameDecodeWorker worker_;
};

}  // namespace anjungan::hal
