#pragma once

// Shared by the libFuzzer harnesses: a QCoreApplication-free start, and the input as
// bytes / JSON. Each harness is one fuzz_<name>.cpp with LLVMFuzzerTestOneInput.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace bsp::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    // fromRawData: no copy; every parser under test takes a const view.
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline std::optional<QJsonObject> object(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(bytes(data, size));
    if (!doc.isObject())
        return std::nullopt;
    return doc.object();
}

// Reads a value (taken by value, so it is copied) and keeps the compiler from dropping
// the read: ASan sees an out-of-bounds read only when it happens.
template<typename T>
inline void consume(T v)
{
    asm volatile("" : : "g"(&v) : "memory");
}

} // namespace bsp::fuzz
