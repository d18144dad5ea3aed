#pragma once

#include <QStringView>
#include <QtGlobal>

namespace bsp {

// A deterministic token count used by the sandbox to bill and by the client to
// estimate, so estimates of sandbox calls match what is charged. Rules: each CJK
// ideograph or kana is one token; a run of letters or digits is ceil(len / 4)
// tokens; every other non-space character is one token.
qint64 estimateTokens(QStringView text);

} // namespace bsp
