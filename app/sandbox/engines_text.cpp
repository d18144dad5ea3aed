// Embeddings and rerank: feature hashing and BM25-style overlap over one tokenisation
// (lower-cased words, CJK characters and CJK character bigrams).

#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"

#include <QHash>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

namespace bsp::sandbox {

namespace {

using detail::StableHash;

enum class Kind { Word, Cjk };

struct Token
{
    QStringView text;
    Kind kind;
};

bool isCjk(char32_t ucs4)
{
    switch (QChar::script(ucs4)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
    case QChar::Script_Bopomofo:
        return true;
    default:
        return false;
    }
}

// Splits already lower-cased text into word runs and single CJK characters (one token
// per code point, so surrogate pairs stay whole).
QVarLengthArray<Token, 64> tokenize(QStringView text)
{
    QVarLengthArray<Token, 64> tokens;
    qsizetype wordStart = -1;
    const qsizetype n = text.size();
    auto closeWord = [&](qsizetype end) {
        if (wordStart >= 0)
            tokens.append({text.sliced(wordStart, end - wordStart), Kind::Word});
        wordStart = -1;
    };
    for (qsizetype i = 0; i < n;) {
        char32_t ucs4 = text[i].unicode();
        qsizetype len = 1;
        if (QChar::isHighSurrogate(ucs4) && i + 1 < n && text[i + 1].isLowSurrogate()) {
            ucs4 = QChar::surrogateToUcs4(text[i], text[i + 1]);
            len = 2;
        }
        if (isCjk(ucs4)) {
            closeWord(i);
            tokens.append({text.sliced(i, len), Kind::Cjk});
        } else if (QChar::isLetterOrNumber(ucs4)
            || QChar::category(ucs4) == QChar::Mark_NonSpacing) {
            if (wordStart < 0)
                wordStart = i;
        } else {
            closeWord(i);
        }
        i += len;
    }
    closeWord(n);
    return tokens;
}

bool isStopword(QStringView w)
{
    static const QStringView kStop[] = {u"a", u"an", u"and", u"are", u"as", u"at", u"be", u"by",
        u"for", u"from", u"has", u"he", u"in", u"is", u"it", u"its", u"of", u"on", u"or", u"that",
        u"the", u"this", u"to", u"was", u"were", u"will", u"with", u"what", u"which", u"who",
        u"how", u"do", u"does", u"i", u"you", u"we"};
    if (w.size() > 5)
        return false;
    return std::any_of(std::begin(kStop), std::end(kStop), [w](QStringView s) { return s == w; });
}

bool isVowel(QChar c)
{
    return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u';
}

// A light English suffix stripper ("running", "runner", "runs" -> "run"): both sides of
// a comparison go through it, so an odd stem such as "wat" for "water" does no harm.
QStringView stem(QStringView w)
{
    if (w.size() <= 3 || w.front().unicode() >= 0x80)
        return w;
    const auto undouble = [](QStringView s) {
        const qsizetype n = s.size();
        if (n >= 3 && s[n - 1] == s[n - 2] && !isVowel(s[n - 1]) && s[n - 1] != u'l'
            && s[n - 1] != u's' && s[n - 1] != u'z')
            return s.chopped(1);
        return s;
    };
    if (w.size() > 5 && w.endsWith(u"ing"))
        return undouble(w.chopped(3));
    if (w.size() > 4 && (w.endsWith(u"ed") || w.endsWith(u"er")))
        return undouble(w.chopped(2));
    if (w.size() > 4 && w.endsWith(u"ies"))
        return w.chopped(2); // "stories" -> "stori", as "story" -> "stori" below
    if (w.size() > 4 && w.endsWith(u"ly"))
        return w.chopped(2);
    if (w.endsWith(u"sses"))
        return w.chopped(2);
    if (w.endsWith(u's') && !w.endsWith(u"ss") && !w.endsWith(u"us") && !w.endsWith(u"is"))
        return w.chopped(1);
    return w;
}

// One feature with its summed occurrences; sublinear tf is applied after counting.
struct Feature
{
    float weight = 0;
    int count = 0;
};

void addFeature(QHash<quint64, Feature> &features, quint64 hash, float weight)
{
    Feature &f = features[hash];
    f.weight = std::max(f.weight, weight);
    ++f.count;
}

QList<float> fixedEmptyVector()
{
    QList<float> v(kEmbeddingDimensions, 0.0f);
    const quint64 h = detail::hashText(u"<empty>");
    v[int(h % kEmbeddingDimensions)] = (h >> 63) ? -1.0f : 1.0f;
    return v;
}

} // namespace

QList<float> embedText(QStringView text)
{
    const QString lower = text.toString().toLower();
    const auto tokens = tokenize(lower);
    if (tokens.isEmpty())
        return fixedEmptyVector();

    QHash<quint64, Feature> features;
    features.reserve(tokens.size() * 6);
    QStringView prevWord;
    QStringView prevCjk;
    for (const Token &t : tokens) {
        if (t.kind == Kind::Cjk) {
            addFeature(features, StableHash().add(u'c').add(t.text).value(), 0.7f);
            if (!prevCjk.isEmpty())
                addFeature(features, StableHash().add(u'd').add(prevCjk).add(t.text).value(), 1.0f);
            prevCjk = t.text;
            prevWord = {};
            continue;
        }
        prevCjk = {};
        const float w = isStopword(t.text) ? 0.25f : 1.0f;
        const QStringView base = stem(t.text);
        addFeature(features, StableHash().add(u'w').add(base).value(), w);
        if (!prevWord.isEmpty())
            addFeature(features, StableHash().add(u'b').add(prevWord).add(u' ').add(base).value(),
                0.6f * w);
        prevWord = base;
        // Character trigrams of "^word$" tie inflections and typos together.
        const qsizetype len = t.text.size();
        if (len >= 2) {
            for (qsizetype i = -1; i + 2 <= len; ++i) {
                StableHash h;
                h.add(u't');
                for (qsizetype k = i; k < i + 3; ++k)
                    h.add(k < 0 ? u'^' : (k >= len ? u'$' : t.text[k].unicode()));
                addFeature(features, h.value(), 0.35f * w);
            }
        }
    }

    QList<float> v(kEmbeddingDimensions, 0.0f);
    for (auto it = features.cbegin(); it != features.cend(); ++it) {
        const quint64 h = it.key();
        const float value = it->weight * (1.0f + std::log(float(it->count)));
        v[int(h % kEmbeddingDimensions)] += (h >> 63) ? -value : value;
    }
    double norm = 0;
    for (float x : std::as_const(v))
        norm += double(x) * x;
    if (norm <= 0)
        return fixedEmptyVector();
    const float inv = float(1.0 / std::sqrt(norm));
    for (float &x : v)
        x *= inv;
    return v;
}

namespace {

// Rerank terms: stemmed words, CJK characters and CJK bigrams, each with a weight
// standing in for IDF (stopwords and lone characters say little).
void rerankTerms(QStringView lowered, QHash<quint64, Feature> &terms, int *length)
{
    const auto tokens = tokenize(lowered);
    QStringView prevCjk;
    int n = 0;
    for (const Token &t : tokens) {
        if (t.kind == Kind::Cjk) {
            addFeature(terms, StableHash().add(u'c').add(t.text).value(), 0.4f);
            if (!prevCjk.isEmpty())
                addFeature(terms, StableHash().add(u'd').add(prevCjk).add(t.text).value(), 1.0f);
            prevCjk = t.text;
            ++n;
            continue;
        }
        prevCjk = {};
        addFeature(terms, StableHash().add(u'w').add(stem(t.text)).value(),
            isStopword(t.text) ? 0.2f : 1.0f);
        ++n;
    }
    *length = n;
}

} // namespace

double rerankScore(QStringView query, QStringView document)
{
    constexpr double k1 = 1.2;
    constexpr double b = 0.75;
    QHash<quint64, Feature> q;
    QHash<quint64, Feature> d;
    int qlen = 0;
    int dlen = 0;
    rerankTerms(query.toString().toLower(), q, &qlen);
    rerankTerms(document.toString().toLower(), d, &dlen);
    if (q.isEmpty() || d.isEmpty())
        return 0.0;

    // No corpus statistics: the reference length is the query's (at least a short
    // sentence), so long documents that mention a term once count for less.
    const double avgdl = std::max(12.0, double(qlen));
    const double lengthNorm = k1 * (1 - b + b * double(dlen) / avgdl);
    double total = 0;
    double matched = 0;
    for (auto it = q.cbegin(); it != q.cend(); ++it) {
        total += it->weight;
        const auto hit = d.constFind(it.key());
        if (hit == d.cend())
            continue;
        const double tf = hit->count;
        matched += it->weight * tf * (k1 + 1) / (tf + lengthNorm);
    }
    const double x = matched / total;
    // Saturating: full coverage lands near 1, a stray shared stopword near 0.
    return std::clamp(1.0 - std::exp(-3.0 * x * x), 0.0, 1.0);
}

} // namespace bsp::sandbox
