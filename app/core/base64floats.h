#pragma once

#include <QByteArrayView>
#include <QList>

namespace bsp {

// Decodes standard, padded base64 of little-endian float32 (an embedding sent with
// encoding_format=base64) and appends the floats to `out`. False, with `out`
// unchanged, on a bad length, a bad character, or a byte count that is not a whole
// number of floats. Decodes four characters per step through lookup tables straight
// into `out`: QByteArray::fromBase64 plus a copy is an order of magnitude slower.
bool decodeBase64Floats(QByteArrayView base64, QList<float> &out);

} // namespace bsp
