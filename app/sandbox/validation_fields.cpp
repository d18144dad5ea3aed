// The field readers of the validation layer (validation.h): plain JSON, no server, so
// the request fuzzer links them without the HTTP stack.
#include "sandbox/validation.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

std::optional<qint64> readInteger(const QJsonObject &o, const QString &name, qint64 min, qint64 max,
    std::optional<qint64> fallback, FieldError *error, const QString &prefix)
{
    const QString param = prefix + name;
    const QJsonValue v = o.value(name);
    const QString rule = max == std::numeric_limits<qint64>::max()
        ? u"%1: must be an integer of at least %2"_s.arg(param).arg(min)
        : u"%1: must be an integer from %2 to %3"_s.arg(param).arg(min).arg(max);
    if (v.isUndefined() || v.isNull()) {
        if (fallback)
            return fallback;
        *error = {param, u"%1: field required; %2"_s.arg(param, rule.mid(param.size() + 2))};
        return std::nullopt;
    }
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < double(min)
        || d > double(max)) {
        *error = {param,
            v.isString() ? rule + u" (a number, not the string \"%1\")"_s.arg(v.toString().left(40))
                         : rule};
        return std::nullopt;
    }
    return static_cast<qint64>(d);
}

std::optional<QString> readId(
    const QJsonObject &o, const QString &name, FieldError *error, const QString &prefix)
{
    const QString param = prefix + name;
    const QJsonValue v = o.value(name);
    if (v.isUndefined() || v.isNull())
        return QString();
    if (!v.isString()) {
        *error = {param, u"%1: must be a string"_s.arg(param)};
        return std::nullopt;
    }
    const QString id = v.toString();
    if (id.size() > kMaxIdLength) {
        *error = {param,
            u"%1: must be at most %2 characters (got %3)"_s.arg(param)
                .arg(kMaxIdLength)
                .arg(id.size())};
        return std::nullopt;
    }
    for (const QChar c : id) {
        if (c.category() == QChar::Other_Control) {
            *error = {param, u"%1: must not contain control characters"_s.arg(param)};
            return std::nullopt;
        }
    }
    return id;
}

QString urlImageMessage(const QString &param)
{
    return u"%1: image URLs are not fetched by the sandbox (only its own /v1/files URLs); "
           "send the image as base64"_s.arg(param);
}

} // namespace bsp::sandbox
