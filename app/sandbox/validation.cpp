#include "sandbox/validation.h"

#include "sandbox/catalogue.h"
#include "sandbox/context.h"

using namespace Qt::StringLiterals;

namespace bsp::sandbox {

namespace {

QString article(const QString &word)
{
    return QStringView(u"aeiou").contains(word.left(1)) ? u"an"_s : u"a"_s;
}

} // namespace

const ModelInfo *resolveModel(
    SandboxContext &ctx, Call &call, const QString &model, Modality modality)
{
    const QString kind = modalityName(modality);
    if (model.trimmed().isEmpty()) {
        failField(call, {u"model"_s, u"model: field required"_s});
        return nullptr;
    }
    const ModelInfo *info = ctx.catalogue().find(model.trimmed(), ctx.rateCard());
    if (!info) {
        failField(call,
            {u"model"_s, u"model: unknown model \"%1\""_s.arg(model.left(80)),
                u"model_not_found"_s});
        return nullptr;
    }
    call.setModel(info->id);
    if (info->modality != modality) {
        failField(call,
            {u"model"_s,
                u"model: \"%1\" is not %2 %3 model; %4 serves %3 models"_s.arg(
                    info->id, article(kind), kind, call.route())});
        return nullptr;
    }
    return info;
}

void failField(Call &call, const FieldError &error)
{
    call.fail(400, error.code, error.message, error.param);
}

} // namespace bsp::sandbox
