// flakyd::expected / flakyd::unexpected: std::expected where the compiler can use it (g++ 12 in
// C++23 mode), otherwise a small stand-in with the same surface for the subset flakyd uses.
// Why: the fuzzers build with clang 14 from Debian, which cannot compile libstdc++ 12's
// <expected> (it lacks conditionally trivial special members, P0848).
#pragma once

#if defined(__clang__) && __clang_major__ < 16
#define FLAKYD_OWN_EXPECTED 1
#endif

#ifndef FLAKYD_OWN_EXPECTED
#include <expected>

namespace flakyd {
template <typename T, typename E>
using expected = std::expected<T, E>;
using std::unexpected;
}  // namespace flakyd

#else
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace flakyd {

template <typename E>
class unexpected {
 public:
  template <typename U = E>
  constexpr explicit unexpected(U&& error) : m_error(std::forward<U>(error)) {}
  constexpr const E& error() const& { return m_error; }
  constexpr E& error() & { return m_error; }
  constexpr E&& error() && { return std::move(m_error); }

 private:
  E m_error;
};

template <typename E>
unexpected(E) -> unexpected<E>;

template <typename T, typename E>
class expected {
 public:
  constexpr expected() requires std::is_default_constructible_v<T> : m_state(std::in_place_index<0>) {}
  template <typename U = T>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, expected>)
  constexpr expected(U&& value) : m_state(std::in_place_index<0>, std::forward<U>(value)) {}
  template <typename G>
  constexpr expected(const unexpected<G>& error) : m_state(std::in_place_index<1>, error.error()) {}
  template <typename G>
  constexpr expected(unexpected<G>&& error) : m_state(std::in_place_index<1>, std::move(error).error()) {}

  constexpr bool has_value() const { return m_state.index() == 0; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr T& operator*() & { return std::get<0>(m_state); }
  constexpr const T& operator*() const& { return std::get<0>(m_state); }
  constexpr T&& operator*() && { return std::get<0>(std::move(m_state)); }
  constexpr T* operator->() { return &std::get<0>(m_state); }
  constexpr const T* operator->() const { return &std::get<0>(m_state); }
  constexpr T& value() & {
    if (!has_value()) throw std::logic_error("expected has no value");
    return **this;
  }
  constexpr const T& value() const& {
    if (!has_value()) throw std::logic_error("expected has no value");
    return **this;
  }
  constexpr E& error() & { return std::get<1>(m_state); }
  constexpr const E& error() const& { return std::get<1>(m_state); }

 private:
  std::variant<T, E> m_state;
};

template <typename E>
class expected<void, E> {
 public:
  constexpr expected() = default;
  template <typename G>
  constexpr expected(const unexpected<G>& error) : m_error(error.error()), m_has_error(true) {}
  constexpr bool has_value() const { return !m_has_error; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr const E& error() const& { return m_error; }

 private:
  E m_error{};
  bool m_has_error = false;
};

}  // namespace flakyd
#endif
