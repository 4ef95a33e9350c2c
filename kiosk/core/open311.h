// Open311 GeoReport v2 mapping: outbox rows to form-encoded requests, server answers to outcomes.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "kiosk/core/http_client.h"
#include "kiosk/core/outbox.h"

namespace anjungan {

struct Open311Settings {
    std::string device_id;       // the kiosk id
    std::string address_string;  // the kiosk's location
    std::string api_key;         // empty: not sent
};

// Open311's name split: first_name is every word but the last, last_name the last word.
std::pair<std::string, std::string> split_full_name(const std::string& full_name);

// The service's main text for Open311's `description`.
std::string open311_description(const OutboxRow& row);

// The application/x-www-form-urlencoded body of POST /requests.json for a row.
std::string open311_post_body(const OutboxRow& row, const Open311Settings& settings);

struct PostOutcome {
    enum class Kind { Delivered, Retry, Rejected } kind = Kind::Retry;
    // For Retry: true when the answer says nothing about this request (unreachable, credentials, wrong URL,
    // overload), so the whole queue waits a backoff step and then tries again, oldest first; false when only
    // this request waits its own backoff while the requests behind it are still sent.
    bool pauses_queue = true;
    std::string service_request_id;
    std::string token;
    std::string error;                  // for the technician; never contains the request's personal data
    std::optional<long> retry_after_s;  // the server's Retry-After, when it sent one
};

// Classifies the result of a POST. 2xx with an id or token → Delivered. 400 or 422 with an Open311 error array
// (an answer about this request's fields) → Rejected with the server's text. Everything else is retried:
// 500, 408, other 4xx with an Open311 error array and unreadable 2xx bodies for this request alone; transport
// errors, 401, 403, 404, 429, 502-504 and answers that are not Open311 pause the queue. Nothing but Rejected
// ends a request's delivery.
PostOutcome classify_post_response(const Result<HttpResponse>& response);

// A hint for the technician about a stored delivery error (e.g. "HTTP 401 ..." → check the api key), or "".
std::string delivery_error_hint(const std::string& error);

// The URL of GET /tokens/{token}.json under `server_url`, the token percent-escaped for a path segment.
std::string open311_token_url(const std::string& server_url, const std::string& token);

struct TokenOutcome {
    std::string service_request_id;  // empty: not resolved (yet); `error` says why
    std::string error;
};

// Reads the answer of a token lookup: a 2xx naming a service_request_id resolves it; anything else (not yet
// assigned, 404, 5xx, transport errors, unreadable bodies) leaves the token to be looked up again later.
TokenOutcome classify_token_response(const Result<HttpResponse>& response);

}  // namespace anjungan
