// LedgerEntry's JSON form and the ledger's CSV / JSON exports. Entries hold no key,
// so an export cannot leak one.
#include "core/ledger.h"

#include "core/safetext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

// Export columns, in order; also the JSON field names.
const QStringList kFields = {
    u"id"_s,
    u"call_id"_s,
    u"profile"_s,
    u"time"_s,
    u"finished_at"_s,
    u"tab"_s,
    u"route"_s,
    u"model"_s,
    u"modality"_s,
    u"request_id"_s,
    u"task_id"_s,
    u"status"_s,
    u"http_status"_s,
    u"error_code"_s,
    u"error_message"_s,
    u"input_tokens"_s,
    u"output_tokens"_s,
    u"units"_s,
    u"estimated_credits"_s,
    u"charged_credits"_s,
    u"charge_stated"_s,
    u"reserved_credits"_s,
    u"reconciled_credits"_s,
    u"reconciled_at"_s,
    u"mismatch"_s,
    u"latency_ms"_s,
};

QString isoOrEmpty(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString csvField(const QJsonValue &v)
{
    QString s;
    if (v.isNull() || v.isUndefined())
        return s;
    if (v.isBool())
        s = v.toBool() ? u"true"_s : u"false"_s;
    else if (v.isDouble())
        s = QString::number(v.toDouble(), 'g', 17);
    else
        s = spreadsheetSafe(v.toString()); // text from the gateway never runs as a formula
    if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n') || s.contains(u'\r'))
        s = u'"' + QString(s).replace(u"\""_s, u"\"\""_s) + u'"';
    return s;
}

// RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks.
QList<QStringList> parseCsvRecords(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            quoted = true;
            any = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            any = true;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            if (any || !field.isEmpty()) {
                record << field;
                records << record;
            }
            record.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

} // namespace

QString LedgerEntry::statusName(Status s)
{
    switch (s) {
    case Status::Succeeded:
        return u"succeeded"_s;
    case Status::Failed:
        return u"failed"_s;
    case Status::Cancelled:
        return u"cancelled"_s;
    case Status::Reserved:
        return u"reserved"_s;
    }
    return {};
}

std::optional<LedgerEntry::Status> LedgerEntry::statusFromName(const QString &name)
{
    for (Status s : {Status::Succeeded, Status::Failed, Status::Cancelled, Status::Reserved}) {
        if (statusName(s) == name)
            return s;
    }
    return std::nullopt;
}

QJsonObject LedgerEntry::toJson() const
{
    const auto credits = [](const std::optional<Credits> &c) {
        return c ? QJsonValue(*c) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject o;
    o.insert(u"id"_s, id);
    o.insert(u"call_id"_s, callId);
    o.insert(u"profile"_s, profile);
    o.insert(u"time"_s, isoOrEmpty(time));
    o.insert(u"finished_at"_s, isoOrEmpty(finishedAt));
    o.insert(u"tab"_s, tab);
    o.insert(u"route"_s, route);
    o.insert(u"model"_s, model);
    o.insert(u"modality"_s, modalityName(modality));
    o.insert(u"request_id"_s, requestId);
    o.insert(u"task_id"_s, taskId);
    o.insert(u"status"_s, statusName(status));
    o.insert(u"http_status"_s, httpStatus);
    o.insert(u"error_code"_s, errorCode);
    o.insert(u"error_message"_s, errorMessage);
    o.insert(u"input_tokens"_s, inputTokens);
    o.insert(u"output_tokens"_s, outputTokens);
    o.insert(u"units"_s, units);
    o.insert(u"estimated_credits"_s, credits(estimatedCredits));
    o.insert(u"charged_credits"_s, chargedCredits);
    o.insert(u"charge_stated"_s, chargeStated);
    o.insert(u"reserved_credits"_s, reservedCredits);
    o.insert(u"reconciled_credits"_s, credits(reconciledCredits));
    o.insert(u"reconciled_at"_s, isoOrEmpty(reconciledAt));
    o.insert(u"mismatch"_s, mismatch);
    o.insert(u"latency_ms"_s, latencyMs);
    return o;
}

std::optional<LedgerEntry> LedgerEntry::fromJson(const QJsonObject &o)
{
    LedgerEntry e;
    e.callId = o.value(u"call_id"_s).toString();
    const auto status = statusFromName(o.value(u"status"_s).toString());
    if (e.callId.isEmpty() || !status)
        return std::nullopt;
    e.status = *status;
    const auto number = [&](const QString &key) -> qint64 {
        const QJsonValue v = o.value(key);
        return v.isString() ? v.toString().toLongLong() : qint64(v.toDouble());
    };
    const auto credits = [&](const QString &key) -> std::optional<Credits> {
        const QJsonValue v = o.value(key);
        if (v.isNull() || v.isUndefined() || (v.isString() && v.toString().isEmpty()))
            return std::nullopt;
        return number(key);
    };
    const auto flag = [&](const QString &key) {
        const QJsonValue v = o.value(key);
        return v.isBool() ? v.toBool() : v.toString() == u"true"_s;
    };
    const auto time = [&](const QString &key) {
        return QDateTime::fromString(o.value(key).toString(), Qt::ISODateWithMs);
    };
    e.id = number(u"id"_s);
    e.profile = o.value(u"profile"_s).toString();
    e.time = time(u"time"_s);
    e.finishedAt = time(u"finished_at"_s);
    e.tab = o.value(u"tab"_s).toString();
    e.route = o.value(u"route"_s).toString();
    e.model = o.value(u"model"_s).toString();
    e.modality = modalityFromName(o.value(u"modality"_s).toString());
    e.requestId = o.value(u"request_id"_s).toString();
    e.taskId = o.value(u"task_id"_s).toString();
    e.httpStatus = int(number(u"http_status"_s));
    e.errorCode = o.value(u"error_code"_s).toString();
    e.errorMessage = o.value(u"error_message"_s).toString();
    e.inputTokens = number(u"input_tokens"_s);
    e.outputTokens = number(u"output_tokens"_s);
    const QJsonValue units = o.value(u"units"_s);
    e.units = units.isString() ? units.toString().toDouble() : units.toDouble();
    e.estimatedCredits = credits(u"estimated_credits"_s);
    e.chargedCredits = number(u"charged_credits"_s);
    e.chargeStated = flag(u"charge_stated"_s);
    e.reservedCredits = number(u"reserved_credits"_s);
    e.reconciledCredits = credits(u"reconciled_credits"_s);
    e.reconciledAt = time(u"reconciled_at"_s);
    e.mismatch = flag(u"mismatch"_s);
    e.latencyMs = number(u"latency_ms"_s);
    return e;
}

QByteArray Ledger::exportCsv(const QString &profile) const
{
    QString out = kFields.join(u',') + u"\r\n"_s;
    const QList<LedgerEntry> all = entries(profile, std::numeric_limits<int>::max(), 0);
    for (const LedgerEntry &e : all) {
        const QJsonObject o = e.toJson();
        QStringList fields;
        fields.reserve(kFields.size());
        for (const QString &f : kFields)
            fields << csvField(o.value(f));
        out += fields.join(u',') + u"\r\n"_s;
    }
    return out.toUtf8();
}

QByteArray Ledger::exportJson(const QString &profile) const
{
    QJsonArray list;
    const QList<LedgerEntry> all = entries(profile, std::numeric_limits<int>::max(), 0);
    for (const LedgerEntry &e : all)
        list.append(e.toJson());
    const QJsonObject root {
        {u"money_unit"_s, u"credits (1 USD = 1000000 credits)"_s}, {u"entries"_s, list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QList<LedgerEntry> Ledger::parseCsv(const QByteArray &csv, QString *error)
{
    QList<LedgerEntry> out;
    const QList<QStringList> records = parseCsvRecords(QString::fromUtf8(csv));
    if (records.isEmpty() || records.first() != kFields) {
        if (error)
            *error = u"not a ledger CSV export (header differs)"_s;
        return out;
    }
    for (qsizetype i = 1; i < records.size(); ++i) {
        const QStringList &r = records.at(i);
        if (r.size() != kFields.size()) {
            if (error)
                *error = u"line %1 has %2 fields, expected %3"_s.arg(i + 1).arg(r.size()).arg(
                    kFields.size());
            return {};
        }
        QJsonObject o;
        for (qsizetype f = 0; f < kFields.size(); ++f)
            o.insert(kFields.at(f), fromSpreadsheetSafe(r.at(f)));
        const auto e = LedgerEntry::fromJson(o);
        if (!e) {
            if (error)
                *error = u"line %1 is not a ledger entry"_s.arg(i + 1);
            return {};
        }
        out << *e;
    }
    return out;
}

QList<LedgerEntry> Ledger::parseJson(const QByteArray &json, QString *error)
{
    QList<LedgerEntry> out;
    const QJsonValue list = QJsonDocument::fromJson(json).object().value(u"entries"_s);
    if (!list.isArray()) {
        if (error)
            *error = u"not a ledger JSON export"_s;
        return out;
    }
    for (const QJsonValue &v : list.toArray()) {
        const auto e = LedgerEntry::fromJson(v.toObject());
        if (!e) {
            if (error)
                *error = u"an entry is not a ledger entry"_s;
            return {};
        }
        out << *e;
    }
    return out;
}

} // namespace bsp
