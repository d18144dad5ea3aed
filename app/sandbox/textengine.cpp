#include "sandbox/textengine.h"

#include "core/tokens.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

enum class Voice { Terse, Plain, Verbose };

Voice voiceFor(const QString &model)
{
    const QString m = model.toLower();
    if (m.contains(u"haiku"_s) || m.contains(u"lite"_s) || m.contains(u"mini"_s))
        return Voice::Terse;
    if (m.contains(u"opus"_s) || m.contains(u"pro"_s))
        return Voice::Verbose;
    return Voice::Plain;
}

// A stable number from the inputs that matter, so the same request words the same way.
quint64 wordingSeed(const ReplyFacts &f)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData(f.model.toUtf8());
    h.addData(f.lastUserText.toUtf8());
    h.addData(QByteArray::number(f.temperature.value_or(0), 'f', 3));
    const QByteArray r = h.result();
    quint64 v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<quint8>(r.at(i));
    return v;
}

QString pick(const QStringList &options, quint64 seed, bool vary)
{
    if (!vary || options.size() < 2)
        return options.constFirst();
    return options.at(static_cast<qsizetype>(seed % static_cast<quint64>(options.size())));
}

QString joinColours(const QStringList &colours)
{
    if (colours.isEmpty())
        return u"no dominant colour"_s;
    if (colours.size() == 1)
        return colours.constFirst();
    return colours.mid(0, colours.size() - 1).join(u", "_s) + u" and "_s + colours.constLast();
}

QString echoOf(const QString &text, int maxChars)
{
    QString t = text.simplified();
    if (t.size() <= maxChars)
        return t;
    t.truncate(maxChars);
    const qsizetype space = t.lastIndexOf(u' ');
    if (space > maxChars / 2)
        t.truncate(space);
    return t + u"…"_s;
}

int wordCount(const QString &text)
{
    int words = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool wordChar = c.isLetterOrNumber();
        // Each CJK character counts as a word of its own.
        if (wordChar && c.unicode() >= 0x2E80) {
            ++words;
            inWord = false;
        } else if (wordChar && !inWord) {
            ++words;
            inWord = true;
        } else if (!wordChar) {
            inWord = false;
        }
    }
    return words;
}

QStringList topWords(const QString &text, int n)
{
    static const QRegularExpression re(u"[A-Za-z]{4,}"_s);
    QHash<QString, int> counts;
    QStringList order;
    auto it = re.globalMatch(text.toLower());
    while (it.hasNext()) {
        const QString w = it.next().captured();
        if (!counts.contains(w))
            order.append(w);
        ++counts[w];
    }
    std::stable_sort(order.begin(), order.end(),
        [&](const QString &a, const QString &b) { return counts[a] > counts[b]; });
    return order.mid(0, n);
}

QString imageSentences(const ReplyFacts &f, Voice voice)
{
    QString out;
    for (qsizetype i = 0; i < f.images.size(); ++i) {
        const ReplyImage &img = f.images.at(i);
        const QString dims
            = QString::number(img.size.width()) + u'x' + QString::number(img.size.height());
        if (voice == Voice::Terse)
            out += u" Image "_s + QString::number(i + 1) + u": "_s + dims + u", "_s
                + joinColours(img.colours) + u'.';
        else
            out += u" Image "_s + QString::number(i + 1) + u" is "_s + dims + u" pixels ("_s
                + img.format + u"), mostly "_s + joinColours(img.colours) + u'.';
    }
    return out;
}

} // namespace

QString composeReply(const ReplyFacts &f)
{
    const Voice voice = voiceFor(f.model);
    const bool vary = f.temperature.value_or(0) > 0;
    const quint64 seed = wordingSeed(f);
    const QString tokens = QString::number(f.inputTokens);
    const QString turns = QString::number(f.turns) + (f.turns == 1 ? u" turn"_s : u" turns"_s);
    const QString echo = echoOf(f.lastUserText, voice == Voice::Terse ? 60 : 140);
    const int words = wordCount(f.lastUserText);

    QString text;
    if (voice == Voice::Terse) {
        text = pick({u"Synthetic sandbox reply from "_s, u"Sandbox reply (synthetic) from "_s,
                        u"Synthetic answer by "_s},
                   seed, vary)
            + f.model + u". Input: "_s + tokens + u" tokens in "_s + turns + u'.';
        text += imageSentences(f, voice);
        text += f.lastUserText.isEmpty() ? u" No text from you."_s
                                         : u" You said: “"_s + echo + u"”."_s;
        return text;
    }

    text = pick({u"This is a synthetic reply from the ByteSpike sandbox ("_s,
                    u"A synthetic answer from the ByteSpike sandbox ("_s,
                    u"The ByteSpike sandbox wrote this synthetic reply ("_s},
               seed, vary)
        + f.model + u"); no language model wrote it. Your request carries "_s + tokens
        + u" input tokens across "_s + turns + u" ("_s + QString::number(f.userTurns)
        + u" from you)"_s + (f.hasSystem ? u", plus a system prompt."_s : u"."_s);
    text += imageSentences(f, voice);
    if (f.toolResults > 0)
        text += u" It includes "_s + QString::number(f.toolResults) + u" tool result"_s
            + (f.toolResults == 1 ? u""_s : u"s"_s) + u'.';
    if (f.lastUserText.isEmpty())
        text += u" Your last message had no text."_s;
    else
        text += u" Your last message, "_s + QString::number(words)
            + (words == 1 ? u" word"_s : u" words"_s) + u" long, reads: “"_s + echo + u"”."_s;
    text += pick({u" Ask again and you get the same answer: the sandbox is deterministic."_s,
                     u" The same question gets the same answer here; nothing is random."_s,
                     u" Repeat the request and this text repeats too."_s},
        seed >> 8, vary);

    if (voice == Voice::Verbose) {
        const QStringList top = topWords(f.lastUserText, 3);
        text += u"\n\nA closer look at what you sent: "_s + QString::number(f.lastUserText.size())
            + u" characters and "_s + QString::number(estimateTokens(f.lastUserText))
            + u" tokens in your last message, counted by the same rule the playground uses "
              u"for its estimates, so the charge for this call matches its estimate."_s;
        if (!top.isEmpty())
            text += u" Its most frequent longer words are "_s + joinColours(top) + u'.';
        text += pick({u" Nothing here was reasoned about; every number above was measured from "
                      u"your request."_s,
                         u" No thinking happened; each figure above is a measurement of your "
                         u"request."_s},
            seed >> 16, vary);
    }
    return text;
}

LimitedText applyLimits(const QString &text, qint64 maxTokens, const QStringList &stopSequences)
{
    LimitedText out {text, u"end_turn"_s, {}};
    qsizetype stopAt = -1;
    for (const QString &s : stopSequences) {
        if (s.isEmpty())
            continue;
        const qsizetype at = text.indexOf(s);
        if (at >= 0 && (stopAt < 0 || at < stopAt)) {
            stopAt = at;
            out.stopSequence = s;
        }
    }
    if (stopAt >= 0) {
        out.text = text.left(stopAt);
        out.stopReason = u"stop_sequence"_s;
    }
    if (estimateTokens(out.text) > maxTokens) {
        // A longer prefix never counts fewer tokens, so the longest prefix that fits is
        // found by bisection.
        qsizetype lo = 0;
        qsizetype hi = out.text.size();
        while (lo < hi) {
            const qsizetype mid = (lo + hi + 1) / 2;
            if (estimateTokens(QStringView(out.text).left(mid)) <= maxTokens)
                lo = mid;
            else
                hi = mid - 1;
        }
        if (lo > 0 && out.text.at(lo - 1).isHighSurrogate())
            --lo;
        out.text.truncate(lo);
        out.stopReason = u"max_tokens"_s;
        out.stopSequence.clear();
    }
    return out;
}

QStringList splitDeltas(const QString &text, int tokensPerDelta)
{
    QStringList out;
    QString current;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const bool boundary
            = text.at(i).isSpace() && (i + 1 == text.size() || !text.at(i + 1).isSpace());
        const bool cjk = text.at(i).unicode() >= 0x2E80 && !text.at(i).isHighSurrogate();
        if (boundary || cjk) {
            const QStringView piece = QStringView(text).mid(start, i + 1 - start);
            if (estimateTokens(piece) >= tokensPerDelta) {
                out.append(piece.toString());
                start = i + 1;
            }
        }
    }
    if (start < text.size())
        out.append(text.mid(start));
    return out;
}

QStringList splitPartialJson(const QString &json, int parts)
{
    QStringList out;
    parts = std::max(1, parts);
    const qsizetype step = std::max<qsizetype>(1, (json.size() + parts - 1) / parts);
    for (qsizetype i = 0; i < json.size(); i += step) {
        qsizetype len = std::min(step, json.size() - i);
        if (len > 0 && json.at(i + len - 1).isHighSurrogate() && i + len < json.size())
            ++len;
        out.append(json.mid(i, len));
        i += len - step;
    }
    return out;
}

bool asksForPicture(const QString &text)
{
    static const QRegularExpression re(
        u"\\b(picture|image|draw|drawing|paint|illustrat\\w*|sketch|photo)s?\\b|画|图"_s,
        QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

} // namespace bsp::sandbox
