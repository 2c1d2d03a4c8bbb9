#pragma once
/*
 * klog - tiny logging/registry helper library linked into both drivers
 * (built as kbcommon.lib).
 */
#include <ntddk.h>

VOID KlogInit(_In_z_ PCSTR Component);
VOID KlogPrint(_In_z_ _Printf_format_string_ PCSTR Format, ...);

#define KLOG(...) KlogPrint(__VA_ARGS__)

NTSTATUS KsReadDword(_In_z_ PCWSTR KeyPath, _In_z_ PCWSTR ValueName, _Out_ PULONG Value);
NTSTATUS KsWriteDword(_In_z_ PCWSTR KeyPath, _In_z_ PCWSTR ValueName, _In_ ULONG Value);
