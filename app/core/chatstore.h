#pragma once

#include "core/chattypes.h"

#include <QByteArray>
#include <QJsonObject>
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
// (at most a checkpoint interval old) survives a killed app. Images are stored once
// each (chat_images, keyed by their SHA-1) and turns refer to them, so rewriting a
// streaming turn never re-encodes its images.
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

    // Image rows no turn refers to any more (after deletes).
    int removeUnusedImages();

private:
    bool touch(qint64 id);
    QString imageRef(const ContentBlock &image);
    QJsonObject storedBlock(const ContentBlock &b);
    ContentBlock loadedBlock(const QJsonObject &o) const;
    void rememberRef(const QByteArray &bytes, const QString &ref) const;

    QString m_path;
    std::unique_ptr<Database> m_db;
    mutable QString m_error;
    // Recent images and their refs: a block whose bytes are shared with one of these
    // (the same QByteArray data) needs no hashing. The bytes are kept, so the data
    // pointer of an entry cannot be reused by other bytes.
    mutable QList<QPair<QByteArray, QString>> m_refs;
};

} // namespace bsp
