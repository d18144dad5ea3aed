#pragma once

#include <QWidget>

namespace bsp::ui {

// The honest page a tab shows until its feature lands, or when its part of the app
// cannot be loaded: says what is missing and what already works, with no controls that
// pretend to do something.
class NotBuiltPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotBuiltPage)

public:
    // `feature` is the translated tab name ("Chat", "Image", ...); `problem`, when the
    // feature is built but could not be loaded, says why.
    explicit NotBuiltPage(
        const QString &feature, const QString &problem = {}, QWidget *parent = nullptr);

    QString feature() const { return m_feature; }

private:
    QString m_feature;
};

} // namespace bsp::ui
