#pragma once

#include "core/chattypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace bsp {

class Database;

// A named set of compare columns (models with their parameters).
struct ComparePreset
{
    QString name;
    QList<ChatParams> columns;
};

// Conversations and compare runs in the app's SQLite file (tables of the "chat"
// migration). Turns are upserted while they stream, so whatever was written last
// (at most a checkpoint interval old) survives a killed app.
class ChatStore final
{
public:
    explicit ChatStore(QString databasePath);
    ~ChatStore();
    Q_DISABLE_COPY_MOVE(ChatStore)

    bool open();
    bool isOpen() const;
    QString lastError() const { return m_error; }

    // Conversations
    qint64 createConversation(const QString &title, const QString &kind, const ChatParams &params,
        const QList<ChatParams> &columns = {});
    bool saveParams(qint64 id, const ChatParams &params, const QList<ChatParams> &columns = {});
    bool rename(qint64 id, const QString &title);
    bool remove(qint64 id);
    std::optional<Conversation> conversation(qint64 id) const;
    // Newest first; `search` matches the title or any turn's text (case-insensitive).
    QList<Conversation> conversations(const QString &search = {}) const;

    // Turns: saveTurn inserts (id == 0, fills id and seq) or rewrites the row.
    bool saveTurn(ChatTurn &turn);
    bool removeTurnsFrom(qint64 conversationId, int seq); // regenerate / edit-and-resend
    QList<ChatTurn> turns(qint64 conversationId) const;

    // Presets
    bool savePreset(const ComparePreset &preset);
    bool removePreset(const QString &name);
    QList<ComparePreset> presets() const;

    // Exports of one conversation.
    QString exportMarkdown(qint64 id) const;
    QByteArray exportJson(qint64 id) const;

private:
    bool touch(qint64 id);

    QString m_path;
    std::unique_ptr<Database> m_db;
    mutable QString m_error;
};

} // namespace bsp
