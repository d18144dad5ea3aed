#include "core/chatstore.h"

#include "core/database.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace bsp {

using namespace Qt::StringLiterals;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// QtSql binds a null QString as NULL; the columns are NOT NULL.
QString nn(const QString &s)
{
    return s.isNull() ? QString(u""_s) : s;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QJsonObject paramsJson(const ChatParams &params, const QList<ChatParams> &columns)
{
    QJsonObject o = params.toJson();
    if (!columns.isEmpty()) {
        QJsonArray cols;
        for (const ChatParams &c : columns)
            cols.append(c.toJson());
        o.insert(u"columns"_s, cols);
    }
    return o;
}

QList<ChatParams> columnsFrom(const QJsonArray &a)
{
    QList<ChatParams> out;
    for (const QJsonValue &v : a)
        out.append(ChatParams::fromJson(v.toObject()));
    return out;
}

QJsonArray contentJson(const QList<ContentBlock> &content)
{
    QJsonArray a;
    for (const ContentBlock &b : content)
        a.append(b.toJson());
    return a;
}

} // namespace

void ChatStore::rememberRef(const QByteArray &bytes, const QString &ref) const
{
    m_refs.append({bytes, ref});
    while (m_refs.size() > 32)
        m_refs.removeFirst();
}

QString ChatStore::imageRef(const ContentBlock &image)
{
    for (const auto &[bytes, ref] : std::as_const(m_refs))
        if (bytes.constData() == image.data.constData() && bytes.size() == image.data.size())
            return ref;
    const QString ref = QString::fromLatin1(
        QCryptographicHash::hash(image.data, QCryptographicHash::Sha1).toHex());
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT OR IGNORE INTO chat_images(ref, media_type, data, created_ms) "
              "VALUES (?, ?, ?, ?)"_s);
    q.addBindValue(ref);
    q.addBindValue(nn(image.mediaType));
    q.addBindValue(image.data);
    q.addBindValue(nowMs());
    if (!q.exec()) {
        m_error = q.lastError().text();
        return {};
    }
    rememberRef(image.data, ref);
    return ref;
}

QJsonObject ChatStore::storedBlock(const ContentBlock &b)
{
    if (b.isImage() && !b.data.isEmpty()) {
        const QString ref = imageRef(b);
        if (ref.isEmpty())
            return b.toJson(); // inline, as before
        QJsonObject o {{u"type"_s, u"image"_s},
            {u"source"_s,
                QJsonObject {
                    {u"type"_s, u"ref"_s}, {u"media_type"_s, b.mediaType}, {u"ref"_s, ref}}}};
        if (!b.toolUseId.isEmpty())
            o.insert(u"tool_use_id"_s, b.toolUseId);
        return o;
    }
    QJsonObject o = b.toJson();
    if (b.type == u"tool_result"_s) {
        QJsonArray nested;
        for (const ContentBlock &c : b.content)
            nested.append(storedBlock(c));
        o.insert(u"content"_s, nested);
    }
    return o;
}

ContentBlock ChatStore::loadedBlock(const QJsonObject &o) const
{
    const QJsonObject source = o.value(u"source"_s).toObject();
    if (o.value(u"type"_s).toString() == u"image"_s && source.value(u"type"_s) == u"ref"_s) {
        const QString ref = source.value(u"ref"_s).toString();
        QSqlQuery q(m_db->db());
        q.prepare(u"SELECT data FROM chat_images WHERE ref = ?"_s);
        q.addBindValue(ref);
        QByteArray data;
        if (q.exec() && q.next())
            data = q.value(0).toByteArray();
        ContentBlock b = ContentBlock::imageBlock(data, source.value(u"media_type"_s).toString());
        b.toolUseId = o.value(u"tool_use_id"_s).toString();
        if (!data.isEmpty())
            rememberRef(b.data, ref);
        return b;
    }
    ContentBlock b = ContentBlock::fromJson(o);
    if (b.type == u"tool_result"_s) {
        b.content.clear();
        const QJsonArray nested = o.value(u"content"_s).toArray();
        for (const QJsonValue &v : nested)
            b.content.append(loadedBlock(v.toObject()));
    }
    return b;
}

int ChatStore::removeUnusedImages()
{
    QSqlQuery q(m_db->db());
    if (!q.exec(u"DELETE FROM chat_images WHERE NOT EXISTS (SELECT 1 FROM chat_turns t "
                "WHERE instr(t.content, chat_images.ref) > 0)"_s))
        return 0;
    m_refs.clear(); // a remembered ref may name a row that is gone now
    return q.numRowsAffected();
}

ChatStore::ChatStore(QString databasePath) : m_path(std::move(databasePath)) { }

ChatStore::~ChatStore() = default;

bool ChatStore::open()
{
    m_db = std::make_unique<Database>(m_path);
    if (!m_db->open()) {
        m_error = m_db->lastError();
        return false;
    }
    return true;
}

bool ChatStore::isOpen() const
{
    return m_db && m_db->isOpen();
}

qint64 ChatStore::createConversation(const QString &title, const QString &kind,
    const ChatParams &params, const QList<ChatParams> &columns)
{
    if (!isOpen())
        return 0;
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT INTO chat_conversations(title, kind, params, created_ms, updated_ms) "
              "VALUES (?, ?, ?, ?, ?)"_s);
    const qint64 now = nowMs();
    q.addBindValue(nn(title));
    q.addBindValue(nn(kind));
    q.addBindValue(compact(paramsJson(params, columns)));
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return 0;
    }
    return q.lastInsertId().toLongLong();
}

bool ChatStore::saveParams(qint64 id, const ChatParams &params, const QList<ChatParams> &columns)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"UPDATE chat_conversations SET params = ? WHERE id = ?"_s);
    q.addBindValue(compact(paramsJson(params, columns)));
    q.addBindValue(id);
    return q.exec();
}

bool ChatStore::rename(qint64 id, const QString &title)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"UPDATE chat_conversations SET title = ?, updated_ms = ? WHERE id = ?"_s);
    q.addBindValue(nn(title));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1;
}

bool ChatStore::remove(qint64 id)
{
    const bool ok = m_db->transaction([&] {
        QSqlQuery q(m_db->db());
        q.prepare(u"DELETE FROM chat_turns WHERE conversation_id = ?"_s);
        q.addBindValue(id);
        if (!q.exec())
            return false;
        q.prepare(u"DELETE FROM chat_conversations WHERE id = ?"_s);
        q.addBindValue(id);
        return q.exec() && q.numRowsAffected() == 1;
    });
    removeUnusedImages();
    return ok;
}

bool ChatStore::touch(qint64 id)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"UPDATE chat_conversations SET updated_ms = ? WHERE id = ?"_s);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return q.exec();
}

static const auto kConversationColumns
    = u"c.id, c.title, c.kind, c.params, c.created_ms, c.updated_ms, "
      "(SELECT COALESCE(SUM(charged_credits), 0) FROM chat_turns t WHERE t.conversation_id = c.id)"_s;

static Conversation conversationFrom(const QSqlQuery &q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.kind = q.value(2).toString();
    const QJsonObject p = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    c.params = ChatParams::fromJson(p);
    c.columns = columnsFrom(p.value(u"columns"_s).toArray());
    c.created = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong());
    c.updated = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong());
    c.totalCredits = q.value(6).toLongLong();
    return c;
}

std::optional<Conversation> ChatStore::conversation(qint64 id) const
{
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT "_s + kConversationColumns + u" FROM chat_conversations c WHERE c.id = ?"_s);
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return conversationFrom(q);
}

QList<Conversation> ChatStore::conversations(const QString &search) const
{
    QList<Conversation> out;
    if (!isOpen())
        return out;
    QSqlQuery q(m_db->db());
    QString sql = u"SELECT "_s + kConversationColumns + u" FROM chat_conversations c"_s;
    if (!search.isEmpty())
        sql += u" WHERE c.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM chat_turns t "
               "WHERE t.conversation_id = c.id AND t.text LIKE ? ESCAPE '\\')"_s;
    sql += u" ORDER BY c.updated_ms DESC, c.id DESC"_s;
    q.prepare(sql);
    if (!search.isEmpty()) {
        QString pattern = search;
        pattern.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
        const QString like = u'%' + pattern + u'%';
        q.addBindValue(like);
        q.addBindValue(like);
    }
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(conversationFrom(q));
    return out;
}

bool ChatStore::saveTurn(ChatTurn &turn)
{
    if (!isOpen())
        return false;
    QSqlQuery q(m_db->db());
    const Credits charged = turn.metrics.charged.value_or(0);
    if (turn.id == 0) {
        QSqlQuery s(m_db->db());
        s.prepare(u"SELECT COALESCE(MAX(seq), -1) + 1 FROM chat_turns WHERE conversation_id = ?"_s);
        s.addBindValue(turn.conversationId);
        if (turn.seq <= 0 && s.exec() && s.next())
            turn.seq = qMax(turn.seq, s.value(0).toInt());
        q.prepare(u"INSERT INTO chat_turns(conversation_id, seq, col, role, model, content, text, "
                  "status, error, metrics, charged_credits, in_context) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"_s);
        q.addBindValue(turn.conversationId);
        q.addBindValue(turn.seq);
        q.addBindValue(turn.column);
    } else {
        q.prepare(u"UPDATE chat_turns SET role=?, model=?, content=?, text=?, status=?, error=?, "
                  "metrics=?, charged_credits=?, in_context=? WHERE id=?"_s);
    }
    q.addBindValue(nn(turn.role));
    q.addBindValue(nn(turn.model));
    QJsonArray stored;
    for (const ContentBlock &b : std::as_const(turn.content))
        stored.append(storedBlock(b));
    q.addBindValue(compact(stored));
    q.addBindValue(nn(turn.text()));
    q.addBindValue(ChatTurn::statusName(turn.status));
    q.addBindValue(nn(turn.error));
    q.addBindValue(compact(turn.metrics.toJson()));
    q.addBindValue(charged);
    q.addBindValue(turn.includeInContext ? 1 : 0);
    if (turn.id != 0)
        q.addBindValue(turn.id);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    if (turn.id == 0)
        turn.id = q.lastInsertId().toLongLong();
    touch(turn.conversationId);
    return true;
}

bool ChatStore::removeTurnsFrom(qint64 conversationId, int seq)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"DELETE FROM chat_turns WHERE conversation_id = ? AND seq >= ?"_s);
    q.addBindValue(conversationId);
    q.addBindValue(seq);
    const bool ok = q.exec();
    removeUnusedImages();
    return ok;
}

QList<ChatTurn> ChatStore::turns(qint64 conversationId) const
{
    QList<ChatTurn> out;
    QSqlQuery q(m_db->db());
    q.prepare(u"SELECT id, seq, col, role, model, content, status, error, metrics, in_context "
              "FROM chat_turns WHERE conversation_id = ? ORDER BY seq, col, id"_s);
    q.addBindValue(conversationId);
    if (!q.exec())
        return out;
    while (q.next()) {
        ChatTurn t;
        t.id = q.value(0).toLongLong();
        t.conversationId = conversationId;
        t.seq = q.value(1).toInt();
        t.column = q.value(2).toInt();
        t.role = q.value(3).toString();
        t.model = q.value(4).toString();
        const QJsonArray content = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array();
        for (const QJsonValue &v : content)
            t.content.append(loadedBlock(v.toObject()));
        t.status = ChatTurn::statusFromName(q.value(6).toString());
        t.error = q.value(7).toString();
        t.metrics = ChatMetrics::fromJson(
            QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object());
        t.includeInContext = q.value(9).toInt() != 0;
        // A turn still marked streaming was cut off by a killed app: keep it, say so.
        if (t.status == ChatTurn::Status::Streaming) {
            t.status = ChatTurn::Status::Failed;
            t.error = QCoreApplication::translate(
                "bsp::ChatStore", "interrupted: the app closed mid-stream");
        }
        out.append(t);
    }
    return out;
}

bool ChatStore::savePreset(const ComparePreset &preset)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"INSERT OR REPLACE INTO chat_presets(name, columns, updated_ms) VALUES (?, ?, ?)"_s);
    QJsonArray cols;
    for (const ChatParams &c : preset.columns)
        cols.append(c.toJson());
    q.addBindValue(nn(preset.name));
    q.addBindValue(compact(cols));
    q.addBindValue(nowMs());
    return q.exec();
}

bool ChatStore::removePreset(const QString &name)
{
    QSqlQuery q(m_db->db());
    q.prepare(u"DELETE FROM chat_presets WHERE name = ?"_s);
    q.addBindValue(name);
    return q.exec() && q.numRowsAffected() == 1;
}

QList<ComparePreset> ChatStore::presets() const
{
    QList<ComparePreset> out;
    QSqlQuery q(m_db->db());
    if (!q.exec(u"SELECT name, columns FROM chat_presets ORDER BY name"_s))
        return out;
    while (q.next())
        out.append({q.value(0).toString(),
            columnsFrom(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array())});
    return out;
}

QString ChatStore::exportMarkdown(qint64 id) const
{
    const std::optional<Conversation> c = conversation(id);
    if (!c)
        return {};
    const auto tr = [](const char *s) { return QCoreApplication::translate("bsp::ChatStore", s); };
    QString md = u"# "_s + c->title + u"\n\n"_s;
    if (c->kind == u"chat"_s) {
        md += u"- "_s + tr("Model: %1").arg(c->params.model) + u'\n';
        if (!c->params.system.isEmpty())
            md += u"- "_s + tr("System: %1").arg(c->params.system) + u'\n';
    }
    md += u"- "_s + tr("Total cost: %1").arg(formatUsd(c->totalCredits)) + u"\n\n"_s;
    const QList<ChatTurn> all = turns(id);
    for (const ChatTurn &t : all) {
        QString heading = t.role == u"user"_s ? tr("User") : tr("Assistant");
        if (t.role != u"user"_s && !t.model.isEmpty())
            heading += u" ("_s + t.model + u')';
        md += u"## "_s + heading + u"\n\n"_s + t.text() + u"\n\n"_s;
        for (const ContentBlock &b : t.content)
            if (b.isImage())
                md += u"*"_s + tr("[image %1, %2 bytes]").arg(b.mediaType).arg(b.data.size())
                    + u"*\n\n"_s;
        if (t.status != ChatTurn::Status::Complete)
            md += u"> "_s + ChatTurn::statusName(t.status)
                + (t.error.isEmpty() ? QString() : u": "_s + t.error) + u"\n\n"_s;
        if (t.role != u"user"_s)
            md += u"*"_s + t.metrics.summary() + u"*\n\n"_s;
    }
    return md;
}

QByteArray ChatStore::exportJson(qint64 id) const
{
    const std::optional<Conversation> c = conversation(id);
    if (!c)
        return {};
    QJsonArray turnsJson;
    const QList<ChatTurn> all = turns(id);
    for (const ChatTurn &t : all) {
        QJsonObject o {{u"seq"_s, t.seq}, {u"role"_s, t.role}, {u"model"_s, t.model},
            {u"content"_s, contentJson(t.content)}, {u"status"_s, ChatTurn::statusName(t.status)},
            {u"metrics"_s, t.metrics.toJson()}};
        if (t.column >= 0)
            o.insert(u"column"_s, t.column);
        if (!t.error.isEmpty())
            o.insert(u"error"_s, t.error);
        turnsJson.append(o);
    }
    const QJsonObject root {{u"title"_s, c->title}, {u"kind"_s, c->kind},
        {u"params"_s, paramsJson(c->params, c->columns)},
        {u"created"_s, c->created.toUTC().toString(Qt::ISODate)},
        {u"total_credits"_s, c->totalCredits}, {u"turns"_s, turnsJson}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace bsp
