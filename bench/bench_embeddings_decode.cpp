// bench_embeddings_decode: base64 -> little-endian float32, the hot path of
// /v1/embeddings with encoding_format=base64 (bsp::EmbeddingResult).
//
// Target: >= 1 GB/s of decoded float bytes through EmbeddingResult::decodeBase64Floats,
// one response = 256 vectors of 1024 dimensions (1 MiB of floats). Baseline in the same
// run: QByteArray::fromBase64 + memcpy. Also reported: EmbeddingResult::fromJson on a
// parsed response, and JSON parse + fromJson from the raw body (what a reply costs).
#include "benchutil.h"
#include "core/wire_media.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

using namespace Qt::StringLiterals;
using bsp::bench::Cmp;

namespace {

constexpr int kVectors = 256;
constexpr int kDims = 1024;
constexpr qsizetype kResponseFloatBytes = qsizetype(kVectors) * kDims * 4;
constexpr int kResponsesPerRun = 16; // 16 MiB of floats per timed run
constexpr int kRuns = 5;

struct Response
{
    QList<QByteArray> vectors; // base64 text of each embedding
    QList<float> expected; // what decoding must give, row-major
    QByteArray body; // the whole JSON answer
};

Response makeResponse()
{
    Response r;
    bsp::bench::Rng rng(7);
    r.expected.resize(qsizetype(kVectors) * kDims);
    QJsonArray data;
    for (int v = 0; v < kVectors; ++v) {
        float *row = r.expected.data() + qsizetype(v) * kDims;
        for (int d = 0; d < kDims; ++d)
            row[d] = float(rng.unit() * 2.0 - 1.0) * 0.05f; // unit-norm-ish components
        const QByteArray b64
            = QByteArray(reinterpret_cast<const char *>(row), kDims * 4).toBase64();
        r.vectors.append(b64);
        data.append(QJsonObject {{u"object"_s, u"embedding"_s}, {u"index"_s, v},
            {u"embedding"_s, QString::fromLatin1(b64)}});
    }
    const QJsonObject o {{u"object"_s, u"list"_s}, {u"data"_s, data},
        {u"model"_s, u"bge-large-zh-v1.5"_s},
        {u"usage"_s, QJsonObject {{u"prompt_tokens"_s, 4096}, {u"total_tokens"_s, 4096}}}};
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

bool sameFloats(const QList<float> &a, const QList<float> &b)
{
    return a.size() == b.size()
        && std::memcmp(a.constData(), b.constData(), size_t(a.size()) * sizeof(float)) == 0;
}

// One response through the client's decoder, as fromJson calls it per vector.
bool decodeWithClient(const Response &r, QList<float> &out)
{
    out.clear();
    out.reserve(qsizetype(kVectors) * kDims);
    for (const QByteArray &b64 : r.vectors) {
        if (!bsp::EmbeddingResult::decodeBase64Floats(b64, out))
            return false;
    }
    return true;
}

// The baseline: Qt's decoder and a copy, nothing else.
void decodeWithQt(const Response &r, QList<float> &out)
{
    out.resize(qsizetype(kVectors) * kDims);
    char *dst = reinterpret_cast<char *>(out.data());
    for (const QByteArray &b64 : r.vectors) {
        const QByteArray raw = QByteArray::fromBase64(b64);
        std::memcpy(dst, raw.constData(), size_t(raw.size()));
        dst += raw.size();
    }
}

double gbPerSecond(const bsp::bench::Timing &t, int responses, bool cpu = false)
{
    return double(kResponseFloatBytes) * responses / (cpu ? t.cpu : t.wall) / 1e9;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    bsp::bench::Report report("bench_embeddings_decode");

    const Response response = makeResponse();
    std::printf("# response: %d x %d-d float32 (%.2f MiB decoded, %.2f MiB JSON); %d responses per "
                "run, best of %d runs\n",
        kVectors, kDims, double(kResponseFloatBytes) / (1 << 20),
        double(response.body.size()) / (1 << 20), kResponsesPerRun, kRuns);

    // Correctness first: a fast wrong decoder is no result.
    QList<float> out;
    bool correct = decodeWithClient(response, out) && sameFloats(out, response.expected);
    QList<float> rejected;
    correct = correct && !bsp::EmbeddingResult::decodeBase64Floats("AAAAAA*AAAA=", rejected)
        && rejected.isEmpty();
    const QJsonObject parsed = QJsonDocument::fromJson(response.body).object();
    const auto viaJson = bsp::EmbeddingResult::fromJson(parsed);
    correct = correct && viaJson && viaJson->count == kVectors && viaJson->dimensions == kDims
        && sameFloats(viaJson->values, response.expected);
    report.check("embeddings_decode_correct", correct ? 1 : 0, Cmp::Equal, 1);

    const auto client = bsp::bench::bestOf(kRuns, [&] {
        for (int i = 0; i < kResponsesPerRun; ++i)
            decodeWithClient(response, out);
    });
    const auto baseline = bsp::bench::bestOf(kRuns, [&] {
        for (int i = 0; i < kResponsesPerRun; ++i)
            decodeWithQt(response, out);
    });
    constexpr int jsonResponses = kResponsesPerRun / 4;
    const auto fromJson = bsp::bench::bestOf(kRuns, [&] {
        for (int i = 0; i < jsonResponses; ++i)
            (void)bsp::EmbeddingResult::fromJson(parsed);
    });
    const auto parseAndFromJson = bsp::bench::bestOf(kRuns, [&] {
        for (int i = 0; i < jsonResponses; ++i)
            (void)bsp::EmbeddingResult::fromJson(QJsonDocument::fromJson(response.body).object());
    });

    report.info("embeddings_baseline_qt_frombase64_GBps", gbPerSecond(baseline, kResponsesPerRun),
        "(QByteArray::fromBase64 + memcpy)");
    report.check(
        "embeddings_decode_GBps", gbPerSecond(client, kResponsesPerRun), Cmp::AtLeast, 1.0);
    report.info("embeddings_fromjson_GBps", gbPerSecond(fromJson, jsonResponses),
        "(EmbeddingResult::fromJson on a parsed QJsonObject)");
    report.info("embeddings_parse_and_fromjson_GBps", gbPerSecond(parseAndFromJson, jsonResponses),
        "(QJsonDocument::fromJson + EmbeddingResult::fromJson)");
    report.info("embeddings_decode_cpu_GBps", gbPerSecond(client, kResponsesPerRun, true),
        "(per second of CPU: the figure on an idle core)");
    report.info("embeddings_fromjson_ms_per_response", fromJson.wall * 1000 / jsonResponses);
    return report.finish();
}
