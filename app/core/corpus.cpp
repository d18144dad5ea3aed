#include "core/corpus.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bsp {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CorpusLoader)
};

// Largest file the loader reads whole (a corpus this size is ~100,000 chunks).
constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024;

CorpusOptions::Format formatFor(const QString &path, CorpusOptions::Format asked)
{
    if (asked != CorpusOptions::Format::Auto)
        return asked;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "csv"_L1)
        return CorpusOptions::Format::Csv;
    if (suffix == "jsonl"_L1 || suffix == "ndjson"_L1)
        return CorpusOptions::Format::Jsonl;
    return CorpusOptions::Format::Text;
}

void addChunks(Corpus &corpus, const QString &source, int record, const QString &text,
    const CorpusOptions &options)
{
    int position = corpus.chunks.isEmpty() || corpus.chunks.constLast().source != source
        ? 0
        : corpus.chunks.constLast().position + 1;
    for (const QString &piece : CorpusLoader::chunk(text, options))
        corpus.chunks.append(Chunk {source, position++, record, piece});
}

int columnFor(const QStringList &header, const QString &field)
{
    const QString wanted = field.isEmpty() ? u"text"_s : field;
    bool isNumber = false;
    const int n = wanted.toInt(&isNumber);
    if (isNumber)
        return n >= 1 && n <= header.size() ? n - 1 : -1;
    for (qsizetype i = 0; i < header.size(); ++i) {
        if (header.at(i).trimmed().compare(wanted, Qt::CaseInsensitive) == 0)
            return int(i);
    }
    return field.isEmpty() && header.size() == 1 ? 0 : -1;
}

void loadCsv(
    Corpus &corpus, const QString &source, const QString &text, const CorpusOptions &options)
{
    QString error;
    int errorLine = 0;
    const QList<CorpusLoader::CsvRecord> records = CorpusLoader::parseCsv(text, &error, &errorLine);
    if (!error.isEmpty())
        corpus.issues.append(CorpusIssue {source, errorLine, error});
    if (records.isEmpty())
        return;
    const QStringList &header = records.constFirst().fields;
    const int column = columnFor(header, options.field);
    if (column < 0) {
        corpus.issues.append(CorpusIssue {source, records.constFirst().line,
            Tr::tr("no column '%1' in the header (%2)")
                .arg(options.field.isEmpty() ? u"text"_s : options.field, header.join(u", "_s))});
        return;
    }
    for (qsizetype i = 1; i < records.size(); ++i) {
        const CorpusLoader::CsvRecord &r = records.at(i);
        if (r.fields.size() == 1 && r.fields.constFirst().isEmpty())
            continue; // a blank line
        if (r.fields.size() != header.size()) {
            corpus.issues.append(CorpusIssue {source, r.line,
                Tr::tr("expected %1 fields, found %2").arg(header.size()).arg(r.fields.size())});
            continue;
        }
        if (r.fields.at(column).trimmed().isEmpty())
            continue;
        addChunks(corpus, source, r.line, r.fields.at(column), options);
    }
}

void loadJsonl(
    Corpus &corpus, const QString &source, const QString &text, const CorpusOptions &options)
{
    const QString field = options.field.isEmpty() ? u"text"_s : options.field;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const int lineNo = int(i) + 1;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            corpus.issues.append(CorpusIssue {source, lineNo,
                pe.error != QJsonParseError::NoError ? Tr::tr("not valid JSON: %1 at column %2")
                                                           .arg(pe.errorString())
                                                           .arg(pe.offset + 1)
                                                     : Tr::tr("not a JSON object")});
            continue;
        }
        const QJsonValue v = doc.object().value(field);
        if (!v.isString()) {
            corpus.issues.append(CorpusIssue {source, lineNo,
                v.isUndefined() ? Tr::tr("no field '%1'").arg(field)
                                : Tr::tr("field '%1' is not a string").arg(field)});
            continue;
        }
        if (!v.toString().trimmed().isEmpty())
            addChunks(corpus, source, lineNo, v.toString(), options);
    }
}

} // namespace

bool CorpusOptions::parseChunkSpec(const QString &spec)
{
    if (spec == "paragraph"_L1) {
        chunking = Chunking::Paragraph;
        return true;
    }
    const QStringList parts = spec.split(u':');
    if (parts.size() < 2 || parts.size() > 3 || parts.at(0) != "chars"_L1)
        return false;
    bool ok = false;
    const int size = parts.at(1).toInt(&ok);
    if (!ok || size < 1 || size > 100'000)
        return false;
    int over = 0;
    if (parts.size() == 3) {
        over = parts.at(2).toInt(&ok);
        if (!ok || over < 0 || over >= size)
            return false;
    }
    chunking = Chunking::Characters;
    chunkSize = size;
    overlap = over;
    return true;
}

QString CorpusOptions::chunkSpec() const
{
    if (chunking == Chunking::Paragraph)
        return u"paragraph"_s;
    return u"chars:%1:%2"_s.arg(chunkSize).arg(overlap);
}

QStringList Corpus::texts() const
{
    QStringList out;
    out.reserve(chunks.size());
    for (const Chunk &c : chunks)
        out.append(c.text);
    return out;
}

void Corpus::append(Corpus other)
{
    chunks += std::move(other.chunks);
    issues += std::move(other.issues);
    sources += std::move(other.sources);
}

QStringList CorpusLoader::chunk(const QString &text, const CorpusOptions &options)
{
    QStringList out;
    if (options.chunking == CorpusOptions::Chunking::Paragraph) {
        static const QRegularExpression blank(u"\\n[ \\t\\r\\x{3000}]*\\n"_s);
        QString normalised = text;
        normalised.replace(u"\r\n"_s, u"\n"_s);
        for (const QString &p : normalised.split(blank)) {
            const QString t = p.trimmed();
            if (!t.isEmpty())
                out.append(t);
        }
        return out;
    }
    const QString t = text.trimmed();
    const qsizetype size = std::max(1, options.chunkSize);
    const qsizetype step
        = std::max<qsizetype>(1, size - std::clamp<qsizetype>(options.overlap, 0, size - 1));
    for (qsizetype at = 0; at < t.size();) {
        qsizetype end = std::min(t.size(), at + size);
        if (end < t.size() && end > at + 1 && t.at(end - 1).isHighSurrogate())
            --end;
        const QString piece = t.mid(at, end - at).trimmed();
        if (!piece.isEmpty())
            out.append(piece);
        if (end >= t.size())
            break;
        qsizetype next = at + step;
        if (next < t.size() && t.at(next).isLowSurrogate())
            ++next;
        at = std::min(next, end);
    }
    return out;
}

QList<CorpusLoader::CsvRecord> CorpusLoader::parseCsv(
    const QString &text, QString *error, int *errorLine)
{
    QList<CsvRecord> records;
    CsvRecord current {1, {}};
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == u',') {
            current.fields.append(field);
            field.clear();
            fieldStarted = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n')
                ++i;
            current.fields.append(field);
            records.append(current);
            field.clear();
            fieldStarted = false;
            current = CsvRecord {++line, {}};
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) {
        if (error)
            *error = Tr::tr("a quoted field that starts here is never closed");
        if (errorLine)
            *errorLine = quoteLine;
        return records;
    }
    if (fieldStarted || !current.fields.isEmpty()) {
        current.fields.append(field);
        records.append(current);
    }
    return records;
}

Corpus CorpusLoader::loadFile(const QString &path, const CorpusOptions &options)
{
    Corpus corpus;
    corpus.sources.append(path);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        corpus.issues.append(CorpusIssue {path, 0, Tr::tr("cannot read: %1").arg(f.errorString())});
        return corpus;
    }
    if (f.size() > kMaxFileBytes) {
        corpus.issues.append(CorpusIssue {path, 0,
            Tr::tr("larger than %1 MB; split it first").arg(kMaxFileBytes / (1024 * 1024))});
        return corpus;
    }
    QString text = QString::fromUtf8(f.readAll());
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    switch (formatFor(path, options.format)) {
    case CorpusOptions::Format::Csv:
        loadCsv(corpus, path, text, options);
        break;
    case CorpusOptions::Format::Jsonl:
        loadJsonl(corpus, path, text, options);
        break;
    default:
        addChunks(corpus, path, 0, text, options);
        break;
    }
    return corpus;
}

Corpus CorpusLoader::load(const QString &path, const CorpusOptions &options)
{
    const QFileInfo info(path);
    if (!info.isDir())
        return loadFile(path, options);
    QStringList files;
    QDirIterator it(path, {u"*.txt"_s, u"*.md"_s, u"*.csv"_s, u"*.jsonl"_s, u"*.ndjson"_s},
        QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    std::sort(files.begin(), files.end());
    Corpus corpus;
    for (const QString &file : files)
        corpus.append(loadFile(file, options));
    return corpus;
}

Corpus CorpusLoader::fromText(
    const QString &text, const CorpusOptions &options, const QString &source)
{
    Corpus corpus;
    corpus.sources.append(source);
    CorpusOptions o = options;
    const QString trimmed = text.trimmed();
    if (o.format == CorpusOptions::Format::Csv)
        loadCsv(corpus, source, trimmed, o);
    else if (o.format == CorpusOptions::Format::Jsonl)
        loadJsonl(corpus, source, trimmed, o);
    else
        addChunks(corpus, source, 0, trimmed, o);
    return corpus;
}

} // namespace bsp
