// POST /v1/images/generations and /v1/images/edits (OpenAI Images shape).
#include "core/tokens.h"
#include "sandbox/context.h"
#include "sandbox/engines.h"
#include "sandbox/engines_hash.h"
#include "sandbox/httpkit.h"
#include "sandbox/routes.h"
#include "sandbox/validation.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QJsonArray>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

using Method = QHttpServerRequest::Method;

struct ImageJob
{
    QString model;
    QString prompt;
    int n = 1;
    QString size = u"1024x1024"_s;
    bool b64 = false;
    quint64 seed = 0;
    // Images that must decode, with the field that carried each (source_image, image, mask).
    QList<QPair<QString, QByteArray>> inputs;
    int renderMs = 0; // the model's latency, time-scaled
};

struct ImageOutput
{
    QString badInput; // the field whose image does not decode
    QList<QByteArray> pngs;
};

QSize parseSize(const QString &size)
{
    const qsizetype x = size.indexOf(u'x');
    return QSize(size.left(x).toInt(), size.mid(x + 1).toInt());
}

// Accepts base64, a data: URL, or {"data": base64} / {"b64_json": ...}.
QByteArray decodeImageField(const QJsonValue &v)
{
    QString text = v.isObject()
        ? v.toObject().value("data"_L1).toString(v.toObject().value("b64_json"_L1).toString())
        : v.toString();
    if (text.startsWith(u"data:"_s))
        text = text.mid(text.indexOf(u',') + 1);
    return QByteArray::fromBase64(text.toLatin1());
}

// Validates the common fields; on failure writes the error and returns false.
bool validate(SandboxContext &ctx, const CallPtr &call, ImageJob &job, const QString &model,
    const QJsonValue &n, const QJsonValue &size, const QJsonValue &format)
{
    const ModelInfo *info = resolveModel(ctx, *call, model, Modality::Image);
    if (!info)
        return false;
    job.model = info->id;
    if (job.prompt.trimmed().isEmpty()) {
        call->fail(400, u"invalid_param"_s, u"prompt: field required"_s, u"prompt"_s);
        return false;
    }
    // `n` follows the integer rule of every route: "2" (a string) is refused like
    // max_tokens: "100".
    FieldError error;
    const auto count
        = readInteger(QJsonObject {{u"n"_s, n}}, u"n"_s, 1, info->profile.maxImages, 1, &error);
    if (!count) {
        failField(*call, error);
        return false;
    }
    job.n = int(*count);
    if (!size.isUndefined() && !size.isNull()) {
        job.size = size.toString();
        if (!imageSizes().contains(job.size)) {
            call->fail(400, u"invalid_param"_s,
                u"size must be one of %1"_s.arg(imageSizes().join(u", "_s)), u"size"_s);
            return false;
        }
    }
    const QString fmt = format.toString(u"url"_s);
    if (fmt != u"url"_s && fmt != u"b64_json"_s) {
        call->fail(400, u"invalid_param"_s, u"response_format must be url or b64_json"_s,
            u"response_format"_s);
        return false;
    }
    job.b64 = fmt == u"b64_json"_s;
    job.renderMs = ctx.scaledMs(info->profile.imageMs);
    return true;
}

void run(SandboxContext &ctx, const CallPtr &call, ImageJob job)
{
    const std::optional<Credits> cost = ctx.rateCard().imageCost(job.model, job.size, job.n);
    if (!cost) {
        call->fail(
            400, u"invalid_param"_s, u"no rate for %1 at %2"_s.arg(job.model, job.size), u"size"_s);
        return;
    }
    if (!call->reserve(*cost) || call->failWithFault())
        return;
    QElapsedTimer clock;
    clock.start();
    const QSize size = parseSize(job.size);
    auto work = [job, size] {
        ImageOutput out;
        for (const auto &[field, input] : job.inputs) {
            if (!inspectImage(input)) {
                out.badInput = field;
                return out;
            }
        }
        // Each model draws its own picture of the same prompt and seed, so that a side
        // by side compare shows a difference.
        const quint64 model = detail::hashText(job.model);
        for (int i = 0; i < job.n; ++i)
            out.pngs.append(renderImagePng(job.prompt, size, (job.seed + quint64(i)) ^ model));
        return out;
    };
    ctx.offload(call, std::move(work), [&ctx, call, job, cost, clock](ImageOutput out) {
        if (!out.badInput.isEmpty()) {
            call->fail(400, u"invalid_image"_s,
                u"the uploaded %1 does not decode"_s.arg(out.badInput), out.badInput);
            return;
        }
        // The model's latency: the render itself counts towards it.
        const int wait = std::max<qint64>(0, job.renderMs - clock.elapsed());
        ctx.later(call, wait, [&ctx, call, job, cost, out = std::move(out)] {
            QJsonArray data;
            for (int i = 0; i < out.pngs.size(); ++i) {
                QJsonObject item {{u"revised_prompt"_s,
                                      u"A synthetic %1 render of: %2"_s.arg(job.model, job.prompt)},
                    {u"seed"_s, QString::number(job.seed + quint64(i))}};
                if (job.b64) {
                    item.insert(u"b64_json"_s, QString::fromLatin1(out.pngs.at(i).toBase64()));
                } else {
                    const QString id
                        = ctx.files().put(call->key(), out.pngs.at(i), "image/png", u"png");
                    item.insert(u"url"_s, ctx.fileUrl(id));
                }
                data.append(item);
            }
            const qint64 tokens = estimateTokens(job.prompt);
            const QJsonObject usage {{u"images"_s, job.n}, {u"size"_s, job.size},
                {u"input_tokens"_s, tokens}, {u"output_tokens"_s, 0}, {u"total_tokens"_s, tokens},
                {u"credits"_s, usdFromCredits(*cost)}};
            UsageRow facts;
            facts.promptTokens = tokens;
            facts.units = job.n;
            call->succeed(QJsonObject {{u"created"_s, QDateTime::currentSecsSinceEpoch()},
                              {u"model"_s, job.model}, {u"data"_s, data}, {u"usage"_s, usage}},
                *cost, facts);
        });
    });
}

quint64 seedOf(const QJsonValue &v)
{
    if (v.isDouble())
        return static_cast<quint64>(v.toDouble());
    if (v.isString())
        return v.toString().toULongLong();
    return QRandomGenerator::global()->bounded(1u << 30);
}

void generations(SandboxContext &ctx, const CallPtr &call)
{
    const QJsonObject &o = call->json();
    ImageJob job;
    job.prompt = o.value("prompt"_L1).toString();
    job.seed = seedOf(o.value("seed"_L1));
    if (!validate(ctx, call, job, o.value("model"_L1).toString(), o.value("n"_L1),
            o.value("size"_L1), o.value("response_format"_L1)))
        return;
    const QJsonValue source = o.value("source_image"_L1);
    if (!source.isUndefined() && !source.isNull()) {
        const QString text
            = source.isObject() ? source.toObject().value("url"_L1).toString() : source.toString();
        if ((source.isObject() && source.toObject().value("type"_L1).toString() == "url"_L1)
            || text.contains(u"://"_s)) {
            call->fail(
                400, u"invalid_image"_s, urlImageMessage(u"source_image"_s), u"source_image"_s);
            return;
        }
        job.inputs.append({u"source_image"_s, decodeImageField(source)});
    }
    run(ctx, call, std::move(job));
}

using FormParts = std::optional<QList<FormPart>>;

void editsParsed(SandboxContext &ctx, const CallPtr &call, const FormParts &parts);

void edits(SandboxContext &ctx, const CallPtr &call)
{
    // A big form (a 30 MB source image) is split on the pool, as a big JSON body is
    // parsed there, so it does not hold up other clients.
    if (call->body().size() <= SandboxContext::kInlineParseBytes) {
        editsParsed(ctx, call, parseMultipart(call->header("content-type"), call->body()));
        return;
    }
    runThen(
        &ctx.pool(), ctx.guard(),
        [type = call->header("content-type"), body = call->body()] {
            return parseMultipart(type, body);
        },
        [&ctx, call](const FormParts &parts) {
            if (!call->alive()) {
                call->abandon();
                return;
            }
            editsParsed(ctx, call, parts);
        });
}

void editsParsed(SandboxContext &ctx, const CallPtr &call, const FormParts &parts)
{
    if (!parts) {
        call->fail(400, u"invalid_param"_s, u"the body must be multipart/form-data"_s);
        return;
    }
    const auto field = [&](const char *name) -> QJsonValue {
        const FormPart *p = findPart(*parts, name);
        return p ? QJsonValue(QString::fromUtf8(p->data)) : QJsonValue(QJsonValue::Undefined);
    };
    ImageJob job;
    job.prompt = field("prompt").toString();
    job.seed = seedOf(field("seed"));
    const QString model = field("model").toString(u"gpt-image-2"_s);
    // Form fields are text by nature: digits are the number they spell.
    QJsonValue n = field("n");
    if (n.isString()) {
        bool digits = false;
        const qint64 value = n.toString().trimmed().toLongLong(&digits);
        if (digits)
            n = double(value);
    }
    if (!validate(ctx, call, job, model, n, field("size"), field("response_format")))
        return;
    const FormPart *image = findPart(*parts, "image");
    if (!image)
        image = findPart(*parts, "image[]");
    if (!image || image->data.isEmpty()) {
        call->fail(400, u"invalid_param"_s, u"image is required"_s, u"image"_s);
        return;
    }
    job.inputs.append({u"image"_s, image->data});
    if (const FormPart *mask = findPart(*parts, "mask"))
        job.inputs.append({u"mask"_s, mask->data});
    run(ctx, call, std::move(job));
}

} // namespace

void installImageRoutes(QHttpServer &server, SandboxContext &ctx)
{
    server.route(u"/v1/images/generations"_s, Method::Post,
        [&ctx](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            CallOptions options;
            options.billable = true;
            options.parseJson = true;
            ctx.start(req, std::move(resp), Envelope::OpenAI, u"/v1/images/generations"_s, options,
                [&ctx](const CallPtr &call) { generations(ctx, call); });
        });
    server.route(u"/v1/images/edits"_s, Method::Post,
        [&ctx](const QHttpServerRequest &req, QHttpServerResponder &&resp) {
            CallOptions options;
            options.billable = true;
            if (auto call
                = ctx.begin(req, std::move(resp), Envelope::OpenAI, u"/v1/images/edits"_s, options))
                edits(ctx, call);
        });
}

} // namespace bsp::sandbox
