#pragma once

#include "ui/connectioncontroller.h"

#include <QWidget>

class QLabel;

namespace bsp::ui {

// The status bar's connection light: a coloured dot and the controller's text
// ("Connecting…", "Connected to Sandbox (127.0.0.1:4711)", "Offline: …").
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionIndicator)

public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    void setState(ConnectionController::State state, const QString &text);
    QString text() const;

private:
    QLabel *m_dot;
    QLabel *m_text;
};

} // namespace bsp::ui
