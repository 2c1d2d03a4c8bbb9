// regmon.cpp - registry activity monitor (C++ kernel driver)
//
// CmRegisterCallbackEx pre-notifications for set/delete value and
// create/delete key are queued (up to REGMON_MAX_EVENTS, oldest dropped)
// and drained by RegMonClient.exe with IOCTL_REGMON_READ.
//
// Compile as C++17 with /kernel, no exceptions, no RTTI.

#include "regmon.h"

RegMonState g_State;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegMonUnload;
static DRIVER_DISPATCH RegMonCreateClose;
static DRIVER_DISPATCH RegMonDeviceControl;
static EX_CALLBACK_FUNCTION OnRegistryNotify;

//
// RegMonState
//

void RegMonState::Init()
{
    InitializeListHead(&Events);
    Count = 0;
    Lock.Init();
    ExInitializeNPagedLookasideList(&Lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(RegEventItem), REGMON_TAG, 0);
}

static void CopyName(WCHAR* dst, size_t dstChars, PCUNICODE_STRING src)
{
    if (src == nullptr || src->Buffer == nullptr || dstChars == 0) {
        if (dstChars) dst[0] = L'\0';
        return;
    }
    size_t chars = src->Length / sizeof(WCHAR);
    if (chars >= dstChars) {
        // keep the tail, it's the interesting part of a key path
        size_t skip = chars - (dstChars - 1);
        RtlCopyMemory(dst, src->Buffer + skip, (dstChars - 1) * sizeof(WCHAR));
        dst[dstChars - 1] = L'\0';
    } else {
        RtlCopyMemory(dst, src->Buffer, chars * sizeof(WCHAR));
        dst[chars] = L'\0';
    }
}

void RegMonState::Push(RegEventType type, PCUNICODE_STRING key, PCUNICODE_STRING value)
{
    auto item = static_cast<RegEventItem*>(ExAllocateFromNPagedLookasideList(&Lookaside));
    if (item == nullptr) {
        return;
    }

    item->Data.Type = type;
    item->Data.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTimePrecise(&item->Data.Time);
    CopyName(item->Data.KeyName, ARRAYSIZE(item->Data.KeyName), key);
    CopyName(item->Data.ValueName, ARRAYSIZE(item->Data.ValueName), value);

    RegEventItem* dropped = nullptr;
    {
        AutoLock<FastMutex> guard(Lock);
        if (Count >= REGMON_MAX_EVENTS) {
            auto le = RemoveHeadList(&Events);
            dropped = CONTAINING_RECORD(le, RegEventItem, Link);
            Count--;
        }
        InsertTailList(&Events, &item->Link);
        Count++;
    }

    if (dropped != nullptr) {
        ExFreeToNPagedLookasideList(&Lookaside, dropped);
    }
}

ULONG RegMonState::Pop(RegEventData* out, ULONG max)
{
    ULONG n = 0;
    AutoLock<FastMutex> guard(Lock);

    while (n < max && !IsListEmpty(&Events)) {
        auto le = RemoveHeadList(&Events);
        auto item = CONTAINING_RECORD(le, RegEventItem, Link);
        out[n++] = item->Data;
        Count--;
        ExFreeToNPagedLookasideList(&Lookaside, item);
    }
    return n;
}

void RegMonState::FreeAll()
{
    AutoLock<FastMutex> guard(Lock);
    while (!IsListEmpty(&Events)) {
        auto le = RemoveHeadList(&Events);
        ExFreeToNPagedLookasideList(&Lookaside, CONTAINING_RECORD(le, RegEventItem, Link));
    }
    Count = 0;
}

//
// registry callback
//

static void PushForKey(RegMonState* state, RegEventType type, PVOID keyObject,
                       PCUNICODE_STRING valueName)
{
    PCUNICODE_STRING keyName = nullptr;

    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&state->Cookie, keyObject, nullptr,
                                               &keyName, 0))) {
        state->Push(type, keyName, valueName);
        CmCallbackReleaseKeyObjectIDEx(keyName);
    } else {
        state->Push(type, nullptr, valueName);
    }
}

NTSTATUS OnRegistryNotify(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    auto state = static_cast<RegMonState*>(CallbackContext);
    auto cls = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    // ignore ourselves and the kernel
    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey: {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
        PushForKey(state, RegEventType::SetValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2);
        PushForKey(state, RegEventType::DeleteValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        auto info = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2);
        PushForKey(state, RegEventType::DeleteKey, info->Object, nullptr);
        break;
    }
    case RegNtPreCreateKeyEx: {
        auto info = static_cast<PREG_CREATE_KEY_INFORMATION>(Argument2);
        state->Push(RegEventType::CreateKey, info->CompleteName, nullptr);
        break;
    }
    default:
        break;
    }

    return STATUS_SUCCESS;
}

//
// dispatch
//

NTSTATUS RegMonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RegMonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_REGMON_READ) {
        ULONG max = stack->Parameters.DeviceIoControl.OutputBufferLength / sizeof(RegEventData);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto out = static_cast<RegEventData*>(Irp->AssociatedIrp.SystemBuffer);
            ULONG n = g_State.Pop(out, max);
            info = n * sizeof(RegEventData);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

//
// load / unload
//

void RegMonUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(g_State.Cookie);

    UNICODE_STRING link = RTL_CONSTANT_STRING(REGMON_LINK);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_State.Device);

    g_State.FreeAll();

    KdPrint(("regmon: unloaded\n"));
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING altitude = RTL_CONSTANT_STRING(REGMON_ALTITUDE);
    UNICODE_STRING devName = RTL_CONSTANT_STRING(REGMON_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(REGMON_LINK);

    auto status = CmRegisterCallbackEx(OnRegistryNotify, &altitude, DriverObject,
                                       &g_State, &g_State.Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regmon: CmRegisterCallbackEx 0x%08X\n", status));
        return status;
    }

    g_State.Init();

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
        if (!NT_SUCCESS(status)) {
            KdPrint(("regmon: IoCreateDevice 0x%08X\n", status));
            break;
        }

        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            KdPrint(("regmon: IoCreateSymbolicLink 0x%08X\n", status));
            IoDeleteDevice(g_State.Device);
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        CmUnRegisterCallback(g_State.Cookie);
        g_State.FreeAll();
        ExDeleteNPagedLookasideList(&g_State.Lookaside);
        return status;
    }

    g_State.Device->Flags |= DO_BUFFERED_IO;

    DriverObject->DriverUnload = RegMonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonDeviceControl;

    KdPrint(("regmon: loaded\n"));
    return STATUS_SUCCESS;
}
