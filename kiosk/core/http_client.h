// A small HTTP(S) client on libcurl: bounded waits, capped bodies, TLS verification always on.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan {

struct HttpOptions {
    std::string ca_file;          // empty: the system's CA bundle
    std::string public_key_pin;   // empty, or "sha256//..." as CURLOPT_PINNEDPUBLICKEY takes it
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 15000;
    long low_speed_bytes_per_s = 10;  // below this for low_speed_time_s aborts a stalled transfer
    long low_speed_time_s = 5;
    std::size_t max_body_bytes = 1 << 20;
};

// The error message of a transfer that the cancel check aborted.
inline constexpr const char* kHttpCancelled = "transport: cancelled";

struct HttpResponse {
    long status = 0;
    std::string body;
    std::optional<long> retry_after_s;  // from a Retry-After header given in seconds
};

// One client owns one CURL handle (reused for keep-alive); use it from one thread at a time.
class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // POSTs an application/x-www-form-urlencoded body. Transport failures (DNS, refused, reset, timeout,
    // TLS, oversized body) are Errors; any HTTP status is a response.
    Result<HttpResponse> post_form(const std::string& url, const std::string& body,
                                   const std::vector<std::string>& headers);
    Result<HttpResponse> get(const std::string& url);

    // Polled about once a second during a transfer; returning true aborts it, so a shutdown need not wait
    // out a hung server's full timeout.
    void set_cancel_check(std::function<bool()> should_cancel) { should_cancel_ = std::move(should_cancel); }

private:
    Result<HttpResponse> perform(const std::string& url, const std::string* body,
                                 const std::vector<std::string>& headers);
    struct Handle;
    std::unique_ptr<Handle> handle_;
    HttpOptions options_;
    std::function<bool()> should_cancel_;
};

// Percent-encodes for application/x-www-form-urlencoded.
std::string form_encode(const std::string& text);

}  // namespace anjungan
