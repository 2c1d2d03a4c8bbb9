//
// steps.c - one init/teardown pair per driver-wide resource.
// driver.c runs them from a table, in order, and undoes them in reverse.
//
#include "sentinel.h"

// --- config: NUL-terminated copy of the service key + tunables -------------

NTSTATUS SntConfigInit(VOID)
{
    PCUNICODE_STRING src = g_Snt.RegistryPathAtEntry;
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG maxQueued = SNT_DEFAULT_MAX_QUEUED;

    g_Snt.ServiceKey.MaximumLength = (USHORT)(src->Length + sizeof(WCHAR));
    g_Snt.ServiceKey.Length = 0;
    g_Snt.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                    g_Snt.ServiceKey.MaximumLength,
                                                    SNT_TAG_CONFIG);
    if (g_Snt.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Snt.ServiceKey, src);

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"MaxQueuedRecords";
    table[0].EntryContext = &maxQueued;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Snt.ServiceKey.Buffer,
                                           table, NULL, NULL)) ||
        maxQueued == 0 || maxQueued > 65536) {
        maxQueued = SNT_DEFAULT_MAX_QUEUED;
    }
    g_Snt.MaxQueued = maxQueued;
    return STATUS_SUCCESS;
}

VOID SntConfigTeardown(VOID)
{
    ExFreePoolWithTag(g_Snt.ServiceKey.Buffer, SNT_TAG_CONFIG);
    RtlZeroMemory(&g_Snt.ServiceKey, sizeof(g_Snt.ServiceKey));
}

// --- record pool and queue ---------------------------------------------------

NTSTATUS SntPoolInit(VOID)
{
    ExInitializeNPagedLookasideList(&g_Snt.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(SNT_RECORD), SNT_TAG_RECORD, 0);
    return STATUS_SUCCESS;
}

VOID SntPoolTeardown(VOID)
{
    ExDeleteNPagedLookasideList(&g_Snt.RecordPool);
}

NTSTATUS SntQueueInit(VOID)
{
    KeInitializeSpinLock(&g_Snt.QueueLock);
    InitializeListHead(&g_Snt.Queue);
    g_Snt.QueuedCount = 0;
    g_Snt.Dropped = 0;
    return STATUS_SUCCESS;
}

VOID SntQueueTeardown(VOID)
{
    SntDrainQueue();
}

// --- control device and link ---------------------------------------------------

NTSTATUS SntDeviceInit(VOID)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SNT_DEVICE_NAME);
    NTSTATUS status;

    status = IoCreateDevice(g_Snt.DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Snt.ControlDevice);
    if (NT_SUCCESS(status)) {
        g_Snt.ControlDevice->Flags |= DO_BUFFERED_IO;
    }
    return status;
}

VOID SntDeviceTeardown(VOID)
{
    IoDeleteDevice(g_Snt.ControlDevice);
    g_Snt.ControlDevice = NULL;
}

NTSTATUS SntLinkInit(VOID)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SNT_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SNT_LINK_NAME);

    return IoCreateSymbolicLink(&linkName, &devName);
}

VOID SntLinkTeardown(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SNT_LINK_NAME);

    NT_VERIFY(NT_SUCCESS(IoDeleteSymbolicLink(&linkName)));
}

// --- callbacks ---------------------------------------------------------------

NTSTATUS SntProcessNotifyInit(VOID)
{
    return PsSetCreateProcessNotifyRoutineEx(SntProcessNotify, FALSE);
}

VOID SntProcessNotifyTeardown(VOID)
{
    NT_VERIFY(NT_SUCCESS(PsSetCreateProcessNotifyRoutineEx(SntProcessNotify, TRUE)));
}

NTSTATUS SntImageNotifyInit(VOID)
{
    return PsSetLoadImageNotifyRoutine(SntImageNotify);
}

VOID SntImageNotifyTeardown(VOID)
{
    NT_VERIFY(NT_SUCCESS(PsRemoveLoadImageNotifyRoutine(SntImageNotify)));
}

NTSTATUS SntRegistryInit(VOID)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(SNT_ALTITUDE);

    return CmRegisterCallbackEx(SntRegistryCallback, &altitude, g_Snt.DriverObject,
                                NULL, &g_Snt.RegistryCookie, NULL);
}

VOID SntRegistryTeardown(VOID)
{
    NT_VERIFY(NT_SUCCESS(CmUnRegisterCallback(g_Snt.RegistryCookie)));
}
