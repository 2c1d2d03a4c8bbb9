//
// kcrypt.h - KMDF disk upper filter that scrambles sector data with a key
// pushed from user mode through a control device (\\.\KCryptCtl).
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ntdddisk.h>
}

#define KCF_TAG             'fCcK'
#define KCF_KEY_LEN         32
#define KCF_CTL_NT_NAME     L"\\Device\\KCryptCtl"
#define KCF_CTL_DOS_NAME    L"\\DosDevices\\KCryptCtl"

#define FILE_DEVICE_KCRYPT      0x8C43
#define IOCTL_KCRYPT_SET_KEY    CTL_CODE(FILE_DEVICE_KCRYPT, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KCRYPT_CLEAR_KEY  CTL_CODE(FILE_DEVICE_KCRYPT, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KCRYPT_QUERY      CTL_CODE(FILE_DEVICE_KCRYPT, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KCF_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "kcrypt: " fmt "\n", __VA_ARGS__)
#define KCF_ERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kcrypt: " fmt "\n", __VA_ARGS__)

namespace kcf {

struct FilterContext {
    WDFIOTARGET Target;
    ULONG       Instance;
    BOOLEAN     Counted;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FilterContext, GetFilterContext)

class KeyStore {
public:
    static NTSTATUS Initialize(_In_ WDFDRIVER Driver);
    static void     Set(_In_reads_bytes_(KCF_KEY_LEN) const UCHAR* Key);
    static void     Clear();
    static bool     Loaded() { return s_Loaded; }
    static void     Apply(_Inout_updates_bytes_(Length) PUCHAR Data, size_t Length, LONGLONG Offset);

private:
    static UCHAR        s_Key[KCF_KEY_LEN];
    static volatile bool s_Loaded;
    static WDFSPINLOCK  s_Lock;
};

class ControlDevice {
public:
    static NTSTATUS Create(_In_ WDFDRIVER Driver);
    static void     Delete();

    static WDFWAITLOCK s_InstanceLock;   // guards s_Instances and s_Device
    static ULONG       s_Instances;

private:
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    static WDFDEVICE   s_Device;
};

EVT_WDF_DRIVER_DEVICE_ADD        EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP   EvtDriverCleanup;

} // namespace kcf
