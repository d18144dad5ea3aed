#include "ui/widgets/notbuiltpage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace bsp::ui {

NotBuiltPage::NotBuiltPage(const QString &feature, const QString &problem, QWidget *parent)
    : QWidget(parent), m_feature(feature)
{
    auto *title = new QLabel(feature, this);
    title->setObjectName(QStringLiteral("notBuiltTitle"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    title->setAlignment(Qt::AlignCenter);

    auto *text = new QLabel(problem.isEmpty()
            ? tr("%1 is not built yet in this version. The gateway connection, the sandbox "
                 "and the CLI are ready.")
                  .arg(feature)
            : tr("%1 cannot be shown: %2").arg(feature, problem),
        this);
    text->setObjectName(QStringLiteral("notBuiltText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);

    auto *hint = new QLabel(problem.isEmpty()
            ? tr("Meanwhile, try the gateway from a terminal with bytespike-cli.")
            : tr("The media library is installed with the app: reinstalling the package "
                 "restores it."),
        this);
    hint->setObjectName(QStringLiteral("notBuiltHint"));
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setEnabled(false); // greyed: a remark, not an action

    // A fixed-width column: word-wrapped labels only get their full height when the
    // layout, not an alignment flag, decides their width.
    auto *column = new QWidget(this);
    column->setFixedWidth(520);
    auto *inner = new QVBoxLayout(column);
    inner->setContentsMargins(0, 0, 0, 0);
    inner->addWidget(title);
    inner->addSpacing(12);
    inner->addWidget(text);
    inner->addSpacing(6);
    inner->addWidget(hint);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

} // namespace bsp::ui
