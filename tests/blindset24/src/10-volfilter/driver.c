/*++

Module Name:

    driver.c

Abstract:

    Driver initialization and unload for the volume traffic filter.

Environment:

    Kernel mode only.

--*/

#include "volflt.h"

VF_GLOBALS VfGlobals;

static NTSTATUS VfCopyRegistryPath(_In_ PCUNICODE_STRING Source, _Out_ PUNICODE_STRING Copy);
static VOID VfReadTunables(_Inout_ PVF_GLOBALS Globals);
static NTSTATUS VfRegisterPowerCallback(_Inout_ PVF_GLOBALS Globals);
static VOID VfTeardown(_Inout_ PVF_GLOBALS Globals);
static CALLBACK_FUNCTION VfPowerStateCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VfCopyRegistryPath)
#pragma alloc_text(INIT, VfReadTunables)
#pragma alloc_text(INIT, VfRegisterPowerCallback)
#pragma alloc_text(PAGE, VfTeardown)
#pragma alloc_text(PAGE, VfUnload)
#endif

static NTSTATUS
VfCopyRegistryPath(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Copy
    )
{
    USHORT bytes = Source->Length + sizeof(UNICODE_NULL);

    Copy->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, bytes, VF_TAG_GLOBAL);
    if (Copy->Buffer == NULL) {
        Copy->Length = Copy->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Copy->Length = 0;
    Copy->MaximumLength = bytes;
    RtlCopyUnicodeString(Copy, Source);     // buffer is zeroed: stays NUL-terminated

    return STATUS_SUCCESS;
}

static VOID
VfReadTunables(
    _Inout_ PVF_GLOBALS Globals
    )
/*++

    TraceLevel under <service>\Parameters; optional.  Uses the private copy
    of the registry path, which is NUL-terminated.

--*/
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG traceLevel = 0;
    ULONG defaultLevel = 0;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"TraceLevel";
    table[1].EntryContext = &traceLevel;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultLevel;
    table[1].DefaultLength = sizeof(ULONG);

    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                          Globals->RegistryPath.Buffer, table, NULL, NULL))) {
        Globals->TraceLevel = traceLevel;
    }
}

static VOID
VfPowerStateCallback(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
/*++

    \Callback\PowerState notification.  Argument2 == 0 with
    PO_CB_SYSTEM_STATE_LOCK means the system is about to leave S0.

--*/
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if ((ULONG_PTR)Argument1 == PO_CB_SYSTEM_STATE_LOCK && Argument2 == NULL) {
        VfLogAllVolumes("system leaving S0");
    }
}

static NTSTATUS
VfRegisterPowerCallback(
    _Inout_ PVF_GLOBALS Globals
    )
/*++

    Two-step registration: ExCreateCallback returns a referenced callback
    object, ExRegisterCallback a registration handle.  Each step has its own
    init flag so teardown can undo exactly what was done.

--*/
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ExCreateCallback(&Globals->PowerStateObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        Globals->PowerStateObject = NULL;
        return status;
    }
    SetFlag(Globals->InitFlags, VF_INIT_POWER_OBJECT);

    Globals->PowerCallbackHandle = ExRegisterCallback(Globals->PowerStateObject,
                                                      VfPowerStateCallback,
                                                      Globals);
    if (Globals->PowerCallbackHandle == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    SetFlag(Globals->InitFlags, VF_INIT_POWER_CALLBACK);

    return STATUS_SUCCESS;
}

static VOID
VfTeardown(
    _Inout_ PVF_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (FlagOn(Globals->InitFlags, VF_INIT_POWER_CALLBACK)) {
        //
        // Returns only after any running invocation of the callback has
        // finished.
        //
        ExUnregisterCallback(Globals->PowerCallbackHandle);
        Globals->PowerCallbackHandle = NULL;
        ClearFlag(Globals->InitFlags, VF_INIT_POWER_CALLBACK);
    }

    if (FlagOn(Globals->InitFlags, VF_INIT_POWER_OBJECT)) {
        ObDereferenceObject(Globals->PowerStateObject);
        Globals->PowerStateObject = NULL;
        ClearFlag(Globals->InitFlags, VF_INIT_POWER_OBJECT);
    }

    if (FlagOn(Globals->InitFlags, VF_INIT_LOOKASIDE)) {
        ExDeleteNPagedLookasideList(&Globals->IoContextLookaside);
        ClearFlag(Globals->InitFlags, VF_INIT_LOOKASIDE);
    }

    if (FlagOn(Globals->InitFlags, VF_INIT_RESOURCE)) {
        ExDeleteResourceLite(&Globals->FilterListLock);
        ClearFlag(Globals->InitFlags, VF_INIT_RESOURCE);
    }

    if (FlagOn(Globals->InitFlags, VF_INIT_REGPATH)) {
        ExFreePoolWithTag(Globals->RegistryPath.Buffer, VF_TAG_GLOBAL);
        RtlZeroMemory(&Globals->RegistryPath, sizeof(UNICODE_STRING));
        ClearFlag(Globals->InitFlags, VF_INIT_REGPATH);
    }

    NT_ASSERT(Globals->InitFlags == 0);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    PVF_GLOBALS globals = &VfGlobals;
    ULONG i;

    RtlZeroMemory(globals, sizeof(*globals));
    globals->DriverObject = DriverObject;
    InitializeListHead(&globals->FilterList);

    __try {

        status = VfCopyRegistryPath(RegistryPath, &globals->RegistryPath);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        SetFlag(globals->InitFlags, VF_INIT_REGPATH);

        VfReadTunables(globals);

        status = ExInitializeResourceLite(&globals->FilterListLock);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        SetFlag(globals->InitFlags, VF_INIT_RESOURCE);

        ExInitializeNPagedLookasideList(&globals->IoContextLookaside,
                                        NULL,
                                        NULL,
                                        POOL_NX_ALLOCATION,
                                        sizeof(VF_IO_CONTEXT),
                                        VF_TAG_IOCTX,
                                        0);
        SetFlag(globals->InitFlags, VF_INIT_LOOKASIDE);

        status = VfRegisterPowerCallback(globals);
        if (!NT_SUCCESS(status)) {
            VF_TRACE(0, "power callback registration failed 0x%08X", status);
            __leave;
        }

        for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
            DriverObject->MajorFunction[i] = VfDispatchPassThrough;
        }

        DriverObject->MajorFunction[IRP_MJ_READ]           = VfDispatchReadWrite;
        DriverObject->MajorFunction[IRP_MJ_WRITE]          = VfDispatchReadWrite;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VfDispatchDeviceControl;
        DriverObject->MajorFunction[IRP_MJ_PNP]            = VfDispatchPnp;
        DriverObject->MajorFunction[IRP_MJ_POWER]          = VfDispatchPower;

        DriverObject->DriverExtension->AddDevice = VfAddDevice;
        DriverObject->DriverUnload = VfUnload;

        status = STATUS_SUCCESS;

    } __finally {

        if (!NT_SUCCESS(status)) {
            VfTeardown(globals);
        }
    }

    return status;
}

VOID
VfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
/*++

    The PnP manager only unloads a filter after every filter DO it created
    has been removed, so there is no device left and no I/O in flight.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NT_ASSERT(IsListEmpty(&VfGlobals.FilterList));

    VfTeardown(&VfGlobals);
}
