//
// driver.cpp - DriverEntry / unload
//
#include "ses.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

// The address of this object identifies our driver object extension
// (classpnp uses its own key for CLASS_DRIVER_EXTENSION).
static const UCHAR g_SesContextKey = 0;

SES_DRIVER_CONTEXT* SesGetDriverContext(_In_ PDRIVER_OBJECT DriverObject)
{
    return static_cast<SES_DRIVER_CONTEXT*>(
        IoGetDriverObjectExtension(DriverObject, const_cast<UCHAR*>(&g_SesContextKey)));
}

static NTSTATUS
SesCopyRegistryPath(_Out_ PUNICODE_STRING Dest, _In_ PCUNICODE_STRING Source)
{
    // zero-filled allocation keeps the copy NUL terminated for RtlQueryRegistryValues
    Dest->Length = 0;
    Dest->MaximumLength = Source->Length + sizeof(WCHAR);
    Dest->Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Dest->MaximumLength, SES_TAG));
    if (Dest->Buffer == nullptr) {
        Dest->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(Dest, Source);
    return STATUS_SUCCESS;
}

static VOID
SesFreeRegistryPath(_Inout_ SES_DRIVER_CONTEXT* Context)
{
    if (Context->RegistryPath.Buffer != nullptr) {
        ExFreePoolWithTag(Context->RegistryPath.Buffer, SES_TAG);
        Context->RegistryPath.Buffer = nullptr;
        Context->RegistryPath.Length = Context->RegistryPath.MaximumLength = 0;
    }
}

static VOID
SesReadParameters(_Inout_ SES_DRIVER_CONTEXT* Context)
{
    RTL_QUERY_REGISTRY_TABLE table[3] = {};
    ULONG refresh = SES_DEFAULT_REFRESH_SECONDS;
    ULONG defaultRefresh = SES_DEFAULT_REFRESH_SECONDS;

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = const_cast<PWSTR>(L"Parameters");

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = const_cast<PWSTR>(L"RefreshSeconds");
    table[1].EntryContext = &refresh;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultRefresh;
    table[1].DefaultLength = sizeof(ULONG);

    // a missing key is fine, the defaults stay in place
    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, Context->RegistryPath.Buffer,
                                          table, nullptr, nullptr)) && refresh != 0) {
        Context->RefreshSeconds = refresh;
    } else {
        Context->RefreshSeconds = SES_DEFAULT_REFRESH_SECONDS;
    }
}

static VOID
SesUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    SES_DRIVER_CONTEXT* context = SesGetDriverContext(DriverObject);
    if (context != nullptr) {
        SesFreeRegistryPath(context);
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    SES_DRIVER_CONTEXT* context = nullptr;
    NTSTATUS status;

    // 1. driver object extension + private copy of the registry path
    status = IoAllocateDriverObjectExtension(DriverObject,
                                             const_cast<UCHAR*>(&g_SesContextKey),
                                             sizeof(SES_DRIVER_CONTEXT),
                                             reinterpret_cast<PVOID*>(&context));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(context, sizeof(*context));

    status = SesCopyRegistryPath(&context->RegistryPath, RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;      // the extension itself is freed with the driver object
    }

    SesReadParameters(context);

    // 2. entry points; ClassInitialize fills in the dispatch table and DriverUnload
    CLASS_INIT_DATA init = {};
    init.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    init.FdoData.DeviceExtensionSize        = SesDevice::ExtensionSize();
    init.FdoData.DeviceType                 = FILE_DEVICE_MASS_STORAGE;
    init.FdoData.DeviceCharacteristics      = FILE_DEVICE_SECURE_OPEN;
    init.FdoData.ClassInitDevice            = SesDevice::InitDevice;
    init.FdoData.ClassStartDevice           = SesDevice::StartDevice;
    init.FdoData.ClassStopDevice            = SesDevice::StopDevice;
    init.FdoData.ClassRemoveDevice          = SesDevice::RemoveDevice;
    init.FdoData.ClassPowerDevice           = ClassMinimalPowerHandler;
    init.FdoData.ClassError                 = SesDevice::ProcessError;
    init.FdoData.ClassReadWriteVerification = SesDevice::ReadWriteVerification;
    init.FdoData.ClassDeviceControl         = SesDevice::DeviceControl;

    init.ClassAddDevice = SesDevice::AddDevice;
    init.ClassUnload    = SesUnload;

    status = static_cast<NTSTATUS>(ClassInitialize(DriverObject, RegistryPath, &init));
    if (!NT_SUCCESS(status)) {
        SesFreeRegistryPath(context);
        return status;
    }

    return STATUS_SUCCESS;
}
