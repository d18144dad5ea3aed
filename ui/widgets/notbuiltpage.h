#pragma once

#include <QWidget>

namespace bsp::ui {

// The honest page a tab shows until its feature lands: says what is missing and what
// already works, with no controls that pretend to do something.
class NotBuiltPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotBuiltPage)

public:
    // `feature` is the translated tab name ("Chat", "Image", ...).
    explicit NotBuiltPage(const QString &feature, QWidget *parent = nullptr);

    QString feature() const { return m_feature; }

private:
    QString m_feature;
};

} // namespace bsp::ui
