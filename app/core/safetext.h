#pragma once

// The rules for text that must not leak a key, drive a terminal or run in a
// spreadsheet, written once for the app, the CLI and the exports.

#include <QString>
#include <QStringView>

namespace bsp {

// "sk-byts-…1234": the public prefix (up to the second dash, within 8 characters) and
// the last four; "…" for a key too short to show any of it safely.
QString maskKey(const QString &key);

// Replaces every key-shaped run ("sk-…", "Bearer …", "x-api-key: …") with its masked
// form. Applied to every error message before it is stored or shown.
QString scrubSecrets(QString text);

// Removes what a terminal would interpret: C0 controls except tab and newline (so ESC,
// BEL, CR, backspace go), DEL, C1 controls (U+0080–U+009F, CSI/OSC among them) and
// bidirectional overrides. The text of an escape sequence stays visible as plain text.
QString stripTerminalControls(QStringView text);

// A CSV cell a spreadsheet will not evaluate: a text value starting with = + - @ (or a
// tab / CR that hides one) is prefixed with an apostrophe; so is one that starts with an
// apostrophe, so fromSpreadsheetSafe() gives back exactly what was exported.
QString spreadsheetSafe(const QString &cell);
QString fromSpreadsheetSafe(const QString &cell);

} // namespace bsp
