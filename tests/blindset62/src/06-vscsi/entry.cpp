//
// entry.cpp - DriverEntry and registry configuration of vscsi
//
#include "vscsi.h"

namespace vscsi {

PUNICODE_STRING Config::s_RegistryPath = nullptr;
ULONG Config::s_Targets = VS_DEFAULT_TARGETS;
ULONG Config::s_DiskMb  = VS_DISK_MB;

ULONG Config::Targets() { return s_Targets; }
ULONG Config::DiskMb()  { return s_DiskMb; }

//
// Reads TargetCount / DiskSizeMB from the service key.  Called from
// FindAdapter so a changed value is picked up on the next adapter start
// without reloading the driver.
//
NTSTATUS Config::Load()
{
    if (s_RegistryPath == nullptr) {
        return STATUS_NOT_FOUND;
    }

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, s_RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    HANDLE key = nullptr;
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto readDword = [key](PCWSTR name, ULONG fallback) -> ULONG {
        UNICODE_STRING valueName;
        RtlInitUnicodeString(&valueName, name);
        UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)] = {};
        auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
        ULONG len = 0;
        NTSTATUS st = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                      info, sizeof(raw), &len);
        if (NT_SUCCESS(st) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            return *reinterpret_cast<PULONG>(info->Data);
        }
        return fallback;
    };

    s_Targets = readDword(L"TargetCount", VS_DEFAULT_TARGETS);
    s_DiskMb  = readDword(L"DiskSizeMB", VS_DISK_MB);
    ZwClose(key);

    if (s_Targets == 0 || s_Targets > VS_MAX_TARGETS) {
        s_Targets = VS_DEFAULT_TARGETS;
    }
    if (s_DiskMb == 0 || s_DiskMb > 1024) {
        s_DiskMb = VS_DISK_MB;
    }

    VS_LOG("%lu targets of %lu MB", s_Targets, s_DiskMb);
    return STATUS_SUCCESS;
}

} // namespace vscsi

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    using vscsi::Miniport;

    VS_LOG("vscsi %s", __DATE__);

    vscsi::Config::s_RegistryPath = RegistryPath;

    VIRTUAL_HW_INITIALIZATION_DATA init;

    init.HwInitializationDataSize   = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType       = Internal;

    init.HwFindAdapter              = Miniport::FindAdapter;
    init.HwInitialize               = Miniport::Initialize;
    init.HwStartIo                  = Miniport::StartIo;
    init.HwInterrupt                = nullptr;
    init.HwResetBus                 = Miniport::ResetBus;
    init.HwAdapterControl           = Miniport::AdapterControl;
    init.HwFreeAdapterResources     = Miniport::FreeResources;
    init.HwProcessServiceRequest    = Miniport::ProcessServiceRequest;
    init.HwCompleteServiceIrp       = Miniport::CompleteServiceIrp;

    init.DeviceExtensionSize        = sizeof(vscsi::AdapterExtension);
    init.SpecificLuExtensionSize    = 0;
    init.SrbExtensionSize           = 0;
    init.NumberOfAccessRanges       = 0;

    init.MapBuffers                 = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.TaggedQueuing              = TRUE;
    init.AutoRequestSense           = TRUE;
    init.MultipleRequestPerLu       = TRUE;

    return StorPortInitialize(DriverObject, RegistryPath,
                              reinterpret_cast<PHW_INITIALIZATION_DATA>(&init), nullptr);
}
