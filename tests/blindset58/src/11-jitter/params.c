/*
 * params.c
 */
#include "jitter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, JtReadParameters)
#endif

static ULONG
JtClamp(ULONG v, ULONG lo, ULONG hi)
{
    return (v < lo) ? lo : (v > hi) ? hi : v;
}

VOID
JtReadParameters(PUNICODE_STRING RegistryPath, PULONG PeriodMs, PULONG ThresholdUs)
{
    OBJECT_ATTRIBUTES        oa;
    HANDLE                   svcKey = NULL;
    HANDLE                   parKey = NULL;
    UNICODE_STRING           parName = RTL_CONSTANT_STRING(L"Parameters");
    RTL_QUERY_REGISTRY_TABLE qt[3];
    ULONG                    period = JT_DEF_PERIOD_MS, defPeriod = JT_DEF_PERIOD_MS;
    ULONG                    thresh = JT_DEF_THRESH_US, defThresh = JT_DEF_THRESH_US;
    NTSTATUS                 status;

    *PeriodMs    = JT_DEF_PERIOD_MS;
    *ThresholdUs = JT_DEF_THRESH_US;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&svcKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        JT_ERR("service key 0x%08X, defaults\n", status);
        return;
    }

    InitializeObjectAttributes(&oa, &parName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, svcKey, NULL);
    status = ZwOpenKey(&parKey, KEY_READ, &oa);
    ZwClose(svcKey);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlZeroMemory(qt, sizeof(qt));

    qt[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name          = L"PeriodMs";
    qt[0].EntryContext  = &period;
    qt[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData   = &defPeriod;
    qt[0].DefaultLength = sizeof(ULONG);

    qt[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[1].Name          = L"ThresholdUs";
    qt[1].EntryContext  = &thresh;
    qt[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[1].DefaultData   = &defThresh;
    qt[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)parKey, qt, NULL, NULL);
    ZwClose(parKey);

    if (NT_SUCCESS(status)) {
        *PeriodMs    = JtClamp(period, 1, JT_MAX_PERIOD_MS);
        *ThresholdUs = JtClamp(thresh, 100, 1000 * 1000);
    } else {
        JT_ERR("RtlQueryRegistryValues 0x%08X, defaults\n", status);
    }
}
