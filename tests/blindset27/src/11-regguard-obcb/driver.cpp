// driver.cpp - DriverEntry / Unload for RegGuard.
#include "regguard.h"
#include "rollback.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RgUnload;

RG_GLOBALS g_Rg;

static const UNICODE_STRING kAltitude = RTL_CONSTANT_STRING(RG_ALTITUDE);

// Pool copy with a terminator, so it can also go to RTL_REGISTRY_ABSOLUTE APIs.
static NTSTATUS RgDuplicateString(_In_ PCUNICODE_STRING Source, _Out_ PUNICODE_STRING Dest)
{
    RtlZeroMemory(Dest, sizeof(*Dest));
    if (Source->Length == 0 || Source->Length > MAXUSHORT - sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    USHORT bytes = Source->Length + sizeof(WCHAR);
    Dest->Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, bytes, RG_TAG_STRING));
    if (Dest->Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Dest->Buffer, Source->Buffer, Source->Length);
    Dest->Buffer[Source->Length / sizeof(WCHAR)] = L'\0';
    Dest->Length = Source->Length;
    Dest->MaximumLength = bytes;
    return STATUS_SUCCESS;
}

static void RgFreeString(_Inout_ PUNICODE_STRING Str)
{
    if (Str->Buffer != nullptr) {
        ExFreePoolWithTag(Str->Buffer, RG_TAG_STRING);
    }
    RtlZeroMemory(Str, sizeof(*Str));
}

// Reads "ProtectedKey" (REG_SZ, required) from the service key.
static NTSTATUS RgLoadProtectedKey()
{
    UNICODE_STRING value = {};                      // Buffer allocated by RTL
    RTL_QUERY_REGISTRY_TABLE table[2] = {};
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED |
                     RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = const_cast<PWSTR>(L"ProtectedKey");
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Rg.ServiceKey.Buffer,
                                             table, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = RgDuplicateString(&value, &g_Rg.ProtectedKey);
    ExFreePool(value.Buffer);
    return status;
}

// Undo steps, shared by the DriverEntry rollback and RgUnload.
static void RgUndoStrings()
{
    RgFreeString(&g_Rg.ProtectedKey);
    RgFreeString(&g_Rg.ServiceKey);
}

static void RgUndoProcessNotify()
{
    NT_VERIFY(NT_SUCCESS(PsSetCreateProcessNotifyRoutineEx(RgProcessNotify, TRUE)));
}

static void RgUndoRegistryCallback()
{
    NT_VERIFY(NT_SUCCESS(CmUnRegisterCallback(g_Rg.CmCookie)));
    g_Rg.CmCookie.QuadPart = 0;
}

static void RgUndoObCallbacks()
{
    ObUnRegisterCallbacks(g_Rg.ObRegistration);
    g_Rg.ObRegistration = nullptr;
}

static NTSTATUS RgRegisterObCallbacks()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = RgObPreCallback;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = kAltitude;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_Rg.ObRegistration);
}

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    InitRollback rollback;

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));

    // 1. configuration
    rollback.Push(RgUndoStrings);
    status = RgDuplicateString(RegistryPath, &g_Rg.ServiceKey);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = RgLoadProtectedKey();
    if (!NT_SUCCESS(status)) {
        KdPrint(("RegGuard: ProtectedKey not configured (0x%08X)\n", status));
        return status;
    }

    // 2. event store (lookaside + list), used by the registry callback
    RgEventStoreInit();
    rollback.Push(RgEventStoreDestroy);

    // 3. control device + symbolic link
    status = RgCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    rollback.Push(RgDeleteControlDevice);

    // 4. callbacks, registered only once everything they touch exists
    status = PsSetCreateProcessNotifyRoutineEx(RgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    rollback.Push(RgUndoProcessNotify);

    status = CmRegisterCallbackEx(RgRegistryCallback, &kAltitude, DriverObject,
                                  nullptr, &g_Rg.CmCookie, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    rollback.Push(RgUndoRegistryCallback);

    status = RgRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    rollback.Push(RgUndoObCallbacks);

    DriverObject->DriverUnload = RgUnload;
    rollback.Commit();

    KdPrint(("RegGuard: protecting %wZ\n", &g_Rg.ProtectedKey));
    return STATUS_SUCCESS;
}

// Reverse of DriverEntry: stop the callbacks, then tear down what they used.
static void RgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    RgUndoObCallbacks();
    RgUndoRegistryCallback();
    RgUndoProcessNotify();
    RgDeleteControlDevice();
    RgEventStoreDestroy();
    RgUndoStrings();
}
