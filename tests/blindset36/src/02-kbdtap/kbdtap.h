//
// kbdtap.h - keyboard upper filter with a sideband control device
//
// One WDFDEVICE per keyboard stack we sit on, plus a single named
// control device (\Device\KbdTap) that user mode opens to read the
// keystroke counter. The control device is shared by all filter
// instances and lives as long as at least one keyboard is present.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ntddkbd.h>
}

#define KBDTAP_TAG              'paTK'
#define KBDTAP_NTNAME           L"\\Device\\KbdTap"
#define KBDTAP_DOSNAME          L"\\DosDevices\\KbdTap"

#define IOCTL_KBDTAP_GET_COUNT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBDTAP_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define TAPLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbdtap: " fmt "\n", __VA_ARGS__)
#else
#define TAPLOG(fmt, ...) ((void)0)
#endif

namespace kbdtap {

struct FILTER_CONTEXT {
    WDFDEVICE   Self;
    ULONG       Index;          // position at the time we were added
    LONG        Requests;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_CONTEXT, FilterGetContext)

struct Globals {
    static WDFCOLLECTION    FilterDevices;
    static WDFWAITLOCK      FilterLock;
    static volatile LONG    KeyCount;
};

class ControlDevice {
public:
    static NTSTATUS Create(_In_ WDFDRIVER Driver);
    static void     Destroy();
    static bool     Exists() { return s_Device != nullptr; }

private:
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    static WDFDEVICE s_Device;
};

EVT_WDF_DRIVER_DEVICE_ADD           EvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD               EvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      EvtFilterCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtIoInternalDeviceControl;

} // namespace kbdtap

extern "C" DRIVER_INITIALIZE DriverEntry;
