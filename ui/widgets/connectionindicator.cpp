#include "ui/widgets/connectionindicator.h"

#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace bsp::ui {

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QWidget(parent), m_dot(new QLabel(this)), m_text(new QLabel(this))
{
    m_dot->setFixedSize(10, 10);
    m_text->setObjectName(u"connectionLabel"_s);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse); // request ids get copied
    m_text->setTextFormat(Qt::PlainText);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dot);
    layout->addWidget(m_text, 1);

    setState(ConnectionController::State::Idle, tr("Not connected"));
}

void ConnectionIndicator::setState(ConnectionController::State state, const QString &text)
{
    QString colour;
    switch (state) {
    case ConnectionController::State::Idle:
        colour = u"#9e9e9e"_s;
        break;
    case ConnectionController::State::Connecting:
        colour = u"#f2a900"_s;
        break;
    case ConnectionController::State::Connected:
        colour = u"#2e9d48"_s;
        break;
    case ConnectionController::State::Offline:
        colour = u"#d0342c"_s;
        break;
    }
    m_dot->setStyleSheet(u"background:%1; border-radius:5px;"_s.arg(colour));
    m_text->setText(text);
    m_text->setToolTip(text);
}

QString ConnectionIndicator::text() const
{
    return m_text->text();
}

} // namespace bsp::ui
