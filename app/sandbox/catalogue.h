#pragma once

#include "core/ratecard.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace bsp::sandbox {

// How a synthetic model behaves, so models differ in latency and speed.
struct ModelProfile
{
    int firstTokenMs = 400; // text: time to first token (before time scale)
    double tokensPerSecond = 60; // text: output speed
    int imageMs = 1500; // image: render time per request (before time scale)
    double renderFactor = 10; // video: wall seconds per second of clip (estimated_seconds)
    int maxImages = 4; // image: largest n
};

struct ModelInfo
{
    QString id;
    QString ownedBy;
    QString family;
    Modality modality = Modality::Unknown;
    QStringList capabilities;
    QStringList inputModalities;
    QStringList outputModalities;
    ModelProfile profile;

    QJsonObject toJson() const;
};

// The models /v1/models lists (docs/gateway-api.md, "Catalogue").
class Catalogue final
{
public:
    Catalogue();

    const QList<ModelInfo> &models() const { return m_models; }
    // By id or slug variant (resolved through the rate card), case-insensitive.
    const ModelInfo *find(const QString &model, const RateCard &card) const;

private:
    QList<ModelInfo> m_models;
};

// Image sizes the Images route accepts.
const QStringList &imageSizes();

} // namespace bsp::sandbox
