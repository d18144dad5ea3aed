#pragma once

#include <memory>

class QHttpServer;

namespace bsp::sandbox {

class TaskRunner;

class SandboxContext;

// Each installs its routes on `server`; handlers capture `ctx`, which outlives them.
void installMessagesRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/messages (H1b)
// /v1/tasks/*, served by `runner` (the server keeps it, to save and restore its tasks).
void installTaskRoutes(
    QHttpServer &server, SandboxContext &ctx, const std::shared_ptr<TaskRunner> &runner);
void installUtilityRoutes(
    QHttpServer &server, SandboxContext &ctx); // models, pricing, balance, usage, files
void installImageRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/images/*
void installVectorRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/embeddings, /v1/rerank

} // namespace bsp::sandbox
