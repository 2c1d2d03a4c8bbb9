// shutguard.h
//
// Records every orderly shutdown in the service's Parameters key:
//   LastShutdown    REG_QWORD   KeQuerySystemTime at IRP_MJ_SHUTDOWN
//   CleanShutdowns  REG_DWORD   incremented each time
// The values from the previous boot are read at load and handed to the
// health-check tool through IOCTL_SHUTGUARD_QUERY.  If LastShutdown is
// older than the boot time, the last shutdown was not clean.
//
#pragma once

extern "C" {
#include <ntddk.h>
}

#define SG_TAG              'drGS'
#define SG_NT_NAME          L"\\Device\\ShutGuard"
#define SG_DOS_NAME         L"\\DosDevices\\ShutGuard"
#define SG_PARAMS_SUFFIX    L"\\Parameters"
#define SG_VAL_LAST         L"LastShutdown"
#define SG_VAL_COUNT        L"CleanShutdowns"

#define FILE_DEVICE_SHUTGUARD   0x8F03
#define IOCTL_SHUTGUARD_QUERY   CTL_CODE(FILE_DEVICE_SHUTGUARD, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SGLOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "shutguard: " fmt "\n", __VA_ARGS__)
#define SGERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "shutguard: " fmt "\n", __VA_ARGS__)

#define RETURN_IF_FAILED(expr, what)                                   \
    do {                                                               \
        NTSTATUS _st = (expr);                                         \
        if (!NT_SUCCESS(_st)) { SGERR("%s: 0x%08X", what, _st); return _st; } \
    } while (0)

struct SG_QUERY_OUT {
    LARGE_INTEGER PreviousShutdown;   // 0 if never recorded
    ULONG         CleanShutdowns;
    LARGE_INTEGER LoadTime;
};

namespace sg {

class Guard {
public:
    static NTSTATUS Init(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath);
    static void     Teardown();

    static DRIVER_DISPATCH CreateClose;
    static DRIVER_DISPATCH DeviceControl;
    static DRIVER_DISPATCH Shutdown;

private:
    static NTSTATUS SavePath(PCUNICODE_STRING RegistryPath);
    static void     LoadState();
    static NTSTATUS StoreState();

    static PDEVICE_OBJECT s_Device;
    static UNICODE_STRING s_ParamsPath;       // our own copy, freed in Teardown
    static BOOLEAN        s_LinkCreated;
    static BOOLEAN        s_ShutdownRegistered;
    static LARGE_INTEGER  s_Previous;
    static ULONG          s_Count;
    static LARGE_INTEGER  s_LoadTime;
};

// registry.cpp
NTSTATUS OpenKey(PCUNICODE_STRING Path, ACCESS_MASK Access, PHANDLE Key);
NTSTATUS ReadQword(HANDLE Key, PCWSTR Name, PLARGE_INTEGER Value);
NTSTATUS ReadDword(HANDLE Key, PCWSTR Name, PULONG Value);

} // namespace sg
