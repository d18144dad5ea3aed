#include "sandbox/httpkit.h"

#include "core/retrypolicy.h"

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK"_ba;
    case 201:
        return "Created"_ba;
    case 202:
        return "Accepted"_ba;
    case 204:
        return "No Content"_ba;
    case 400:
        return "Bad Request"_ba;
    case 401:
        return "Unauthorized"_ba;
    case 402:
        return "Payment Required"_ba;
    case 403:
        return "Forbidden"_ba;
    case 404:
        return "Not Found"_ba;
    case 405:
        return "Method Not Allowed"_ba;
    case 409:
        return "Conflict"_ba;
    case 413:
        return "Payload Too Large"_ba;
    case 422:
        return "Unprocessable Entity"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 451:
        return "Unavailable For Legal Reasons"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 502:
        return "Bad Gateway"_ba;
    case 503:
        return "Service Unavailable"_ba;
    case 504:
        return "Gateway Timeout"_ba;
    case 529:
        return "Overloaded"_ba;
    default:
        return "Status"_ba;
    }
}

QString anthropicErrorType(int status)
{
    switch (status) {
    case 401:
        return u"authentication_error"_s;
    case 402:
        return u"billing_error"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 413:
        return u"request_too_large"_s;
    case 429:
        return u"rate_limit_error"_s;
    case 529:
        return u"overloaded_error"_s;
    default:
        return status >= 500 ? u"api_error"_s : u"invalid_request_error"_s;
    }
}

QString openAiErrorType(int status)
{
    switch (status) {
    case 401:
        return u"authentication_error"_s;
    case 402:
        return u"insufficient_quota"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 429:
        return u"rate_limit_error"_s;
    default:
        return status >= 500 ? u"server_error"_s : u"invalid_request_error"_s;
    }
}

bool isRetryableStatus(int status)
{
    return RetryPolicy::isRetryableStatus(status, {}); // the client's one list
}

QString usdText(Credits credits)
{
    return usdDecimal(credits); // the one money formatter (core/money.h)
}

namespace {

QByteArray headerParam(const QByteArray &header, const QByteArray &param)
{
    // `; name="value"` or `; name=value`, case-insensitive name.
    const QList<QByteArray> pieces = header.split(';');
    for (const QByteArray &piece : pieces) {
        const QByteArray p = piece.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq <= 0 || p.left(eq).trimmed().compare(param, Qt::CaseInsensitive) != 0)
            continue;
        QByteArray v = p.mid(eq + 1).trimmed();
        if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"'))
            v = v.mid(1, v.size() - 2);
        return v;
    }
    return {};
}

} // namespace

std::optional<QList<FormPart>> parseMultipart(const QByteArray &contentType, const QByteArray &body)
{
    if (!contentType.trimmed().toLower().startsWith("multipart/form-data"))
        return std::nullopt;
    const QByteArray boundary = headerParam(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    QList<FormPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return std::nullopt;
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // closing delimiter
        // Skip transport padding and the CRLF after the delimiter.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t'))
            ++pos;
        if (body.mid(pos, 2) == "\r\n")
            pos += 2;
        else if (pos < body.size() && body[pos] == '\n')
            pos += 1;
        else
            return std::nullopt;
        qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        qsizetype dataStart = headerEnd + 4;
        if (headerEnd < 0) {
            headerEnd = body.indexOf("\n\n", pos);
            dataStart = headerEnd + 2;
        }
        if (headerEnd < 0)
            return std::nullopt;
        FormPart part;
        const QList<QByteArray> lines = body.mid(pos, headerEnd - pos).split('\n');
        for (const QByteArray &raw : lines) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = headerParam(value, "name");
                part.fileName = headerParam(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), dataStart);
        qsizetype dataEnd = next;
        qsizetype nextDelimiter = next + 2;
        if (next < 0) {
            const qsizetype lf = body.indexOf(QByteArray("\n" + delimiter), dataStart);
            if (lf < 0)
                return std::nullopt;
            dataEnd = lf;
            nextDelimiter = lf + 1;
        }
        part.data = body.mid(dataStart, dataEnd - dataStart);
        parts.append(std::move(part));
        pos = nextDelimiter;
    }
    return parts;
}

const FormPart *findPart(const QList<FormPart> &parts, const QByteArray &name)
{
    for (const FormPart &p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

} // namespace bsp::sandbox
