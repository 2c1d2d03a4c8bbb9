#pragma once
//
// Transform.h - what MouFilter does to each MOUSE_INPUT_DATA packet.
//
#include <ntddk.h>
#include <ntddmou.h>

namespace mf {

enum class Transform : ULONG {
    None        = 0,
    SwapButtons = 0x1,
    InvertX     = 0x2,
    InvertY     = 0x4,
};
DEFINE_ENUM_FLAG_OPERATORS(Transform)

constexpr bool Has(Transform set, Transform bit) { return (set & bit) == bit; }

// Swap the bits of two button flags in a flag word.
template <typename T>
constexpr T SwapFlags(T value, T a, T b)
{
    const bool hasA = (value & a) != 0;
    const bool hasB = (value & b) != 0;
    value = static_cast<T>(value & ~(a | b));
    if (hasA) value = static_cast<T>(value | b);
    if (hasB) value = static_cast<T>(value | a);
    return value;
}

static_assert(SwapFlags<USHORT>(MOUSE_LEFT_BUTTON_DOWN, MOUSE_LEFT_BUTTON_DOWN, MOUSE_RIGHT_BUTTON_DOWN)
              == MOUSE_RIGHT_BUTTON_DOWN, "swap");

inline void Apply(Transform t, MOUSE_INPUT_DATA& packet)
{
    if (Has(t, Transform::SwapButtons)) {
        packet.ButtonFlags = SwapFlags<USHORT>(packet.ButtonFlags, MOUSE_LEFT_BUTTON_DOWN, MOUSE_RIGHT_BUTTON_DOWN);
        packet.ButtonFlags = SwapFlags<USHORT>(packet.ButtonFlags, MOUSE_LEFT_BUTTON_UP, MOUSE_RIGHT_BUTTON_UP);
    }
    // relative motion only; absolute packets are left alone
    if (!(packet.Flags & MOUSE_MOVE_ABSOLUTE)) {
        if (Has(t, Transform::InvertX)) packet.LastX = -packet.LastX;
        if (Has(t, Transform::InvertY)) packet.LastY = -packet.LastY;
    }
}

} // namespace mf
