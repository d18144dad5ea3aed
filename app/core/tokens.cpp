#include "core/tokens.h"

#include <QList>

namespace bsp {

namespace {

bool isCjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

} // namespace

qint64 estimateTokens(QStringView text)
{
    qint64 tokens = 0;
    qint64 run = 0;
    const auto flush = [&] {
        tokens += (run + 3) / 4;
        run = 0;
    };
    for (const char32_t c : text.toUcs4()) {
        if (isCjk(c)) {
            flush();
            ++tokens;
        } else if (QChar::isLetterOrNumber(c)) {
            ++run;
        } else {
            flush();
            if (!QChar::isSpace(c))
                ++tokens;
        }
    }
    flush();
    return tokens;
}

} // namespace bsp
