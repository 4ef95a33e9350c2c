// Result<T>: an expected-style value-or-error for outcomes that can fail in normal operation.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace anjungan {

// What kind of failure an Error is, for callers that act differently on it; most only pass the message on.
enum class ErrorCode {
    Unspecified,     // fail(message): nobody needs to tell this failure apart
    Validation,      // input that does not fit its rules (a visitor's answer, a peer's payload)
    InvalidConfig,   // configuration, catalogue or assets a technician must fix
    NotFound,        // the thing asked for does not exist (a ticket, a file)
    Permission,      // not allowed, or read-only
    Network,         // the server cannot be reached
    Device,          // printer, scanner or speech
    StorageBusy,     // another connection holds the outbox's lock: not damage
    StorageCorrupt,  // the outbox file is damaged
    StorageFull,     // the data partition is full: nothing was written
    Storage,         // any other storage failure (I/O)
};

struct Error {
    ErrorCode code = ErrorCode::Unspecified;
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }

    T& value() {
        if (!ok()) throw std::logic_error("Result::value() on error: " + error().message);
        return std::get<T>(v_);
    }
    const T& value() const {
        if (!ok()) throw std::logic_error("Result::value() on error: " + error().message);
        return std::get<T>(v_);
    }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<Error>(v_); }

private:
    std::variant<T, Error> v_;
};

// A Result that carries no value on success.
struct Ok {};
using Status = Result<Ok>;

inline Error fail(std::string message) { return Error{ErrorCode::Unspecified, std::move(message)}; }
inline Error fail(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }
// The cause's code with the caller's context before its message ("cannot queue the request: disk full").
inline Error fail(const Error& cause, const std::string& context) { return Error{cause.code, context + cause.message}; }

inline const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::Unspecified: return "unspecified";
        case ErrorCode::Validation: return "validation";
        case ErrorCode::InvalidConfig: return "invalid_config";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::Permission: return "permission";
        case ErrorCode::Network: return "network";
        case ErrorCode::Device: return "device";
        case ErrorCode::StorageBusy: return "storage_busy";
        case ErrorCode::StorageCorrupt: return "storage_corrupt";
        case ErrorCode::StorageFull: return "storage_full";
        case ErrorCode::Storage: return "storage";
    }
    return "unspecified";
}

}  // namespace anjungan
