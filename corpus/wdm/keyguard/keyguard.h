/*
 * keyguard.h - "keyguard", a C++ WDM driver that blocks the images its
 * service key names: the policy object and the routines of its two files.
 */

#pragma once

#include <ntddk.h>

class KgPolicy {
public:
    void Load(_In_ PCUNICODE_STRING ServiceKey);
    ULONG Count() const { return m_Count; }

private:
    ULONG m_Count;
};

extern KgPolicy g_KgPolicy;
extern PDEVICE_OBJECT g_KgDevice;
