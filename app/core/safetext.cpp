#include "core/safetext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace bsp {

QString maskKey(const QString &key)
{
    const QString k = key.trimmed();
    if (k.size() < 12)
        return u"…"_s; // too short to show any of it safely
    // Keep the public prefix ("sk-byts-"), up to the second dash.
    QString prefix;
    const qsizetype first = k.indexOf(u'-');
    const qsizetype second = first >= 0 ? k.indexOf(u'-', first + 1) : -1;
    if (second > 0 && second <= 8)
        prefix = k.left(second + 1);
    return prefix + u"…"_s + k.right(4);
}

QString scrubSecrets(QString text)
{
    if (text.isEmpty())
        return text;
    // A header echoed whole: keep its name, mask its value.
    static const QRegularExpression header(
        u"(?i)\\b(x-api-key|authorization)(\\s*[:=]\\s*)(bearer\\s+)?([^\\s,;\"']+)"_s);
    // Possessive runs that may not end at a mask: what is masked once stays as it is.
    static const QRegularExpression bearer(u"(?i)\\b(bearer\\s+)([A-Za-z0-9._~+/=-]{8,}+)(?!…)"_s);
    static const QRegularExpression key(u"\\bsk-[A-Za-z0-9_-]{4,}+(?!…)"_s);
    const auto replaceAll = [&text](const QRegularExpression &re, int group, auto &&keep) {
        QString out;
        qsizetype at = 0;
        for (auto it = re.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out += QStringView(text).sliced(at, m.capturedStart(group) - at);
            out += keep(m);
            at = m.capturedEnd(group);
        }
        if (at == 0)
            return;
        out += QStringView(text).sliced(at);
        text = out;
    };
    replaceAll(header, 4, [](const QRegularExpressionMatch &m) { return maskKey(m.captured(4)); });
    replaceAll(bearer, 2, [](const QRegularExpressionMatch &m) { return maskKey(m.captured(2)); });
    replaceAll(key, 0, [](const QRegularExpressionMatch &m) { return maskKey(m.captured(0)); });
    return text;
}

QString stripTerminalControls(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 && u != u'\n' && u != u'\t')
            continue;
        if (u >= 0x7f && u <= 0x9f)
            continue;
        // Bidirectional embeddings, overrides and isolates reorder what is shown.
        if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
            continue;
        out.append(c);
    }
    return out;
}

QString spreadsheetSafe(const QString &cell)
{
    if (cell.isEmpty())
        return cell;
    const QChar c = cell.front();
    if (c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r' || c == u'\'')
        return u'\'' + cell;
    return cell;
}

QString fromSpreadsheetSafe(const QString &cell)
{
    return cell.startsWith(u'\'') ? cell.sliced(1) : cell;
}

} // namespace bsp
