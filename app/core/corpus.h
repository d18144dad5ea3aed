#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace bsp {

// One piece of a corpus that is embedded, recalled and reranked on its own.
struct Chunk
{
    QString source; // file path (or "paste")
    int position = 0; // 0-based index of the chunk within its source
    int record = 0; // 1-based line of a CSV/JSONL record; 0 for plain text
    QString text;

    // A stable id for output and exports: "source#position".
    QString id() const { return source + u'#' + QString::number(position); }
};

// A line of a CSV or JSONL file that was skipped, and why.
struct CorpusIssue
{
    QString source;
    int line = 0; // 1-based
    QString message;
};

struct CorpusOptions
{
    enum class Format { Auto, Text, Csv, Jsonl };
    enum class Chunking { Paragraph, Characters };

    Format format = Format::Auto; // Auto: by extension (.csv, .jsonl/.ndjson, else text)
    QString field; // CSV column (header name or 1-based number) / JSONL field; default "text"
    Chunking chunking = Chunking::Paragraph;
    int chunkSize = 500; // characters, for Chunking::Characters (and the paragraph cap)
    int overlap = 50; // characters shared by neighbouring chunks

    // "paragraph" or "chars:N[:OVERLAP]" (the CLI's --chunk); false on a bad spec.
    bool parseChunkSpec(const QString &spec);
    QString chunkSpec() const;
};

struct Corpus
{
    QList<Chunk> chunks;
    QList<CorpusIssue> issues;
    QStringList sources;

    QStringList texts() const;
    void append(Corpus other);
};

// Loads text files, folders, CSV and JSONL into chunks. Pure functions over files: no
// Qt GUI, callable from a worker thread. Text is read as UTF-8 (Chinese included).
class CorpusLoader
{
public:
    // A file or a folder (every .txt/.md/.csv/.jsonl/.ndjson below it, sorted by path).
    static Corpus load(const QString &path, const CorpusOptions &options);
    static Corpus loadFile(const QString &path, const CorpusOptions &options);
    // Text typed or pasted by the user; `source` names it in the table.
    static Corpus fromText(const QString &text, const CorpusOptions &options,
        const QString &source = QStringLiteral("paste"));

    // Splits one text into chunks by the options (blank-line paragraphs, or windows of
    // chunkSize characters that overlap by `overlap`). Never splits a surrogate pair.
    static QStringList chunk(const QString &text, const CorpusOptions &options);

    // Parses CSV (RFC 4180: quotes, doubled quotes, newlines inside quotes). Each record
    // with the line it starts on; a record with an unterminated quote ends the parse
    // with an issue.
    struct CsvRecord
    {
        int line = 0;
        QStringList fields;
    };
    static QList<CsvRecord> parseCsv(const QString &text, QString *error, int *errorLine);
};

} // namespace bsp
