#pragma once

class QHttpServer;

namespace bsp::sandbox {

class SandboxContext;

// Each installs its routes on `server`; handlers capture `ctx`, which outlives them.
void installMessagesRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/messages (H1b)
void installTaskRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/tasks/* (H1b)
void installUtilityRoutes(
    QHttpServer &server, SandboxContext &ctx); // models, pricing, balance, usage, files
void installImageRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/images/*
void installVectorRoutes(QHttpServer &server, SandboxContext &ctx); // /v1/embeddings, /v1/rerank

} // namespace bsp::sandbox
