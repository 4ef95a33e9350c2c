// Camera backend: memory-mapped V4L2 streaming; each frame's luminance goes to the FrameDecodeWorker.
#include "hal/scanner/camera_scanner.h"

#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace anjungan::hal {

namespace {

// Few buffers: the driver fills one while we copy another, and no stale frames pile up in a queue.
constexpr unsigned kBufferCount = 3;

int xioctl(int fd, unsigned long request, void* argument) {
    int rc = 0;
    do rc = ::v4l2_ioctl(fd, request, argument);
    while (rc < 0 && errno == EINTR);
    return rc;
}

bool device_gone(int error) { return error == ENODEV || error == EIO || error == ENXIO; }

}  // namespace

CameraBackend::CameraBackend(std::string path, CameraOptions options)
    : path_(std::move(path)),
      options_(options),
      worker_([this](std::string payload) { deliver(std::move(payload)); }) {}

CameraBackend::~CameraBackend() { close(); }

DeviceProblem CameraBackend::failed(const std::string& what) const {
    const int error = errno;
    return {device_gone(error) ? ScannerState::Unplugged : ScannerState::Failed,
            path_ + ": " + what + " (" + std::strerror(error) + ")"};
}

std::variant<int, DeviceProblem> CameraBackend::open() {
    fd_ = UniqueFd(::v4l2_open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC), ::v4l2_close);
    if (!fd_) {
        const int error = errno;
        if (error == ENOENT || error == ENODEV || error == ENXIO)
            return DeviceProblem{ScannerState::Unplugged, path_ + ": not present"};
        // libv4l2 refuses a node that is not a V4L2 device at open time (ENOTTY from its capability query).
        return DeviceProblem{ScannerState::Failed, path_ + ": cannot open as a camera (" + std::strerror(error) + ")"};
    }
    if (auto problem = configure()) {
        close();
        return *problem;
    }
    if (auto problem = start_streaming()) {
        close();
        return *problem;
    }
    return fd_.get();
}

std::optional<DeviceProblem> CameraBackend::configure() {
    v4l2_capability capability{};
    if (xioctl(fd_.get(), VIDIOC_QUERYCAP, &capability) < 0) return failed("not a V4L2 device");
    const auto caps =
        (capability.capabilities & V4L2_CAP_DEVICE_CAPS) ? capability.device_caps : capability.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
        return DeviceProblem{ScannerState::Failed, path_ + ": not a streaming capture device"};
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = static_cast<__u32>(options_.width);
    format.fmt.pix.height = static_cast<__u32>(options_.height);
    format.fmt.pix.pixelformat = V4L2_PIX_FMT_YUV420;
    format.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd_.get(), VIDIOC_S_FMT, &format) < 0) return failed("cannot set a YUV 4:2:0 format");
    const auto pixel_format = format.fmt.pix.pixelformat;
    if (pixel_format != V4L2_PIX_FMT_YUV420 && pixel_format != V4L2_PIX_FMT_GREY)
        return DeviceProblem{ScannerState::Failed, path_ + ": the camera offers no format convertible to luminance"};
    width_ = static_cast<int>(format.fmt.pix.width);
    height_ = static_cast<int>(format.fmt.pix.height);
    bytes_per_line_ = std::max(width_, static_cast<int>(format.fmt.pix.bytesperline));
    return std::nullopt;
}

std::optional<DeviceProblem> CameraBackend::start_streaming() {
    v4l2_requestbuffers request{};
    request.count = kBufferCount;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_.get(), VIDIOC_REQBUFS, &request) < 0 || request.count == 0)
        return failed("cannot get frame buffers");
    for (unsigned i = 0; i < request.count; ++i) {
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        buffer.index = i;
        if (xioctl(fd_.get(), VIDIOC_QUERYBUF, &buffer) < 0) return failed("cannot query a frame buffer");
        void* start =
            ::v4l2_mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), buffer.m.offset);
        if (start == MAP_FAILED) return failed("cannot map a frame buffer");
        buffers_.push_back({start, buffer.length});
        if (xioctl(fd_.get(), VIDIOC_QBUF, &buffer) < 0) return failed("cannot queue a frame buffer");
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_.get(), VIDIOC_STREAMON, &type) < 0) return failed("cannot start streaming");
    return std::nullopt;
}

std::optional<DeviceProblem> CameraBackend::on_readable() {
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_.get(), VIDIOC_DQBUF, &buffer) < 0) {
        if (errno == EAGAIN) return std::nullopt;
        return failed("lost the camera");
    }
    if (buffer.index < buffers_.size() && !(buffer.flags & V4L2_BUF_FLAG_ERROR))
        copy_luminance(buffers_[buffer.index], buffer.bytesused);
    if (xioctl(fd_.get(), VIDIOC_QBUF, &buffer) < 0) return failed("cannot requeue a frame buffer");
    return std::nullopt;
}

// Copies the Y plane out so the driver gets its buffer back at once; the worker may be mid-decode.
void CameraBackend::copy_luminance(const MappedBuffer& buffer, std::size_t used) {
    const std::size_t needed = static_cast<std::size_t>(bytes_per_line_) * static_cast<std::size_t>(height_);
    if (std::min(used ? used : buffer.length, buffer.length) < needed) return;  // a short frame: skip it
    frame_.resize(width_, height_);
    const auto* source = static_cast<const std::uint8_t*>(buffer.start);
    for (int y = 0; y < height_; ++y)
        std::memcpy(&frame_.at(0, y), source + static_cast<std::size_t>(y) * bytes_per_line_,
                    static_cast<std::size_t>(width_));
    worker_.submit(frame_);
}

void CameraBackend::close() {
    if (fd_) {
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(fd_.get(), VIDIOC_STREAMOFF, &type);  // fails harmlessly when the camera is already gone
    }
    for (const auto& mapped : buffers_) ::v4l2_munmap(mapped.start, mapped.length);
    buffers_.clear();
    fd_.reset();
}

}  // namespace anjungan::hal
