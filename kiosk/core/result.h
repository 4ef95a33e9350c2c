// Result<T>: an expected-style value-or-error for outcomes that can fail in normal operation.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace anjungan {

struct Error {
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

inline Error fail(std::string message) { return Error{std::move(message)}; }

}  // namespace anjungan
