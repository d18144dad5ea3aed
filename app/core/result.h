#pragma once

#include "core/apierror.h"

#include <utility>
#include <variant>

namespace bsp {

// A typed value or one typed ApiError: what every gateway call returns.
template<typename T>
class Result
{
public:
    // Default: an Unknown error. Exists because QCoro::waitFor needs a default-constructible
    // result type; a real call always assigns a value or an error.
    Result() : m_v(std::in_place_index<1>, ApiError {}) { }
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) { }
    Result(ApiError error) : m_v(std::in_place_index<1>, std::move(error)) { }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const T *operator->() const { return &std::get<0>(m_v); }
    T *operator->() { return &std::get<0>(m_v); }
    const T &operator*() const & { return std::get<0>(m_v); }

    const ApiError &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, ApiError> m_v;
};

} // namespace bsp
