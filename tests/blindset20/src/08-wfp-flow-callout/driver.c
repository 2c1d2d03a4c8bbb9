/*++

Copyright (c) Adatum Network Security.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry / Unload and global state of the flow monitor callout
    driver.

Environment:

    Kernel mode.

--*/

#include "flowmon.h"

FM_GLOBALS g_Fm;

static
NTSTATUS
FmInitializeGlobals(
    _Out_ PFM_GLOBALS Globals
    );

static
VOID
FmReadPolicy(
    _Inout_ PFM_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    );

static
VOID
FmTeardown(
    _Inout_ PFM_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, FmInitializeGlobals)
#pragma alloc_text(INIT, FmReadPolicy)
#pragma alloc_text(PAGE, FmTeardown)
#pragma alloc_text(PAGE, FmUnload)
#endif


static
NTSTATUS
FmInitializeGlobals(
    _Out_ PFM_GLOBALS Globals
    )
{
    RtlZeroMemory(Globals, sizeof(*Globals));

    KeInitializeSpinLock(&Globals->RingLock);

    Globals->Ring = (PFM_FLOW_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                     sizeof(FM_FLOW_RECORD) * FM_RING_ENTRIES,
                                                     FM_TAG_RING);
    if (Globals->Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    return STATUS_SUCCESS;
}


static
VOID
FmReadPolicy(
    _Inout_ PFM_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Loads the blocked remote port list (REG_BINARY array of USHORT,
    value "BlockedRemotePorts" under the service key).  Absent or
    malformed data means nothing is blocked.

--*/
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key = NULL;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedRemotePorts");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + FM_MAX_BLOCKED_PORTS * sizeof(UINT16)];
    PKEY_VALUE_PARTIAL_INFORMATION value = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    PAGED_CODE();

    InitializeObjectAttributes(&attributes,
                               RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL,
                               NULL);

    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &attributes);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = ZwQueryValueKey(key,
                             &valueName,
                             KeyValuePartialInformation,
                             value,
                             sizeof(buffer),
                             &resultLength);

    if (NT_SUCCESS(status) &&
        value->Type == REG_BINARY &&
        value->DataLength % sizeof(UINT16) == 0) {

        Globals->BlockedPortCount = value->DataLength / sizeof(UINT16);
        RtlCopyMemory(Globals->BlockedPorts, value->Data, value->DataLength);
    }

    (VOID)ZwClose(key);

    FM_TRACE("%lu blocked remote ports", Globals->BlockedPortCount);
}


static
VOID
FmTeardown(
    _Inout_ PFM_GLOBALS Globals
    )
/*++

Routine Description:

    Shared by the DriverEntry failure path and FmUnload.

--*/
{
    PAGED_CODE();

    FmUnregisterAll(Globals);

    if (Globals->DeviceObject != NULL) {
        IoDeleteDevice(Globals->DeviceObject);
        Globals->DeviceObject = NULL;
    }

    if (Globals->Ring != NULL) {
        ExFreePoolWithTag(Globals->Ring, FM_TAG_RING);
        Globals->Ring = NULL;
    }
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Creates the device object the runtime callouts are registered
    against, opens a dynamic session to the filter engine, and registers
    every callout in FmCalloutTable together with its filter.

--*/
{
    NTSTATUS status;

    FM_TRACE("DriverEntry %wZ", RegistryPath);

    FM_CHECK(FmInitializeGlobals(&g_Fm));

    FmReadPolicy(&g_Fm, RegistryPath);

    //
    // Unnamed: it is never opened, it only identifies this driver to
    // the filter engine.
    //
    FM_CHECK(IoCreateDevice(DriverObject,
                            0,
                            NULL,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Fm.DeviceObject));

    FM_CHECK(FmOpenEngine(&g_Fm));

    FM_CHECK(FmRegisterCalloutsAndFilters(&g_Fm));

    DriverObject->DriverUnload = FmUnload;

    FM_TRACE("%lu callouts registered", g_Fm.RegisteredCallouts);

Exit:

    if (!NT_SUCCESS(status)) {
        FmTeardown(&g_Fm);
    }

    return status;
}


_Use_decl_annotations_
VOID
FmUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    FM_TRACE("unload: %I64d connects, %I64d blocked, %I64d flows",
             g_Fm.Stats.ConnectsSeen,
             g_Fm.Stats.ConnectsBlocked,
             g_Fm.Stats.FlowsLogged);

    FmTeardown(&g_Fm);
}
