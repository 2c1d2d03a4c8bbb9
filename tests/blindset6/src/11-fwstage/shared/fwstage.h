#pragma once

#include <ntddk.h>
#include <wdmguid.h>

#define FWS_TAG               'gtSF'
#define FWS_DEVICE_NAME       L"\\Device\\FwStage"
#define FWS_LINK_NAME         L"\\??\\FwStage"
#define FWS_FILTER_CTL_NAME   L"\\Device\\FwStageAudit"
#define FWS_MAX_IMAGE         (4 * 1024 * 1024)

// {b7d0e4a2-1c55-4f0b-9e6a-3f2d81c07e15}
DEFINE_GUID(GUID_DEVINTERFACE_FWSTAGE_TARGET,
    0xb7d0e4a2, 0x1c55, 0x4f0b, 0x9e, 0x6a, 0x3f, 0x2d, 0x81, 0xc0, 0x7e, 0x15);

#define IOCTL_FWS_WRITE_CHUNK  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)
#define IOCTL_FWS_COMMIT       CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FWS_AUDIT_COUNT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB10, METHOD_BUFFERED, FILE_READ_ACCESS)

NTSTATUS
FwsQueryRegistryDword(
    _In_ PUNICODE_STRING RegistryPath,
    _In_ PCWSTR Name,
    _In_ ULONG Default,
    _Out_ PULONG Value
    );
