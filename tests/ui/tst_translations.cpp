// The zh_CN catalogue is complete, keeps every placeholder, and the .qm the build
// embeds in the app answers with it.
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct Message
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
    bool numerus = false;
};

QList<Message> readCatalogue(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == "name"_L1) {
            context = xml.readElementText();
        } else if (name == "message"_L1) {
            m = Message {context, {}, {}, false, xml.attributes().value("numerus"_L1) == "yes"_L1};
        } else if (name == "source"_L1) {
            m.source = xml.readElementText();
        } else if (name == "translation"_L1) {
            m.unfinished = xml.attributes().value("type"_L1) == "unfinished"_L1;
            m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            out.append(m);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QMultiMap<QString, int> placeholders(const QString &text)
{
    static const QRegularExpression re(u"%L?(\\d+|n)"_s);
    QMultiMap<QString, int> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(1), 1);
    return found;
}

} // namespace

class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogueIsCompleteAndKeepsPlaceholders()
    {
        QString error;
        const QList<Message> messages = readCatalogue(QStringLiteral(BSP_TS_PATH), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 100);
        for (const Message &m : messages) {
            const QString where = m.context + u": "_s + m.source;
            QVERIFY2(!m.unfinished, qPrintable(u"unfinished: "_s + where));
            QVERIFY2(!m.translation.trimmed().isEmpty(), qPrintable(u"empty: "_s + where));
            QVERIFY2(placeholders(m.source).keys() == placeholders(m.translation).keys(),
                qPrintable(u"placeholders differ: "_s + where));
        }
    }

    void embeddedCatalogueTranslates()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(BSP_QM_PATH)));
        QString error;
        const QList<Message> messages = readCatalogue(QStringLiteral(BSP_TS_PATH), &error);
        int checked = 0;
        for (const Message &m : messages) {
            if (m.numerus)
                continue;
            QCOMPARE(
                translator.translate(m.context.toUtf8().constData(), m.source.toUtf8().constData()),
                m.translation);
            ++checked;
        }
        QVERIFY(checked > 100);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
