/*
 * tick.c - DPC, work item and timer helpers
 */
#include "timerdemo.h"

VOID
TdArmTimer(_In_ ULONG PeriodMs)
{
    LARGE_INTEGER due;

    if (PeriodMs < TD_MIN_PERIOD) {
        PeriodMs = TD_MIN_PERIOD;
    }
    g_Td.Stats.PeriodMs = PeriodMs;

    /* relative due time in 100ns units, then every PeriodMs */
    due.QuadPart = -(LONGLONG)PeriodMs * 10 * 1000;
    KeSetTimerEx(&g_Td.Timer, due, (LONG)PeriodMs, &g_Td.Dpc);
}

VOID
TdTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    TD_GLOBALS *g = (TD_GLOBALS *)DeferredContext;
    ULONG ticks;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    ticks = (ULONG)InterlockedIncrement((volatile LONG *)&g->Stats.Ticks);

    if ((ticks % TD_WORK_EVERY) != 0 || g->WorkItem == NULL) {
        return;
    }

    /* only one work item in flight */
    if (InterlockedCompareExchange(&g->WorkQueued, 1, 0) == 0) {
        KeClearEvent(&g->WorkIdle);
        IoQueueWorkItem(g->WorkItem, TdWorkRoutine, DelayedWorkQueue, g);
    }
}

VOID
TdWorkRoutine(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context)
{
    TD_GLOBALS *g = (TD_GLOBALS *)Context;
    ULONGLONG uptime;

    UNREFERENCED_PARAMETER(DeviceObject);

    /* PASSIVE_LEVEL here, so this could touch files, registry, ... */
    uptime = KeQueryInterruptTime() / (10 * 1000);
    g->Stats.LastUptime = uptime;
    InterlockedIncrement((volatile LONG *)&g->Stats.WorkRuns);
    TD_LOG("tick %lu, uptime %llu ms", g->Stats.Ticks, uptime);

    InterlockedExchange(&g->WorkQueued, 0);
    KeSetEvent(&g->WorkIdle, IO_NO_INCREMENT, FALSE);
}

ULONG
TdReadPeriod(_In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"PeriodMs");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG period = TD_DEFAULT_PERIOD;
    ULONG len;
    HANDLE key;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return period;
    }
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                   info, sizeof(buffer), &len)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        period = *(PULONG)info->Data;
    }
    ZwClose(key);
    return period;
}
