/*++

Module Name:

    driver.c

Abstract:

    DriverEntry / DriverUnload of PortWarden.

    Setup order (and the reverse teardown order required for callout
    drivers, see "Unloading a Callout Driver"):

        1. device object            (FwpsCalloutRegister needs one)
        2. runtime callouts         (FwpsCalloutRegister1 x2)
        3. BFE objects              (dynamic session: provider, sublayer,
                                     callouts, filters in one transaction)

    PwTeardown removes the filters (by closing the dynamic session) before
    unregistering the callouts, and deletes the device only after that.

Environment:

    Kernel mode

--*/

#include "wfpmon.h"

PW_GLOBALS PwGlobals;

static
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PwLoadConfig(
    _Inout_ PPW_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    );

static
_IRQL_requires_(PASSIVE_LEVEL)
VOID
PwTeardown(
    _Inout_ PPW_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, PwLoadConfig)
#pragma alloc_text(PAGE, PwDriverUnload)
#pragma alloc_text(PAGE, PwTeardown)
#endif

static
_Use_decl_annotations_
NTSTATUS
PwLoadConfig(
    PPW_GLOBALS Globals,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Reads Parameters\BlockedPorts. All resources used here are released
    before returning; a missing key or value just means "block nothing".

--*/
{
    NTSTATUS status;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedPorts");
    UCHAR buffer[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) +
                 PW_MAX_BLOCKED_PORTS * sizeof(USHORT)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength = 0;
    ULONG count;

    PAGED_CODE();

    Globals->BlockedCount = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        // no Parameters key: nothing configured
        status = STATUS_SUCCESS;
        goto Exit;
    }

    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
        goto Exit;
    }
    if (!NT_SUCCESS(status)) {
        // STATUS_BUFFER_OVERFLOW etc.: more ports than we support
        PW_ERR("BlockedPorts unreadable 0x%08X", status);
        goto Exit;
    }
    if (info->Type != REG_BINARY || (info->DataLength % sizeof(USHORT)) != 0) {
        status = STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    count = info->DataLength / sizeof(USHORT);
    RtlCopyMemory(Globals->BlockedPorts, info->Data, count * sizeof(USHORT));
    Globals->BlockedCount = count;

Exit:
    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    ZwClose(serviceKey);
    return status;
}

static
_Use_decl_annotations_
VOID
PwTeardown(
    PPW_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (FlagOn(Globals->Done, PW_DONE_ENGINE)) {
        PwBfeClose(Globals);
        ClearFlag(Globals->Done, PW_DONE_ENGINE);
    }

    if (FlagOn(Globals->Done, PW_DONE_CALLOUTS)) {
        PwUnregisterCallouts(Globals);
        ClearFlag(Globals->Done, PW_DONE_CALLOUTS);
    }

    if (FlagOn(Globals->Done, PW_DONE_DEVICE)) {
        IoDeleteDevice(Globals->DeviceObject);
        Globals->DeviceObject = NULL;
        ClearFlag(Globals->Done, PW_DONE_DEVICE);
    }
}

_Use_decl_annotations_
VOID
PwDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    PwTeardown(&PwGlobals);

    PW_LOG("unloaded: %I64d connects seen, %I64d blocked",
           PwGlobals.Seen, PwGlobals.Blocked);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;

    RtlZeroMemory(&PwGlobals, sizeof(PwGlobals));

    __try {

        status = PwLoadConfig(&PwGlobals, RegistryPath);
        if (!NT_SUCCESS(status)) {
            PW_ERR("PwLoadConfig 0x%08X", status);
            __leave;
        }

        //
        // Unnamed, exclusive: it only exists to own the callouts.
        //
        status = IoCreateDevice(DriverObject,
                                0,
                                NULL,
                                FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN,
                                TRUE,
                                &PwGlobals.DeviceObject);
        if (!NT_SUCCESS(status)) {
            PW_ERR("IoCreateDevice 0x%08X", status);
            __leave;
        }
        SetFlag(PwGlobals.Done, PW_DONE_DEVICE);

        status = PwRegisterCallouts(&PwGlobals);
        if (!NT_SUCCESS(status)) {
            PW_ERR("PwRegisterCallouts 0x%08X", status);
            __leave;
        }
        SetFlag(PwGlobals.Done, PW_DONE_CALLOUTS);

        status = PwBfeAddObjects(&PwGlobals);
        if (!NT_SUCCESS(status)) {
            PW_ERR("PwBfeAddObjects 0x%08X", status);
            __leave;
        }
        SetFlag(PwGlobals.Done, PW_DONE_ENGINE);

        DriverObject->DriverUnload = PwDriverUnload;

        PW_LOG("loaded, %lu blocked port(s)", PwGlobals.BlockedCount);
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            //
            // DriverUnload is not called when DriverEntry fails, so undo
            // whatever the flags say was done.
            //
            PwTeardown(&PwGlobals);
        }
    }

    return status;
}
