#pragma once

// Small HTTP helpers of the sandbox: status texts, envelope types, USD text, and a
// multipart/form-data parser.

#include "core/money.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace bsp::sandbox {

QByteArray reasonPhrase(int status); // "OK", "Payment Required", "Overloaded"
QString anthropicErrorType(int status); // "overloaded_error", ...
QString openAiErrorType(int status); // "invalid_request_error", ...
bool isRetryableStatus(int status); // 408, 409, 429, 5xx

// USD text of an amount of credits: exact, trailing zeros trimmed to at least 2 decimals
// ("192.4" is written "192.40", 0.012345 stays "0.012345").
QString usdText(Credits credits);

// One part of a multipart/form-data body.
struct FormPart
{
    QByteArray name;
    QByteArray fileName; // empty for plain fields
    QByteArray contentType;
    QByteArray data;
};

// Parses `body` with the boundary of `contentType` ("multipart/form-data; boundary=…").
// nullopt when the content type or the framing is not multipart.
std::optional<QList<FormPart>> parseMultipart(
    const QByteArray &contentType, const QByteArray &body);
const FormPart *findPart(const QList<FormPart> &parts, const QByteArray &name);

} // namespace bsp::sandbox
