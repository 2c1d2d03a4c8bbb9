/*
 * settings.h - the monitor's settings, read once from its service key.
 */
#pragma once

#include <ntddk.h>

typedef struct _MON_SETTINGS {
    ULONG Monitor;      /* register the process notify routine */
    ULONG Verbose;
} MON_SETTINGS, *PMON_SETTINGS;

extern MON_SETTINGS g_Settings;

NTSTATUS MonLoadSettings(_In_ PUNICODE_STRING RegistryPath, _Out_ PMON_SETTINGS Settings);
