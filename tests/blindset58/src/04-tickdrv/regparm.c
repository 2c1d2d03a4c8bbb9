/*
 * regparm.c - read Parameters\PeriodMs (REG_DWORD).
 */
#include "tickdrv.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, TkReadParameters)
#endif

NTSTATUS
TkReadParameters(PUNICODE_STRING RegistryPath, PULONG PeriodMs)
{
    NTSTATUS                  status;
    OBJECT_ATTRIBUTES         oa;
    HANDLE                    serviceKey = NULL;
    HANDLE                    paramKey   = NULL;
    UNICODE_STRING            paramName  = RTL_CONSTANT_STRING(L"Parameters");
    RTL_QUERY_REGISTRY_TABLE  table[2];
    ULONG                     value      = TK_DEFAULT_PERIOD;
    ULONG                     def        = TK_DEFAULT_PERIOD;

    *PeriodMs = TK_DEFAULT_PERIOD;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &paramName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (!NT_SUCCESS(status)) {
        /* no Parameters key is fine, defaults it is */
        return STATUS_SUCCESS;
    }

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"PeriodMs";
    table[0].EntryContext  = &value;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &def;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)paramKey, table, NULL, NULL);
    ZwClose(paramKey);

    if (NT_SUCCESS(status)) {
        if (value < TK_MIN_PERIOD) value = TK_MIN_PERIOD;
        if (value > TK_MAX_PERIOD) value = TK_MAX_PERIOD;
        *PeriodMs = value;
    }
    return status;
}
