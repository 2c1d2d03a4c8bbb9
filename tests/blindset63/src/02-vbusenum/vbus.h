//
// vbus.h - tiny static-enumeration virtual bus
//
// Exposes N "VBUS\\VirtualWidget" children so the function driver for the
// widgets can be developed without hardware. N comes from
// HKLM\...\Services\vbusenum\Parameters\ChildCount (default 2).
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntstrsafe.h>
#include <initguid.h>

// {d1e7a3c4-58b2-4a6f-8e19-0c4b7f2a9d36}
DEFINE_GUID(GUID_DEVINTERFACE_VBUSENUM,
    0xd1e7a3c4, 0x58b2, 0x4a6f, 0x8e, 0x19, 0x0c, 0x4b, 0x7f, 0x2a, 0x9d, 0x36);

#define VBUS_TAG                'suBV'
#define VBUS_MAX_CHILDREN       8
#define VBUS_DEFAULT_CHILDREN   2

#define VBUS_CHILD_DEVICE_ID    L"VBUS\\VirtualWidget"
#define VBUS_CHILD_HARDWARE_ID  L"VBUS\\VirtualWidget\0"
#define VBUS_CHILD_COMPAT_ID    L"VBUS\\WidgetClass\0"
#define VBUS_CHILD_TEXT_FMT     L"Virtual Widget #%02u"

#define LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[vbus] " fmt "\n", __VA_ARGS__)
#define LOGERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[vbus!] " fmt "\n", __VA_ARGS__)

#define CHECK_STATUS(expr, what)                                \
    do {                                                        \
        status = (expr);                                        \
        if (!NT_SUCCESS(status)) {                              \
            LOGERR("%s failed 0x%08X", what, status);           \
            return status;                                      \
        }                                                       \
    } while (0)

typedef struct _FDO_CONTEXT {
    ULONG   ChildCount;
    ULONG   NextSerial;
} FDO_CONTEXT, *PFDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FDO_CONTEXT, FdoGetContext)

typedef struct _PDO_CONTEXT {
    ULONG   SerialNo;
} PDO_CONTEXT, *PPDO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PDO_CONTEXT, PdoGetContext)

namespace vbus {

class Config {
public:
    static UNICODE_STRING   RegistryPath;
    static ULONG            DefaultChildren;

    static NTSTATUS Load(_Out_ PULONG ChildCount);
};

EVT_WDF_DRIVER_DEVICE_ADD   EvtDeviceAdd;

NTSTATUS CreateStaticChild(_In_ WDFDEVICE Fdo, _In_ ULONG Serial);

} // namespace vbus

extern "C" DRIVER_INITIALIZE DriverEntry;
