#pragma once

// The one validation layer of the sandbox's routes: the same rules and the same wording
// ("<param>: <rule>") wherever a field appears. Every refusal is a 400 that bills nothing.

#include "core/ratecard.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace bsp::sandbox {

class SandboxContext;
class Call;
struct ModelInfo;

inline constexpr qsizetype kMaxIdLength = 128; // out_task_id and other client ids

struct FieldError
{
    QString param;
    QString message;
    QString code = QStringLiteral("invalid_param");
};

// An integer field. Absent or null: `fallback` (an error when there is none). Present: a
// JSON number (a string such as "2" is refused), integral, within [min, max].
std::optional<qint64> readInteger(const QJsonObject &o, const QString &name, qint64 min, qint64 max,
    std::optional<qint64> fallback, FieldError *error, const QString &prefix = {});

// A text id such as out_task_id: optional, a string of at most kMaxIdLength characters.
std::optional<QString> readId(
    const QJsonObject &o, const QString &name, FieldError *error, const QString &prefix = {});

// The model a route serves: the one lookup, with one message for each way it fails
// ("model: field required", "model: unknown model \"x\"", "model: \"x\" is not an image
// model; /v1/images/generations serves image models"). Names the model on the call's
// usage row. Writes the error and returns nullptr on failure.
const ModelInfo *resolveModel(
    SandboxContext &ctx, Call &call, const QString &model, Modality modality);

// Writes `error` as the call's 400.
void failField(Call &call, const FieldError &error);

// The refusal of an image given by URL: the sandbox fetches nothing from the network or
// the disk (only its own /v1/files URLs), so it says so instead of guessing.
QString urlImageMessage(const QString &param);

} // namespace bsp::sandbox
