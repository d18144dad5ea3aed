#include "core/database.h"

namespace bsp {

using namespace Qt::StringLiterals;

// The schema's history. Append a new entry for a new table or column; a shipped entry
// is never edited, because files in the field already carry its user_version.
const QList<Migration> &schemaMigrations()
{
    static const QList<Migration> migrations = {
        {u"ledger"_s,
            {u"CREATE TABLE ledger ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  call_id TEXT NOT NULL UNIQUE,"
             "  profile TEXT NOT NULL,"
             "  time_ms INTEGER NOT NULL,"
             "  finished_ms INTEGER,"
             "  tab TEXT NOT NULL DEFAULT '',"
             "  route TEXT NOT NULL DEFAULT '',"
             "  model TEXT NOT NULL DEFAULT '',"
             "  modality TEXT NOT NULL DEFAULT '',"
             "  request_id TEXT NOT NULL DEFAULT '',"
             "  task_id TEXT NOT NULL DEFAULT '',"
             "  status INTEGER NOT NULL,"
             "  http_status INTEGER NOT NULL DEFAULT 0,"
             "  error_code TEXT NOT NULL DEFAULT '',"
             "  error_message TEXT NOT NULL DEFAULT '',"
             "  input_tokens INTEGER NOT NULL DEFAULT 0,"
             "  output_tokens INTEGER NOT NULL DEFAULT 0,"
             "  units REAL NOT NULL DEFAULT 0,"
             "  estimated_credits INTEGER,"
             "  charged_credits INTEGER NOT NULL DEFAULT 0,"
             "  charge_stated INTEGER NOT NULL DEFAULT 0,"
             "  reserved_credits INTEGER NOT NULL DEFAULT 0,"
             "  reconciled_credits INTEGER,"
             "  reconciled_ms INTEGER,"
             "  mismatch INTEGER NOT NULL DEFAULT 0,"
             "  latency_ms INTEGER NOT NULL DEFAULT 0)"_s,
                u"CREATE INDEX ledger_profile_id ON ledger(profile, id)"_s,
                u"CREATE INDEX ledger_profile_time ON ledger(profile, time_ms)"_s,
                u"CREATE INDEX ledger_request ON ledger(request_id)"_s}},
        // Chat tab (conversations, compare runs, presets). Turns are rewritten while they
        // stream so a killed app keeps the partial reply.
        {u"chat"_s,
            {u"CREATE TABLE chat_conversations ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  title TEXT NOT NULL DEFAULT '',"
             "  kind TEXT NOT NULL DEFAULT 'chat',"
             "  params TEXT NOT NULL DEFAULT '{}',"
             "  created_ms INTEGER NOT NULL,"
             "  updated_ms INTEGER NOT NULL)"_s,
                u"CREATE TABLE chat_turns ("
                "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
                "  conversation_id INTEGER NOT NULL REFERENCES chat_conversations(id) ON DELETE "
                "CASCADE,"
                "  seq INTEGER NOT NULL,"
                "  col INTEGER NOT NULL DEFAULT -1,"
                "  role TEXT NOT NULL,"
                "  model TEXT NOT NULL DEFAULT '',"
                "  content TEXT NOT NULL DEFAULT '[]',"
                "  text TEXT NOT NULL DEFAULT '',"
                "  status TEXT NOT NULL DEFAULT 'complete',"
                "  error TEXT NOT NULL DEFAULT '',"
                "  metrics TEXT NOT NULL DEFAULT '{}',"
                "  charged_credits INTEGER NOT NULL DEFAULT 0)"_s,
                u"CREATE INDEX chat_turns_conv ON chat_turns(conversation_id, seq)"_s,
                u"CREATE TABLE chat_presets ("
                "  name TEXT PRIMARY KEY,"
                "  columns TEXT NOT NULL DEFAULT '[]',"
                "  updated_ms INTEGER NOT NULL)"_s}},
        // Chat: a failed reply the user chose to send as context anyway.
        {u"chat_turn_context"_s,
            {u"ALTER TABLE chat_turns ADD COLUMN in_context INTEGER NOT NULL DEFAULT 0"_s}},
        // Chat: images stored once, by SHA-1; turns refer to them ("source":{"type":"ref"}).
        {u"chat_images"_s,
            {u"CREATE TABLE chat_images ("
             "  ref TEXT PRIMARY KEY,"
             "  media_type TEXT NOT NULL DEFAULT '',"
             "  data BLOB NOT NULL,"
             "  created_ms INTEGER NOT NULL)"_s}},
        // Video tasks: written before the submit leaves (out_task_id), updated on every
        // answer, so a restart resumes them and a finished clip is never fetched twice.
        {u"video_tasks"_s,
            {u"CREATE TABLE video_tasks ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  out_task_id TEXT NOT NULL UNIQUE,"
             "  task_id TEXT NOT NULL DEFAULT '',"
             "  model TEXT NOT NULL,"
             "  prompt TEXT NOT NULL DEFAULT '',"
             "  params TEXT NOT NULL DEFAULT '{}',"
             "  first_frame BLOB,"
             "  grp TEXT NOT NULL DEFAULT '',"
             "  state TEXT NOT NULL,"
             "  detail TEXT NOT NULL DEFAULT '{}',"
             "  created_ms INTEGER NOT NULL,"
             "  updated_ms INTEGER NOT NULL)"_s,
                u"CREATE INDEX video_tasks_state ON video_tasks(state)"_s}},
        {u"image_gallery"_s,
            {u"CREATE TABLE image_gallery ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  run_id TEXT NOT NULL,"
             "  created_ms INTEGER NOT NULL,"
             "  model TEXT NOT NULL DEFAULT '',"
             "  route TEXT NOT NULL DEFAULT '',"
             "  prompt TEXT NOT NULL DEFAULT '',"
             "  params TEXT NOT NULL DEFAULT '{}',"
             "  charged_credits INTEGER NOT NULL DEFAULT 0,"
             "  latency_ms INTEGER NOT NULL DEFAULT 0,"
             "  request_id TEXT NOT NULL DEFAULT '',"
             "  seed TEXT NOT NULL DEFAULT '',"
             "  file TEXT NOT NULL,"
             "  width INTEGER NOT NULL DEFAULT 0,"
             "  height INTEGER NOT NULL DEFAULT 0,"
             "  file_size INTEGER NOT NULL DEFAULT 0)"_s,
                u"CREATE INDEX image_gallery_run ON image_gallery(run_id)"_s,
                u"CREATE TABLE image_presets ("
                "  name TEXT PRIMARY KEY,"
                "  body TEXT NOT NULL DEFAULT '{}',"
                "  updated_ms INTEGER NOT NULL)"_s}},
    };
    return migrations;
}

} // namespace bsp
